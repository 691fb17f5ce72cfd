"""gen slides: the seed's workshop deck and a project deck, read back from PPTX and PDF."""

from __future__ import annotations

import io
import re
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.documents.application import render_application
from generator.documents.language import Formatter
from generator.documents.slides.boxes import EMU_PER_PT, paras_height
from generator.documents.slides.layout import place_deck
from generator.documents.slides.pptx import build_template
from generator.documents.slides.project_deck import project_deck
from generator.documents.slides.workshop_deck import workshop_deck
from generator.documents.workshop_facts import example_facts
from generator.loaded import load_input, load_project, load_workshop
from generator.pipeline import build_slides
from tests.conftest import ROOT, beside_projects, project_yaml, write_tree
from tests.extract import squash

WORKSHOP = ROOT / "workshops" / "kom-i-gang.yaml"
# The seed deck's slides in its order (the national agency's 2019 workshop deck), as the nb deck titles them.
SEED_TITLES = [
    "Hvordan komme i gang med internasjonalt samarbeid og Erasmus+?",
    "Hvorfor internasjonalt samarbeid?",
    "Oppgave: Internasjonalt samarbeid",
    "Hvordan samarbeide internasjonalt",
    "Ansattmobilitet – KA101",
    "Ansattmobilitet – KA101",  # "Viktig i søknaden"
    "Konsortium – KA101",
    "Melhus kommune",
    "Frosta kommune",
    "Skoleutvekslingspartnerskap – KA229",
    "Skoleutvekslingspartnerskap – KA229",  # "Viktig i søknaden"
    "Åsen barnehage",
    "Tydal barne- og ungdomsskole",
    "Hva satser dere på?",
    "Prioriteringer i Erasmus+",
    "Oppgave: Prosjektidé",
    "Fem steg til ditt Erasmus+-prosjekt",
    "Ta kontakt med Diku!",
]
LAYOUTS = {"Title Slide", "Section Header", "Title and Content", "Two Content", "Title Only"}


@cache
def built(path: Path, fmts: tuple[str, ...] = ("pptx", "pdf")) -> dict[str, bytes]:
    files = build_slides(load_input(path), list(fmts))
    return {p.suffix[1:]: data for p, data in files.items()}


def presentation(data: bytes):  # type: ignore[no-untyped-def]
    from pptx import Presentation

    return Presentation(io.BytesIO(data))


def slide_text(slide) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def test_workshop_deck_has_the_seed_slides_in_order_with_notes_and_named_layouts() -> None:
    prs = presentation(built(WORKSHOP)["pptx"])
    assert prs.slide_width * 9 == prs.slide_height * 16  # 16:9
    assert [s.shapes.title.text_frame.text for s in prs.slides] == SEED_TITLES
    for slide in prs.slides:
        assert slide.slide_layout.name in LAYOUTS
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip()
        for ph in slide.placeholders:  # no empty placeholder ("Click to add text")
            assert ph.text_frame.text.strip(), (slide.shapes.title.text, ph.name)
    used = {s.slide_layout.name for s in prs.slides}
    assert {"Title Slide", "Section Header", "Title and Content", "Title Only"} <= used


def test_action_slides_state_the_call_rules_and_the_computed_mobilities() -> None:
    prs = presentation(built(WORKSHOP)["pptx"])
    text = {i: squash(slide_text(s)) for i, s in enumerate(prs.slides)}
    ka101, ka229 = text[4], text[9]
    assert squash("Varigheten er på 1–2 år") in ka101
    assert squash("Reiser fra 2 dager til 2 måneder") in ka101
    assert squash("Prosjektet består av 2–6 skoler i Europa") in ka229
    assert squash("3 år ved langtidsmobilitet") in ka229
    assert squash("maks. EUR 16 500 per skole per prosjektår") in ka229
    assert squash("cirka 17 mobiliteter fra Norge til Mellom-Europa") in ka229
    assert squash("Tenk lite og enkelt i starten!") in text[5]
    assert squash("felles for alle skolene") in text[10]
    for priority in ("Styrke lærerprofesjonen", "Barnehage av høy kvalitet"):
        assert squash(priority) in text[14]


def test_the_mobilities_follow_the_rule_data() -> None:
    """Change the cap in a copy of the rule set: the slide's figures change with it."""
    import dataclasses

    from generator.documents.workshop_facts import action_facts
    from generator.rules.ruleset import Value, load_rules

    rules = load_rules(2019)
    act = {**rules.data["actions"]["KA229"], "cap_per_school_year": Value(9000, "test", "P")}
    changed = dataclasses.replace(
        rules, data={**rules.data, "actions": {**rules.data["actions"], "KA229": act}}
    )
    facts = action_facts(changed, "KA229", Formatter("nb"))
    assert facts["cap"] == "EUR 9\u00a0000"
    assert facts["mobilities"] == "8"  # (9 000 − 12 × 250) / (275 + 5 × 100) = 7.7


SEED_EXAMPLES = {
    "melhus": ["11 skoler og 11 barnehager", "14 personer på jobbskygging i Tyskland og Skottland"],
    "frosta": ["1 skole og 4 barnehager", "20 personer på jobbskygging i Danmark og Spania"],
    "hypatia-asen": [
        "fra Romania, Hellas, Spania, Tyrkia og Norge",
        "12 personer besøker partnerne, til sammen 76 deltakerdager",
        "Budsjett: EUR 19 650 for partneren i Norge",
    ],
    "tydal": [
        "3 skoler fra Frankrike og Norge",
        "17 elever og 3 følgepersoner besøker Frankrike i 12 dager",
        "Budsjett: EUR 16 324 for partneren i Norge",
    ],
}


@pytest.mark.parametrize("name", sorted(SEED_EXAMPLES))
def test_example_slides_state_the_seed_numbers_from_the_project_files(name: str) -> None:
    prs = presentation(built(WORKSHOP)["pptx"])
    loaded = load_project(ROOT / "projects" / f"{name}.yaml")
    (slide,) = [s for s in prs.slides if s.shapes.title.text == loaded.project.applicant.name]
    text = squash(slide_text(slide))
    assert squash(f"«{loaded.project.title}»") in text
    for phrase in SEED_EXAMPLES[name]:
        assert squash(phrase) in text


@pytest.mark.parametrize("name", sorted(SEED_EXAMPLES))
def test_example_numbers_equal_the_application(name: str) -> None:
    """One derivation: the people, days and budget on the slide are the application's."""
    loaded = load_project(ROOT / "projects" / f"{name}.yaml")
    fmt = Formatter("nb")
    x = example_facts(loaded, fmt)
    application = render_application(loaded)
    f = loaded.facts
    assert x.people == f.participants + f.accompanying
    assert f"**{fmt.number(f.participants)}**" in application  # the participants table's total
    assert f"| {fmt.number(f.participant_days)} |" in application
    if x.budget_kind == "granted":  # a finished project's grant: the slides' figure alone
        assert loaded.project.budget is not None and x.budget == loaded.project.budget.granted
    else:  # the requested amount, or the estimate's total
        assert fmt.number(x.budget) in application


def test_five_steps_are_drawn_as_shapes_joined_by_arrows() -> None:
    from pptx.enum.shapes import MSO_SHAPE

    prs = presentation(built(WORKSHOP)["pptx"])
    (slide,) = [s for s in prs.slides if s.shapes.title.text.startswith("Fem steg")]
    boxes = [
        s
        for s in slide.shapes
        if s.shape_type == 1 and s.auto_shape_type == MSO_SHAPE.ROUNDED_RECTANGLE
    ]
    arrows = [
        s for s in slide.shapes if s.shape_type == 1 and s.auto_shape_type == MSO_SHAPE.RIGHT_ARROW
    ]
    assert len(boxes) == 5 and len(arrows) == 4
    assert [b.text_frame.text.split("\n")[-1] for b in boxes] == [
        "Utvikle prosjektidé",
        "Danne Erasmus+-teamet",
        "Konkretisere prosjektet",
        "Registrere organisasjonene",
        "Skrive søknaden",
    ]
    assert [b.left for b in boxes] == sorted(b.left for b in boxes)  # left to right


def test_project_deck_has_the_parts_and_a_timeline_chart() -> None:
    prs = presentation(built(ROOT / "projects" / "melhus.yaml")["pptx"])
    titles = [s.shapes.title.text for s in prs.slides]
    assert titles == [
        "Å utvikle kvalitet i undervisningen av grunnleggende ferdigheter",
        "Behov",
        "Mål",
        "Aktiviteter og reisemål",
        "Tidsplan",
        "Deltakere og utvelgelse",
        "Budsjett",
        "Spredning og bruk",
    ]
    timeline = prs.slides[4]
    bars = [s for s in timeline.shapes if s.shape_type == 1 and s.auto_shape_type == 1]
    assert len(bars) == 3  # the project period and the two dated mobilities
    period, *mobilities = sorted(bars, key=lambda s: s.top)
    # March and October 2020 in a project from September 2019: months 6 and 13 of 24.
    span = period.width / 24
    assert [round((b.left - period.left) / span) for b in mobilities] == [6, 13]
    assert prs.slides[5].slide_layout.name == "Two Content"
    budget = squash(slide_text(prs.slides[6]))
    loaded = load_project(ROOT / "projects" / "melhus.yaml")
    assert squash(Formatter("nb").money(loaded.budget.total)) in budget
    for slide in prs.slides:
        assert slide.notes_slide.notes_text_frame.text.strip()


def test_pdf_deck_has_the_same_slides() -> None:
    from pypdf import PdfReader

    files = built(WORKSHOP)
    pages = PdfReader(io.BytesIO(files["pdf"])).pages
    prs = presentation(files["pptx"])
    assert len(pages) == len(prs.slides)
    for page, slide in zip(pages, prs.slides, strict=True):
        assert page.mediabox.width * 9 == pytest.approx(page.mediabox.height * 16)
        assert squash(slide.shapes.title.text) in squash(page.extract_text())


def _long_project(tmp_path: Path) -> Path:
    need = (
        "Vi trenger mer kunnskap om lesing i alle fag, og om hvordan lærerne kan arbeide sammen "
        "på tvers av trinn og skoler for å gi hver elev en god start. "
    ) * 4
    text = project_yaml(
        needs=[{"id": f"n{i}", "text": need + f"({i})"} for i in range(6)],
        goals=[{"id": "methods", "text": "Lærerne bruker nye lesemetoder.", "needs": ["n0"]}],
        title="En svært lang tittel " * 8 + "slutt",
    )
    return write_tree(tmp_path, {"long.yaml": text}) / "long.yaml"


def test_long_text_is_fitted_or_continued_never_cut(tmp_path: Path) -> None:
    loaded = load_project(_long_project(tmp_path))
    placed = place_deck(project_deck(loaded), "footer", "(forts.)")
    for slide in placed:
        for box in slide.boxes:
            if box.role != "title":
                assert paras_height(box.paras, box.w) <= box.h / EMU_PER_PT, slide.key
            assert min(p.size for p in box.paras) >= 16
    needs = [s for s in placed if s.key.startswith("needs")]
    assert len(needs) > 1 and all("(forts.)" in s.boxes[0].paras[0].text for s in needs[1:])
    shown = squash(" ".join(p.text for s in needs for b in s.boxes[1:] for p in b.paras))
    for need in loaded.project.needs:
        assert squash(need.text) in shown  # every word, in order, across the slides
    prs = presentation(build_slides(loaded, ["pptx"])[Path(loaded.id) / "slides.pptx"])
    assert len(prs.slides) == len(placed)


def test_deck_is_byte_identical_across_runs(tmp_path: Path) -> None:
    item = load_input(WORKSHOP)
    assert build_slides(item, ["pptx", "pdf"]) == build_slides(item, ["pptx", "pdf"])


def test_committed_template_is_the_one_the_code_builds() -> None:
    """`make reference` rebuilds templates/slides.pptx; the committed file must match."""
    assert (ROOT / "templates" / "slides.pptx").read_bytes() == build_template()
    prs = presentation(build_template())
    assert {layout.name for layout in prs.slide_layouts} >= LAYOUTS


@pytest.mark.parametrize("language", ["nn", "en"])
def test_workshop_deck_in_other_languages(tmp_path: Path, language: str) -> None:
    text = WORKSHOP.read_text("utf-8").replace("language: nb", f"language: {language}")
    text = beside_projects(tmp_path, text)
    path = write_tree(tmp_path, {"ws.yaml": text}) / "ws.yaml"
    slides = workshop_deck(load_workshop(path))
    first_steps = {
        "nn": "Fem steg til ditt Erasmus+-prosjekt",
        "en": "Five steps to your Erasmus+ project",
    }
    assert first_steps[language] in [s.title for s in slides]
    assert len(slides) == len(SEED_TITLES)


def test_cli_writes_the_deck_and_reports_bad_workshops(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "out"
    result = runner.invoke(cli, ["slides", str(WORKSHOP), "-o", str(out), "-f", "pptx"])
    assert result.exit_code == 0, result.output
    assert (out / "kom-i-gang" / "slides.pptx").is_file()
    bad = WORKSHOP.read_text("utf-8").replace("title: Prosjektidé", "titel: Prosjektidé")
    bad = bad.replace("../projects/tydal.yaml", "../projects/missing.yaml")
    path = write_tree(tmp_path, {"ws/bad.yaml": bad}) / "ws" / "bad.yaml"
    result = runner.invoke(cli, ["slides", str(path), "-o", str(out)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(
        re.match(
            rf"{re.escape(str(path))}:\d+:\d+: tasks\[1\]\.titel: ukjent nøkkel 'titel' – mente du 'title'\?",
            x,
        )
        for x in lines
    ), lines
    assert lines[-2].startswith("Feil: 1 problem i ")  # the workshop is nb: so is its report
    assert not (out / "bad").exists()


def _workshop(tmp_path: Path, **replace: str) -> Path:
    text = beside_projects(tmp_path, WORKSHOP.read_text("utf-8"))
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new)
    return write_tree(tmp_path, {"ws.yaml": text}) / "ws.yaml"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        # The workshop is nb: its problems are said in Norwegian.
        ("projects/tydal.yaml", "projects/nowhere.yaml", "examples[3]: prosjektfilen "),
        ("actions: [KA101, KA229]", "actions: [KA101]", "examples[2]: "),
        ("task:idea, steps", "task:ideas, steps", "agenda[6]: 'task:ideas' viser ikke til noen"),
        ("agenda: [title,", "agenda: [welcome,", "agenda[0]: 'welcome' er ikke et punkt på"),
        ("call: 2019", "call: 1999", "call: "),
    ],
)
def test_workshop_problems_are_located(tmp_path: Path, old: str, new: str, message: str) -> None:
    from generator.errors import InputError

    path = _workshop(tmp_path, **{old: new})
    with pytest.raises(InputError) as caught:
        load_workshop(path)
    shown = [str(p) for p in caught.value.problems]
    assert any(s.startswith(f"{path}:") and message in s for s in shown), shown


def test_an_invalid_example_is_reported_in_its_own_file(tmp_path: Path) -> None:
    from generator.errors import InputError

    bad = write_tree(tmp_path, {"p/bad.yaml": project_yaml(title=None)}) / "p" / "bad.yaml"
    path = _workshop(tmp_path, **{"projects/tydal.yaml": str(bad.relative_to(tmp_path))})
    with pytest.raises(InputError) as caught:
        load_workshop(path)
    assert [p.file for p in caught.value.problems] == [str(bad)]
    assert "required key 'title' is missing" in str(caught.value.problems[0])


def test_checklist_items_are_what_gen_check_reviews() -> None:
    """Each checklist item names finding codes that gen check reports (checks.CRITERIA)."""
    from generator.checks import CRITERIA
    from generator.rules.actions import ACTIONS

    for action, spec in ACTIONS.items():
        assert spec.checklist, action
        for key, codes in spec.checklist:
            assert codes and all(code in CRITERIA for code in codes), (action, key)


def test_a_user_template_without_the_layouts_is_a_clear_error(tmp_path: Path) -> None:
    from pptx import Presentation

    prs = Presentation()
    (two,) = [layout for layout in prs.slide_layouts if layout.name == "Two Content"]
    prs.slide_layouts.remove(two)
    (tmp_path / "t").mkdir()
    prs.save(str(tmp_path / "t" / "slides.pptx"))
    result = CliRunner().invoke(
        cli,
        [
            "slides",
            str(WORKSHOP),
            "-f",
            "pptx",
            "--templates",
            str(tmp_path / "t"),
            "-o",
            str(tmp_path / "o"),
        ],
    )
    assert result.exit_code == 3
    assert "slides.pptx: no layout named Two Content" in result.output
    assert not (tmp_path / "o").exists()
