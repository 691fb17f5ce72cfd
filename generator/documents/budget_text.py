"""The budget in the project's language: what each line pays for, its source as a reader should
see it, and the table `gen budget` prints. The application's budget section describes its lines
with the same functions, so the two always agree.
"""

from __future__ import annotations

from collections.abc import Mapping

from generator.documents.language import Formatter
from generator.facts.budget import Budget
from generator.facts.lines import Line
from generator.facts.travel import USER
from generator.inputs.project import Project


def confidence_label(line: Line, fmt: Formatter) -> str:
    """P, S or A; a rate the project file sets is "egen sats" / "eigen sats" / "own rate"."""
    return str(fmt.labels["budget"]["own_rate"]) if line.confidence == USER else line.confidence


def activity_names(project: Project) -> dict[str, str]:
    """Each activity's name in a budget line (its title, else its id), by id: looked up once
    per document, not per line (a line per activity made that quadratic)."""
    return {a.id: a.title or a.id for a in project.activities}


def _activity_name(names: Mapping[str, str], activity: str | None, fmt: Formatter) -> str:
    if activity is not None and activity in names:
        return names[activity]
    return str(fmt.labels["budget"]["project_wide"])


def line_details(line: Line, project: Project, fmt: Formatter, names: Mapping[str, str]) -> str:
    """What one line pays for, in the project's language: the route and band, the persons and
    days, the country group. `names`: activity_names(project), made once for all the lines."""
    words = fmt.labels["budget"]
    text = words["lines"]
    if line.category == "travel" and line.route and line.band and line.distance_km is not None:
        out = text["travel"].format(
            start=line.route[0],
            end=line.route[1],
            country=fmt.country(line.country) if line.country else "",
            km=fmt.number(line.distance_km),
            low=fmt.number(line.band[0]),
            high=fmt.number(line.band[1]),
        )
        return str(out + (text["green"] if line.green else ""))
    if line.category == "individual-support" and line.days and line.people is not None:
        first, last = line.days
        key = "support_group" if line.group is not None else "support"
        out = text[key].format(
            who=words["who"][line.who or "staff"],
            in_country=fmt.in_country(line.country) if line.country else "",
            group=line.group,
            people=fmt.plural(line.people, "people"),
            first=first,
            last=last,
        )
        if line.factor is not None:
            out += text["reduced"].format(share=f"{fmt.number(round(line.factor * 100))} %")
        elif line.travel_days:
            out += text["travel_days"].format(
                activity_days=last - line.travel_days, travel_days=line.travel_days
            )
        return str(out)
    if line.category == "organisational-support" and line.people is not None:
        if line.part == "after-100":
            people = fmt.plural(line.people, "participants")
            return str(text["organisational_after"].format(people=people))
        return _activity_name(names, line.activity, fmt)
    if line.category == "course-fees" and line.people is not None and line.days:
        return str(
            text["course"].format(
                people=fmt.plural(line.people, "participants"),
                days=fmt.plural(line.days[1], "days"),
            )
        )
    if line.category == "inclusion-support" and line.people is not None:
        people = fmt.plural(line.people, "participants")
        return f"{_activity_name(names, line.activity, fmt)}: " + str(
            text["inclusion"].format(people=people)
        )
    if line.category == "project-management":
        return str(
            text["management"].format(
                role=fmt.labels["roles"][project.role or "partner"],
                months=fmt.plural(int(line.quantity), "months"),
            )
        )
    if line.category == "exceptional-costs" and line.base is not None and line.factor is not None:
        return str(
            text["exceptional"].format(
                description=line.label,
                share=f"{fmt.number(round(line.factor * 100))} %",
                amount=fmt.money(line.base),
            )
        )
    if line.label is not None:
        return f"{line.label} ({line.organisation})" if line.organisation else line.label
    return _activity_name(names, line.activity, fmt)


def budget_text(budget: Budget, project: Project) -> str:
    """The table of `gen budget`, in the project's language: one row per cost item (the reason
    under a row whose rate is assumed), the total, the cap and the amount requested."""
    fmt = Formatter(project.language)
    words = fmt.labels["budget"]
    head = (
        words["category"],
        words["activity"],
        words["details"],
        words["quantity"],
        words["rate"],
        words["amount"],
        words["confidence"],
    )
    reasons = list(dict.fromkeys(line.why for line in budget.lines if line.confidence == "A"))
    mark = {why: _mark(i) for i, why in enumerate(reasons, 1)}
    names = activity_names(project)
    rows = [
        (
            words["categories"][line.category],
            line.activity or "",
            " ".join(line_details(line, project, fmt, names).split()),  # one line per row
            fmt.plural(_whole(line.quantity), "unit-" + line.unit),
            fmt.number(line.unit_amount),
            fmt.number(line.amount),
            confidence_label(line, fmt) + (mark[line.why] if line.confidence == "A" else ""),
        )
        for line in budget.lines
    ]
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    right = {3, 4, 5}

    def row(cells: tuple[str, ...]) -> str:
        return "  ".join(
            str(c).rjust(w) if i in right else str(c).ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    table = [row(head), *(row(cells) for cells in rows)]
    heading = words["heading_estimate"] if budget.estimate else words["heading"]
    label_width = max(len(words[k]) for k in ("total", "cap", "requested"))
    out = [
        f"{heading}: "
        + words["for_call"].format(project=budget.project, action=budget.action, call=budget.call),
        "",
        *table,
        "",
        f"{words['total']:<{label_width}}  {fmt.number(budget.total):>12}",
    ]
    if budget.cap is not None:
        over = f"   {words['over_cap']}" if budget.over_cap else ""
        out.append(f"{words['cap']:<{label_width}}  {fmt.number(budget.cap):>12}{over}")
    if budget.requested is not None:
        difference = fmt.number(budget.requested - budget.total)
        out.append(
            f"{words['requested']:<{label_width}}  {fmt.number(budget.requested):>12}   "
            f"{words['difference']}: {difference}"
        )
    shares = by_organisation(budget)
    if shares:
        width = max(len(name) for name, _ in shares)
        out += ["", f"{words['by_organisation']}:"]
        out += [f"  {name:<{width}}  {fmt.number(amount):>12}" for name, amount in shares]
    if not budget.lines and budget.total == 0:
        out += ["", words["no_budget"].format(action=budget.action)]
    if budget.estimate:
        out += ["", words["estimate_text"].format(call=budget.call)]
        out += [
            f"{_mark(i)} " + words["why_assumed"].format(source=why)
            for i, why in enumerate(reasons, 1)
        ]
    out += ["", words["confidence_note"]]
    return "\n".join(out)


def by_organisation(budget: Budget) -> list[tuple[str, float]]:
    """A lump sum split by work package, added up per lead organisation (KA220-SCH)."""
    totals: dict[str, float] = {}
    for line in budget.lines:
        if line.organisation:
            totals[line.organisation] = totals.get(line.organisation, 0.0) + line.amount
    return list(totals.items())


def _mark(number: int) -> str:
    """1 → "¹": the footnote that says why a line is assumed."""
    return str(number).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))


def _whole(quantity: float) -> int:
    return int(quantity) if float(quantity).is_integer() else round(quantity)
