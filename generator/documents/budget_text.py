"""A budget as a table for the terminal (`gen budget`): one line per cost item, the total, the
cap and the requested amount, and why it is an estimate."""

from __future__ import annotations

from generator.facts.budget import Budget


def budget_text(budget: Budget) -> str:
    """A table for the terminal: one line per cost item, the total, cap and requested amount."""
    rows = [("category", "activity", "description", "quantity", "unit", "rate", "amount", "conf.")]
    rows += [
        (
            line.category,
            line.activity or "",
            line.description,
            f"{line.quantity:g}",
            line.unit,
            f"{line.unit_amount:,.2f}",
            f"{line.amount:,.2f}",
            line.confidence,
        )
        for line in budget.lines
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    right = {3, 5, 6}
    table = [
        "  ".join(
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(r, widths, strict=True))
        ).rstrip()
        for r in rows
    ]
    kind = "Budget estimate" if budget.estimate else "Budget"
    out = [
        f"{kind}: {budget.project} ({budget.action}, call {budget.call}), EUR",
        "",
        *table,
        "",
        f"Total      {budget.total:>12,.2f}",
    ]
    if budget.cap is not None:
        out.append(
            f"Cap        {budget.cap:>12,.2f}" + ("   OVER THE CAP" if budget.over_cap else "")
        )
    if budget.requested is not None:
        out.append(
            f"Requested  {budget.requested:>12,.2f}   difference {budget.requested - budget.total:+,.2f}"
        )
    if budget.estimate:
        out += [
            "",
            f"Estimate: lines marked A use unit costs assumed in the call {budget.call} rule set "
            f"(generator/data/rules/{budget.call}.yaml);",
            "set the real ones under budget.rates in the project file.",
        ]
    return "\n".join(out)
