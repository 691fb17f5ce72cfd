"""The slides of a partnership's deck (pure): its partners, its work packages (KA220-SCH), and a
budget that is a lump sum: chosen from the call's fixed amounts, not computed, and split over
the work packages and their lead organisations (KA220-SCH) or over the activities (KA210-SCH)."""

from __future__ import annotations

from generator.documents.language import Formatter
from generator.documents.slides.content import CONTENT, NBSP, TWO, Item, Slide, unbroken
from generator.loaded import Loaded


def _money(value: float, fmt: Formatter) -> str:
    """ "EUR 40 000" kept on one line on a slide."""
    return unbroken(fmt.money(value))


def _sentence(text: str) -> str:
    """A user's text on one line, ending in a full stop where it ends in none."""
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else text + "."


def _percent(value: float, fmt: Formatter) -> str:
    number = fmt.number(round(value * 100))
    return f"{number}%" if fmt.lang == "en" else f"{number}{NBSP}%"


def partners_slide(loaded: Loaded, fmt: Formatter) -> Slide | None:
    """The organisations of a partnership, the applicant first: where each is, its role, and the
    work packages it leads; the partners' descriptions in the notes. None without partners."""
    p = loaded.project
    if not p.partners:
        return None
    labels, notes = fmt.labels["deck"]["project"], fmt.labels["deck"]["notes"]
    roles = fmt.labels["roles"]
    rows: list[tuple[str, str | None, str, str, str | None]] = [
        (p.applicant.name, "applicant", p.applicant.city, p.applicant.country, p.role)
    ]
    rows += [(o.name, o.id, o.city, o.country, o.role) for o in p.partners]
    body: list[Item] = []
    for name, ident, city, country, role in rows:
        packages = [wp.id.upper() for wp in p.work_packages if wp.lead == ident]
        values = {"place": f"{city}, {fmt.country(country)}", "role": roles[role or "partner"]}
        line = (
            labels["partner_leads"].format(**values, packages=fmt.listing(packages))
            if packages
            else labels["partner_line"].format(**values)
        )
        body += [Item(name, style="lead"), Item(line, level=1)]
    descriptions = " ".join(
        f"{o.name}: {' '.join(o.description.split())}" for o in p.partners if o.description
    )
    return Slide(
        "partners",
        CONTENT,
        labels["partners"],
        body=tuple(body),
        notes=notes["project_partners"].format(descriptions=descriptions).strip(),
    )


def work_packages_slide(loaded: Loaded, fmt: Formatter) -> Slide | None:
    """A cooperation partnership's work packages: each one's title, lead and share of the lump
    sum; their results in the notes. None without work packages."""
    p = loaded.project
    if not p.work_packages:
        return None
    labels, notes = fmt.labels["deck"]["project"], fmt.labels["deck"]["notes"]
    lump = lump_sum(loaded) or sum(wp.share for wp in p.work_packages)
    body: list[Item] = []
    for wp in p.work_packages:
        line = labels["work_package_line"].format(
            lead=p.organisation_name(wp.lead),
            amount=_money(wp.share, fmt),
            share=_percent(wp.share / lump if lump else 0, fmt),
        )
        body += [Item(f"{wp.id.upper()} {wp.title}", style="lead"), Item(line, level=1)]
    results = " ".join(
        f"{wp.id.upper()}: {' '.join(_sentence(r) for r in wp.results)}" for wp in p.work_packages
    )
    return Slide(
        "work-packages",
        CONTENT,
        labels["work_packages"],
        body=tuple(body),
        notes=notes["project_work_packages"].format(amount=fmt.money(lump), results=results),
    )


def lump_sum(loaded: Loaded) -> float | None:
    """The lump sum the partnership chose, if its budget is one."""
    p, budget = loaded.project, loaded.budget
    if p.budget is None or p.budget.lump_sum is None:
        return None
    if not budget.lines or any(line.category != "lump-sum" for line in budget.lines):
        return None
    return p.budget.lump_sum


def lump_sum_slide(loaded: Loaded, fmt: Formatter, chosen: float) -> Slide:
    """The budget of a lump sum: the amount chosen, and how it is split: over the work packages
    and, beside them, over the organisations that lead them; or over the activities."""
    p, budget = loaded.project, loaded.budget
    labels, notes = fmt.labels["deck"]["project"], fmt.labels["deck"]["notes"]
    packages = any(line.organisation for line in budget.lines)
    heading = labels["lump_sum_packages" if packages else "lump_sum_activities"]
    body = [
        Item(labels["lump_sum"].format(amount=_money(chosen, fmt)), style="lead"),
        Item(heading, style="plain"),
        *(Item(f"{line.label}: {_money(line.amount, fmt)}") for line in budget.lines),
    ]
    if p.budget and p.budget.requested is not None:
        body.append(
            Item(
                labels["budget_requested"].format(amount=_money(p.budget.requested, fmt)),
                style="lead",
            )
        )
    sums = fmt.listing([fmt.money(v) for v in loaded.rules.action(p.action)["lump_sums"].value])
    note = notes["project_lump_sum_packages" if packages else "project_lump_sum_activities"]
    values = {"call": p.call, "action": p.action, "sums": sums, "amount": fmt.money(chosen)}
    if not packages:
        return Slide(
            "budget", CONTENT, labels["budget"], body=tuple(body), notes=note.format(**values)
        )
    totals: dict[str, float] = {}
    for line in budget.lines:
        name = line.organisation or ""
        totals[name] = totals.get(name, 0.0) + line.amount
    right = (
        Item(labels["lump_sum_organisations"], style="lead"),
        *(Item(f"{name}: {_money(amount, fmt)}") for name, amount in totals.items()),
    )
    return Slide(
        "budget",
        TWO,
        labels["budget"],
        body=tuple(body),
        right=right,
        notes=note.format(**values),
    )
