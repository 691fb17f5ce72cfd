"""What `gen check` prints: the reviews as text (findings per file, the need → goal → activity
chain, a summary per award criterion) or as JSON, each file in its own language; the lines
about several files in their common language (else the default language, see messages)."""

from __future__ import annotations

from generator.checks import CRITERIA, Review
from generator.messages import Arg, Msg, common_language

LEVELS = ("error", "warning", "info")


def findings_json(reviews: list[Review]) -> list[dict[str, object]]:
    """The JSON of `gen check --format json`: a list of findings. `code` is the stable name of
    the kind of finding (what a program matches on); `message` and `hint` are said in the file's
    `language` (nb, nn or en)."""
    return [
        {
            "file": f.file,
            "level": f.level,
            "code": f.code or "input",
            "path": f.key,
            "line": f.line,
            "message": f.message,
            "hint": f.hint,
            "language": f.language,
        }
        for r in reviews
        for f in r.findings
    ]


def report_text(reviews: list[Review]) -> str:
    """The text of `gen check`: findings per file, the need → goal → activity → outcome chain, and a
    summary per award criterion."""
    out: list[str] = []
    for r in reviews:
        out += _file_report(r)
    lang = common_language(r.language for r in reviews)
    totals = {level: sum(f.level == level for r in reviews for f in r.findings) for level in LEVELS}
    counts = ", ".join(_count(n, level, lang) for level, n in totals.items())
    out.append(Msg("report.files", n=len(reviews), counts=counts).say(lang))
    return "\n".join(out)


def _file_report(r: Review) -> list[str]:
    lang = r.language

    def say(key: str, **args: Arg) -> str:
        return Msg(f"report.{key}", **args).say(lang)

    levels = {level: Msg(f"word.level-{level}").say(lang) for level in LEVELS}
    width = max(len(word) for word in levels.values())  # "warning" in English, 7

    out = [r.file]
    if r.deadline is not None:
        out.append(f"  {say('deadline-line', deadline=r.deadline)}")
    if placeholders := sum(f.code == "leftover" for f in r.findings):
        out.append(f"  {say('placeholders', n=placeholders)}")
    for f in r.findings:
        elsewhere = f"{f.file}:" if f.file != r.file else ""  # e.g. in a --rules file
        out.append(
            f"  {f.line:>4}:{f.col:<3} {levels.get(f.level, f.level):<{width}} "
            f"{f.code or 'input':<28} {elsewhere}{f.key}: {f.message}"
        )
        if f.hint:
            out.append(f"{'':{38 + width}}{Msg('word.hint').say(lang)}: {f.hint}")
    if not r.findings:
        out.append(f"  {say('no-findings')}")
    if r.chain:
        outcomes = any(o for *_, o in r.chain)
        out += ["", f"  {say('chain-outcomes' if outcomes else 'chain')}"]
        for n, g, a, o in r.chain:
            row = say("chain-row", need=n, goal=g, activities=a)
            if outcomes:
                row += say("chain-row-outcomes", outcomes=o)
            out.append(f"    {row}".rstrip())
    if r.criteria:  # none where the file could not be read
        out += ["", f"  {say('criteria')}"]
    for criterion in r.criteria:
        touching = [f for f in r.findings if criterion in CRITERIA.get(f.code, ("quality",))]
        codes = sorted({f.code or "input" for f in touching})
        counts = {level: sum(f.level == level for f in touching) for level in LEVELS}
        state = ", ".join(_count(n, level, lang) for level, n in counts.items() if n) or say(
            "nothing-found"
        )
        name = Msg(f"report.criterion-{criterion}").say(lang)
        out.append(f"    {name:<12} {state}" + (f"  ({', '.join(codes)})" if codes else ""))
    out.append("")
    return out


def _count(n: int, level: str, lang: str) -> str:
    return Msg(f"report.count-{level}", n=n).say(lang)
