"""What `gen check` prints: the reviews as text (findings per file, the need → goal → activity
chain, a summary per award criterion) or as JSON."""

from __future__ import annotations

from generator.checks import CRITERIA, Review


def findings_json(reviews: list[Review]) -> list[dict[str, object]]:
    """The JSON of `gen check --format json`: a list of findings."""
    return [
        {
            "file": f.file,
            "level": f.level,
            "code": f.code or "input",
            "path": f.key,
            "line": f.line,
            "message": f.message,
            "hint": f.hint,
        }
        for r in reviews
        for f in r.findings
    ]


def report_text(reviews: list[Review]) -> str:
    """The text of `gen check`: findings per file, the need → goal → activity → outcome chain, and a
    summary per award criterion."""
    out: list[str] = []
    for r in reviews:
        out.append(r.file)
        if r.deadline:
            out.append(f"  deadline: {r.deadline}")
        if placeholders := sum(f.code == "leftover" for f in r.findings):
            out.append(
                f"  {placeholders} placeholder{'s' if placeholders != 1 else ''} still to write"
                " (advice on those parts follows when they are written)"
            )
        for f in r.findings:
            elsewhere = f"{f.file}:" if f.file != r.file else ""  # e.g. in a --rules file
            out.append(
                f"  {f.line:>4}:{f.col:<3} {f.level:<7} {f.code or 'input':<28} "
                f"{elsewhere}{f.key}: {f.message}"
            )
            if f.hint:
                out.append(f"{'':45}hint: {f.hint}")
        if not r.findings:
            out.append("  no findings")
        if r.chain:
            outcomes = any(o for *_, o in r.chain)
            head = "need → goal → activities" + (" → learning outcomes" if outcomes else "")
            out += ["", f"  {head} (numbers as listed in the file)"]
            out += [
                (
                    f"    need {n:<6} → goal {g:<3} → activities {a:<10}"
                    + (f" → outcomes {o}" if outcomes else "")
                ).rstrip()
                for n, g, a, o in r.chain
            ]
        out += ["", "  award criteria (guidance, not a predicted score):"]
        for criterion in r.criteria:
            touching = [f for f in r.findings if criterion in CRITERIA.get(f.code, ("quality",))]
            codes = sorted({f.code or "input" for f in touching})
            counts = {
                level: sum(f.level == level for f in touching)
                for level in ("error", "warning", "info")
            }
            state = (
                ", ".join(_count(n, level) for level, n in counts.items() if n) or "nothing found"
            )
            out.append(
                f"    {criterion:<12} {state}" + (f"  ({', '.join(codes)})" if codes else "")
            )
        out.append("")
    totals = {
        level: sum(f.level == level for r in reviews for f in r.findings)
        for level in ("error", "warning", "info")
    }
    out.append(
        f"{len(reviews)} file{'s' if len(reviews) != 1 else ''}: "
        + ", ".join(_count(n, level) for level, n in totals.items())
    )
    return "\n".join(out)


def _count(n: int, level: str) -> str:
    return f"{n} {level}{'s' if n != 1 and level != 'info' else ''}"
