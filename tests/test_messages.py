"""What gen says, in the file's language: the three message catalogues (templates/messages/) agree
on their keys and {placeholders}, every key the code names is in them, and `gen check`, input
errors and the command line speak the language of the file they are about (nb, nn or en), or
GEN_LANGUAGE's (else English) where no file decides. No English sentence is left in a Norwegian
report, and numbers are written the Norwegian way."""

from __future__ import annotations

import ast
import datetime as dt
import re
import string
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.messages import LANGUAGES, Listing, Msg, catalogue, language_in
from tests.conftest import ROOT, write_tree

PACKAGE = ROOT / "generator"
MELHUS = ROOT / "projects" / "melhus.yaml"  # nb
VOSS = ROOT / "projects" / "voss-ka210.yaml"  # nn
ARCTIC = ROOT / "projects" / "arctic-ka220.yaml"  # en
NBSP = "\u00a0"


def run(*args: str | Path, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner(env=env).invoke(cli, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


# --- the catalogues --------------------------------------------------------------------------


def _fields(pattern: str) -> set[tuple[str, str]]:
    """The {placeholders} of a pattern with the kind of their format: (name, kind)."""
    found = set()
    for _, name, spec, _ in string.Formatter().parse(pattern):
        if name is not None:
            found.add((name, _kind(spec or "")))
    return found


def _kind(spec: str) -> str:
    """What a format asks its value to be: a count with two word forms, a date, a number, text."""
    if "|" in spec:
        return "plural"
    if "%" in spec and not spec.endswith("%"):
        return "date"
    if re.fullmatch(r"[<>^]?\d*", spec):
        return "text"
    return "number"


def test_every_key_is_in_all_three_catalogues_with_the_same_placeholders() -> None:
    english = catalogue("en")
    for language in ("nb", "nn"):
        other = catalogue(language)
        assert set(other) == set(english), (
            language,
            sorted(set(english) ^ set(other)),
        )
        for key, pattern in english.items():
            ours, theirs = _fields(pattern), _fields(other[key])
            # The same names, but for a count only a plural needs ("{n:does|do}"); a date or a
            # number in one language is one in the other ("{n:goal|goals}" may be "{n} mål").
            assert {n for n, _ in theirs} <= {n for n, _ in ours}, (language, key)
            said = {n for n, k in ours if k != "plural"}
            assert said == {n for n, k in theirs if k != "plural"}, (language, key)
            typed = {"date", "number"}
            assert {f for f in ours if f[1] in typed} == {f for f in theirs if f[1] in typed}, (
                language,
                key,
            )


def _sample(name: str, kind: str) -> object:
    return {"plural": 2, "date": dt.datetime(2026, 2, 19, 12), "number": 16500.5}.get(kind, name)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_can_be_said(language: str) -> None:
    """Each pattern formats with values of the kinds its placeholders take: no stray brace."""
    for key, pattern in catalogue(language).items():
        args = {name: _sample(name, kind) for name, kind in _fields(pattern)}
        said = Msg(key, **args).say(language)  # type: ignore[arg-type]
        doubled = pattern.count("{{") + pattern.count("}}")
        assert doubled or ("{" not in said and "}" not in said), (language, key, said)


def _code_keys() -> tuple[set[str], set[str], list[str]]:
    """The keys the code names: Msg("key"), said("key") (the entry with .message and .hint), either
    branch of a conditional key, and the regular expressions of keys made with an f-string."""
    msgs: set[str] = set()
    saids: set[str] = set()
    patterns: list[str] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            if name not in ("Msg", "said"):
                continue
            first = node.args[0]
            branches = [first.body, first.orelse] if isinstance(first, ast.IfExp) else [first]
            for branch in branches:
                if isinstance(branch, ast.Constant) and isinstance(branch.value, str):
                    (msgs if name == "Msg" else saids).add(branch.value)
                elif isinstance(branch, ast.JoinedStr):
                    parts = [
                        re.escape(v.value) if isinstance(v, ast.Constant) else ".+"
                        for v in branch.values
                    ]
                    tail = r"\.message" if name == "said" else ""
                    patterns.append("".join(parts) + tail)
    return msgs, saids, patterns


def test_every_key_the_code_names_is_in_the_catalogue() -> None:
    keys = set(catalogue("en"))
    msgs, saids, patterns = _code_keys()
    assert len(msgs) + len(saids) > 150  # the scan found the code's messages
    assert sorted(msgs - keys) == []
    assert sorted(k for k in saids if f"{k}.message" not in keys or f"{k}.hint" not in keys) == []
    dynamic = {p for p in patterns if p != r".+\.message"}  # messages.said itself
    assert sorted(p for p in dynamic if not any(re.fullmatch(p, k) for k in keys)) == []
    # Keys passed on as plain strings (a helper's argument) are in the catalogue too.
    named = re.compile(r"(word|cli|load|validate|ref|file|rule|budget|place|check|report|batch"
                       r"|new|output)\.[a-z0-9_.-]+[a-z0-9]")  # fmt: skip
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.JoinedStr):
                node.values = []  # the pieces of an f-string are patterns, checked above
            elif isinstance(node, ast.Constant) and named.fullmatch(str(node.value)):
                key = str(node.value)
                assert key in keys or f"{key}.message" in keys, (path, key)


def _sentences(language: str, *, unless_in: tuple[str, ...] = ()) -> set[str]:
    """The fixed words of a catalogue (between placeholders) long enough to be a phrase of that
    language, without those the other catalogues share (a path, a key, a code)."""
    shared = " ".join(text for other in unless_in for text in catalogue(other).values())
    found = set()
    for pattern in catalogue(language).values():
        for literal, *_ in string.Formatter().parse(pattern):
            for piece in re.split(r"[()':;\"]", literal):
                piece = piece.strip(" ,.–—-")
                if len(piece) >= 12 and " " in piece and piece not in shared:
                    found.add(piece)
    return found


ENGLISH = _sentences("en", unless_in=("nb", "nn"))
BOKMAAL = _sentences("nb", unless_in=("en", "nn"))


def test_the_phrase_lists_are_real() -> None:
    assert "is served by no activity" in ENGLISH and "award criteria" in ENGLISH
    assert "ingen aktivitet bidrar til målet" in BOKMAAL


# --- gen check in the file's language --------------------------------------------------------


def _with_problems(tmp_path: Path, source: Path, changes: dict[str, str]) -> Path:
    text = source.read_text("utf-8")
    for old, new in changes.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    (tmp_path / "projects").mkdir(exist_ok=True)
    target = tmp_path / "projects" / source.name
    target.write_text(text, "utf-8")
    return target


# melhus.yaml with a need no goal answers and a placeholder left in its title.
MELHUS_FLAWS = {
    "\nneeds:\n": "\nneeds:\n  - id: extra\n    text: Et behov uten mål.\n",
    "grunnleggende ferdigheter\n": "[sett inn tittel]\n",
}


def test_an_nb_projects_check_is_all_norwegian(tmp_path: Path) -> None:
    path = _with_problems(tmp_path, MELHUS, MELHUS_FLAWS)
    code, stdout, stderr = run("check", path, "--strict")
    assert code == 5, stdout + stderr
    for norwegian in (
        "  1 plassholder står igjen (råd om de delene kommer når de er skrevet)",
        "feil     leftover                     title: plassholderen '[sett inn tittel]' står igjen",
        "tips: skriv den ferdige teksten før du sender søknaden",
        "advarsel trace-need-unanswered        needs[0]: ingen av målene svarer på behovet 'extra'",
        "tips: legg id-en til behovet inn under 'needs' i et mål, eller ta behovet ut",
        "  behov → mål → aktiviteter → læringsutbytte (numrene i den rekkefølgen de står i filen)",
        "    behov 2      → mål 1   → aktiviteter 1, 2       → læringsutbytte 1",
        "  tildelingskriterier (veiledning, ikke en forventet poengsum):",
        "    relevans     1 advarsel  (trace-need-unanswered)",
        "    kvalitet     1 feil  (leftover)",
        "    virkning     ingenting funnet",
    ):
        assert norwegian in stdout, (norwegian, stdout)
    assert stdout.rstrip().endswith("\n1 fil: 1 feil, 1 advarsel, 0 merknader")
    _no_english(stdout + stderr)


def test_the_flawed_fixture_says_every_kind_of_finding_in_norwegian() -> None:
    flawed = ROOT / "tests" / "fixtures" / "flawed.yaml"  # nb, with 14 planted flaws
    code, stdout, _ = run("check", flawed)
    assert code == 5
    assert f"over taket på 16{NBSP}500 euro" in stdout  # numbers the Norwegian way
    assert f"har 5{NBSP}394 tegn; grensen er 5{NBSP}000 (antatt grense)" in stdout
    assert "1 plassholder står igjen (råd om de delene kommer når de er skrevet)" in stdout
    assert stdout.rstrip().endswith("1 fil: 2 feil, 11 advarsler, 1 merknad")
    _no_english(stdout)


def _no_english(text: str) -> None:
    left = sorted(phrase for phrase in ENGLISH if phrase in text)
    assert not left, left
    for word in ("hint:", "warning", " error", "no findings", "nothing found", " file:"):
        assert word not in text, word


def test_an_nn_projects_check_is_nynorsk(tmp_path: Path) -> None:
    path = _with_problems(
        tmp_path,
        VOSS,
        {"\nneeds:\n": "\nneeds:\n  - id: ekstra\n    text: Eit behov utan mål.\n"},
    )
    code, stdout, stderr = run("check", path, "--strict")
    assert code == 5, stdout + stderr
    for nynorsk in (
        "  søknadsfrist: 05.03.2026 kl. 12.00 Brussel-tid (frå ei andrehandskjelde: sjekk "
        "utlysinga)",
        "åtvaring trace-need-unanswered",
        "ingen av måla svarar på behovet 'ekstra'",
        "tips: legg id-en til behovet inn under 'needs' i eit mål, eller ta behovet ut",
        "behov → mål → aktivitetar → læringsutbytte (nummera i den rekkjefølgja dei står i fila)",
        "tildelingskriterium (rettleiing, ikkje ein venta poengsum):",
        "    relevans     1 åtvaring  (trace-need-unanswered)",
        "    verknad      ingenting funne",
    ):
        assert nynorsk in stdout, (nynorsk, stdout)
    assert stdout.rstrip().endswith("1 fil: 0 feil, 1 åtvaring, 0 merknader")
    _no_english(stdout + stderr)
    left = sorted(phrase for phrase in BOKMAAL if phrase in stdout)  # nor bokmål
    assert not left, left
    for bokmaal in ("advarsel", "ikke", "tildelingskriterier", "ingenting funnet"):
        assert bokmaal not in stdout, bokmaal


def test_an_en_projects_check_is_english(tmp_path: Path) -> None:
    path = _with_problems(
        tmp_path,
        ARCTIC,
        {"\nneeds:\n": "\nneeds:\n  - id: extra\n    text: A need no goal meets.\n"},
    )
    code, stdout, _ = run("check", path, "--strict")
    assert code == 5
    for english in (
        "  deadline: 2026-03-05, 12:00 Brussels time (a secondary source: check the call)",
        "warning trace-need-unanswered",
        "needs[0]: need 'extra' is answered by no goal",
        "hint: add the need's id to the 'needs' of a goal, or drop the need",
        "award criteria (guidance, not a predicted score):",
    ):
        assert english in stdout, (english, stdout)
    assert stdout.rstrip().endswith("1 file: 0 errors, 1 warning, 0 info")
    norwegian = sorted(phrase for phrase in BOKMAAL if phrase in stdout)
    assert not norwegian and "tips:" not in stdout and "advarsel" not in stdout, norwegian


def test_json_findings_carry_the_code_and_the_files_language(tmp_path: Path) -> None:
    import json

    needs = "\nneeds:\n"
    path = _with_problems(tmp_path, MELHUS, {needs: MELHUS_FLAWS[needs]})
    _, stdout, _ = run("check", path, "--format", "json")
    (finding,) = json.loads(stdout)
    assert finding["code"] == "trace-need-unanswered" and finding["language"] == "nb"
    assert finding["message"] == "ingen av målene svarer på behovet 'extra'"


# --- input errors ----------------------------------------------------------------------------


def test_a_wrong_type_in_an_nb_file_is_said_in_norwegian_at_its_place(tmp_path: Path) -> None:
    text = MELHUS.read_text("utf-8")
    line = text[: text.index("participants: 7")].count("\n") + 1
    col = len(text.splitlines()[line - 1]) - len("7") + 1
    path = write_tree(
        tmp_path, {"melhus.yaml": text.replace("participants: 7", "participants: fire", 1)}
    )
    path = path / "melhus.yaml"
    code, stdout, stderr = run("application", path, "-o", tmp_path / "out")
    assert code == 1 and stdout == ""
    assert stderr.splitlines() == [
        f"{path}:{line}:{col}: activities[0].participants: må være et heltall, men her står det "
        "'fire'",
        "    tips: skriv bare sifre, for eksempel 5",
        f"Feil: 1 problem i {path}; ingenting ble skrevet",
        "  alle nøklene er beskrevet i docs/project-format.md (filformatet til gen)",
    ]
    assert not (tmp_path / "out").exists()


def test_a_yaml_syntax_error_is_said_in_the_language_line_of_the_file(tmp_path: Path) -> None:
    broken = 'format: 1\nlanguage: nn\nid: x\ntitle: "Lesing i alle fag\naction: KA101\n'
    path = write_tree(tmp_path, {"p.yaml": broken}) / "p.yaml"
    assert language_in(broken) == language_in(broken.replace("\n", "\r\n")) == "nn"
    assert language_in("language: 'nb'  # bokmål\n") == "nb" and language_in("title: x") == "en"
    for env in (None, {"GEN_LANGUAGE": "en"}):  # the file decides, not the environment
        code, stdout, stderr = run("application", path, "-o", tmp_path / "o", env=env)
        assert code == 1
        assert "YAML kan ikkje lese dette: eit hermeteikn vert opna, men ikkje lukka" in stderr
        assert "    tips: avslutt teksten med same hermeteikn som han byrjar med" in stderr
        assert stderr.splitlines()[-1] == f"Feil: 1 problem i {path}; ingenting vart skrive"
    code, stdout, _ = run("check", path)
    assert code == 5 and "1 fil: 1 feil, 0 åtvaringar, 0 merknader" in stdout


def test_gen_language_speaks_for_what_belongs_to_no_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, stderr = run("check", empty, env={"GEN_LANGUAGE": "nb"})
    assert code == 2
    assert stderr.startswith(f"Feil: ingen prosjektfiler i {empty}; oppgi prosjektfiler")
    code, _, stderr = run("check", empty, env={"GEN_LANGUAGE": "nn"})
    assert stderr.startswith("Feil: ingen prosjektfiler i") and "vart skrive" in stderr
    for unset in (None, {"GEN_LANGUAGE": "de"}):  # unset or not ours: English
        code, _, stderr = run("check", empty, env=unset)
        assert stderr.startswith(f"Error: no project files in {empty}")
    # A broken file without a language line: GEN_LANGUAGE's language.
    path = write_tree(tmp_path, {"p.yaml": "format: 1\ntitle: [a\n"}) / "p.yaml"
    _, _, stderr = run("application", path, env={"GEN_LANGUAGE": "nb"})
    assert "YAML kan ikke lese dette" in stderr and "ingenting ble skrevet" in stderr
    # A file that says its language keeps it, whatever GEN_LANGUAGE says.
    _, stdout, _ = run("check", ARCTIC, env={"GEN_LANGUAGE": "nb"})
    assert "no findings" in stdout and "ingen funn" not in stdout


def test_a_batch_summary_is_in_gen_language(tmp_path: Path) -> None:
    path = write_tree(tmp_path, {"in/p.yaml": MELHUS.read_text("utf-8")}) / "in"
    args = ("batch", path, "-o", tmp_path / "out", "--application", "md")
    args += ("--handout", "none", "--slides", "none")
    code, _, stderr = run(*args, env={"GEN_LANGUAGE": "nb"})
    assert code == 0, stderr
    assert "] laget      " in stderr
    assert re.search(
        r"^1 laget, 0 uendret \(hoppet over\), 0 feilet av 1 fil på \d+,\d s$", stderr, re.M
    )
    code, _, stderr = run(*args)
    assert re.search(r"^0 built, 1 unchanged \(skipped\), 0 failed of 1 input in ", stderr, re.M)


def test_the_files_written_are_named_in_its_language(tmp_path: Path) -> None:
    code, stdout, _ = run("application", MELHUS, "-f", "md", "-o", tmp_path, "--dry-run")
    assert code == 0 and stdout == f"ville skrevet {tmp_path}/melhus/application.md\n"
    code, stdout, _ = run("application", VOSS, "-f", "md", "-o", tmp_path)
    assert code == 0 and stdout == f"skreiv {tmp_path}/voss-ka210/application.md\n"


# --- numbers and lists -----------------------------------------------------------------------


def test_numbers_are_written_the_norwegian_way_in_nb_and_nn() -> None:
    assert Msg("budget.euros", amount=16500).say("nb") == f"16{NBSP}500 euro"
    assert Msg("budget.euros", amount=16500).say("nn") == f"16{NBSP}500 euro"
    assert Msg("budget.euros", amount=16500).say("en") == "EUR 16,500"
    shares = Msg("budget.lump-sum-shares.message", shared=20000.5, chosen=30000)
    assert shares.say("nb").startswith(f"beløpene til aktivitetene blir til sammen 20{NBSP}000,50")
    share = Msg("rule.plan-numbers-staff.message", n=30, year=2027, share=0.2, size=120)
    assert f"flere enn 20{NBSP}% av" in share.say("nb") and "more than 20% of" in share.say("en")
    assert Msg("report.count-warning", n=1).say("nb") == "1 advarsel"
    assert Msg("report.count-warning", n=0).say("nn") == "0 åtvaringar"


def test_lists_are_joined_with_the_languages_and_or_or() -> None:
    actions = Listing.of(["KA101", "KA229", "KA210-SCH"])
    assert Msg("file.action-not-offered.hint", call=2019, offered=actions).say("nb") == (
        "utlysningen for 2019 omfatter KA101, KA229 og KA210-SCH"
    )
    sums = Listing.of([Msg("budget.euros", amount=a) for a in (60000, 30000)], "or")
    assert Msg("budget.lump-sum.message", action="KA210-SCH", sums=sums).say("nn") == (
        f"KA210-SCH vert finansiert med eit sekkebeløp på 60{NBSP}000 euro eller 30{NBSP}000 euro"
    )
