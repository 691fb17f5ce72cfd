"""The project decks of the 2021–2027 examples as a reader sees them: a timeline whose month
labels never overlap and whose row labels nothing is written over, an Erasmus plan drawn by
year, a lump sum stated as chosen and split, slides for partners and work packages, no empty
slide, dates that never break across lines, and an accreditation called an Erasmus plan."""

from __future__ import annotations

import io
import json
import re
from functools import cache
from pathlib import Path

import pytest

from generator.documents.language import Formatter
from generator.documents.slides.boxes import (
    EMU_PER_PT,
    FOOTER,
    WHITE,
    WIDTH,
    Box,
    Placed,
    inch,
    inner_width,
    line_count,
    paras_height,
    text_width,
    words,
)
from generator.documents.slides.content import NBSP, Slide, unbroken
from generator.documents.slides.drawings import timeline_shapes
from generator.documents.slides.layout import place_deck
from generator.documents.slides.pdf import deck_json
from generator.documents.slides.project_deck import project_deck
from generator.loaded import Loaded, load_project
from generator.pipeline import build_slides
from tests.conftest import ROOT

PROJECTS = ROOT / "projects"
NAMES = ("melhus-ka120", "melhus-ka121-2026", "fjellvik-ka122", "voss-ka210", "arctic-ka220")
LANGUAGES = ("nb", "nn", "en")


def _in_language(tmp: Path, name: str, language: str) -> Path:
    """A copy of an example in another language (a request with its accreditation beside it)."""
    for source in PROJECTS.glob("*.yaml"):
        text = source.read_text("utf-8")
        text = re.sub(r"(?m)^language: \w+$", f"language: {language}", text)
        (tmp / source.name).write_text(text, "utf-8")
    return tmp / f"{name}.yaml"


@cache
def loaded(name: str) -> Loaded:
    return load_project(PROJECTS / f"{name}.yaml")


@cache
def deck(name: str) -> dict[str, Slide]:
    return {s.key: s for s in project_deck(loaded(name))}


def placed(project: Loaded) -> list[Placed]:
    return place_deck(project_deck(project), "footer", "(forts.)")


def plain(text: str) -> str:
    return text.replace(NBSP, " ")


def texts(slide: Slide) -> str:
    return plain("\n".join(i.text for i in slide.body + slide.right))


def _boxes(slide: Placed) -> list[Box]:
    return [s.text for s in slide.shapes if s.text is not None and s.kind == "text"]


def _disjoint(a: Box, b: Box) -> bool:
    return a.x + a.w <= b.x or b.x + b.w <= a.x or a.y + a.h <= b.y or b.y + b.h <= a.y


def _fits(box: Box) -> bool:
    """Every word of the box on its line, and its lines inside its height."""
    width = inner_width(box.w)
    return paras_height(box.paras, box.w) <= box.h / EMU_PER_PT and all(
        text_width(word, p.size, p.bold) <= width for p in box.paras for word in words(p.text)
    )


# --- the timeline --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_the_timelines_texts_never_overlap_and_each_fits_its_box(name: str) -> None:
    """Tick labels side by side, row labels, what a bar says: no two text boxes share a point
    (the old chart wrote a work package's lead over its row label, and months over months)."""
    timelines = [p for p in placed(loaded(name)) if p.key.startswith("timeline")]
    assert timelines
    for slide in timelines:
        chart = [b for b in _boxes(slide) if b.y < FOOTER[1]]  # the footer is not the chart's
        for i, a in enumerate(chart):
            assert _fits(a), a.paras[0].text
            assert a.x >= 0 and a.x + a.w <= WIDTH, a.paras[0].text
            for b in chart[i + 1 :]:
                assert _disjoint(a, b), (a.paras[0].text, b.paras[0].text)


@pytest.mark.parametrize(("name", "months"), [("melhus-ka121-2026", 15), ("fjellvik-ka122", 12)])
def test_month_labels_are_spread_so_they_never_overlap(name: str, months: int) -> None:
    timeline = deck(name)["timeline"].timeline
    assert timeline is not None and timeline.span == months
    shapes = timeline_shapes(timeline, last=True)
    labels = {label for _, label in timeline.ticks}
    ticks = sorted(
        (s.text for s in shapes if s.text is not None and s.text.paras[0].text in labels),
        key=lambda b: b.x,
    )
    assert 4 <= len(ticks) < months  # not every month: every other, or quarters
    for left, right in zip(ticks, ticks[1:], strict=False):
        assert left.x + left.w < right.x  # the boxes' x-ranges are disjoint
    for tick in ticks:  # each label on one line in its box
        assert line_count(tick.paras[0].text, 12, inner_width(tick.w)) == 1


def test_work_package_leads_are_not_written_over_the_row_labels() -> None:
    timeline = deck("arctic-ka220")["timeline"].timeline
    assert timeline is not None
    shapes = timeline_shapes(timeline, last=True)
    text = [s.text for s in shapes if s.text is not None]
    labels = [b for b in text if b.x == inch(0.6) and b.align == "r"]  # the label column
    assert [b.paras[0].text for b in labels[1:5]] == [bar.label for bar in timeline.bars[:4]]
    label_end = max(b.x + b.w for b in labels)
    leads = {"Nordlys skole", "Lapinrinne Comprehensive School", "Brekkuskóli"}
    written = [b for b in text if b.paras[0].text in leads]
    assert len(written) == 4 and all(b.x >= label_end for b in written)
    for box in written:  # a long bar has its lead inside it, in white
        (bar,) = [s for s in shapes if s.kind == "rect" and s.y > box.y and s.y < box.y + box.h]
        assert bar.x <= box.x and box.x + box.w <= bar.x + bar.w
        assert box.paras[0].color == WHITE


def test_an_erasmus_plan_is_drawn_by_year_with_each_activity_in_its_year() -> None:
    project = loaded("melhus-ka120")
    timeline = deck("melhus-ka120")["timeline"].timeline
    assert timeline is not None and timeline.unit == "year" and not timeline.note
    assert [label for _, label in timeline.ticks] == ["2026", "2027", "2028", "2029", "2030"]
    assert len(timeline.bars) == len(project.project.activities) == 8
    for bar, activity in zip(timeline.bars, project.project.activities, strict=True):
        assert activity.year is not None
        column = activity.year - 2026
        assert column <= bar.start and bar.start + bar.length <= column + 1
    # The plan's period: February 2026 to January 2030, on the year axis.
    assert timeline.period == (pytest.approx(1 / 12), 4.0)
    notes = deck("melhus-ka120")["timeline"].notes
    assert "Uten fastsatt" not in notes and "2026: 2 aktiviteter" in notes
    assert "2029: 2 aktiviteter" in notes and "år" in notes


# --- the budget, the partners and the work packages ----------------------------------------------


def test_a_small_partnerships_lump_sum_is_chosen_and_split_over_its_activities() -> None:
    slide = deck("voss-ka210")["budget"]
    text = texts(slide)
    assert "Valt sekkebeløp: EUR 30 000" in text
    for activity in loaded("voss-ka210").project.activities:
        assert f"{activity.title}: EUR {activity.amount:,.0f}".replace(",", " ") in text
    assert "overslag" not in text and "rekna ut frå" not in text
    notes = plain(slide.notes)
    assert "valt, ikkje rekna ut" in notes and "EUR 30 000 og EUR 60 000" in notes


def test_a_cooperation_partnerships_lump_sum_is_split_by_work_package_and_organisation() -> None:
    slide = deck("arctic-ka220")["budget"]
    left, right = plain("\n".join(i.text for i in slide.body)), texts(slide)
    assert "Lump sum chosen: EUR 250,000" in left and "estimate" not in right
    assert "WP2 A common online course: EUR 100,000" in left
    organisations = plain("\n".join(i.text for i in slide.right))
    # Nordlys skole leads WP1 (40 000) and WP4 (30 000).
    assert "Nordlys skole: EUR 70,000" in organisations
    assert "Lapinrinne Comprehensive School: EUR 100,000" in organisations
    assert "Brekkuskóli: EUR 80,000" in organisations
    assert "chosen, not computed" in slide.notes


def test_the_work_packages_slide_states_title_lead_and_share() -> None:
    text = texts(deck("arctic-ka220")["work-packages"])
    assert "WP1 Project management\nLed by Nordlys skole · EUR 40,000 (16% of the lump sum)" in text
    assert (
        "WP2 A common online course\nLed by Lapinrinne Comprehensive School · EUR 100,000 (40%"
        in (text)
    )
    assert "WP3 Pupils' field work\nLed by Brekkuskóli · EUR 80,000 (32%" in text
    assert "(12% of the lump sum)" in text


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        (
            "arctic-ka220",
            [
                "Nordlys skole",
                "Tromsø, Norway · coordinator · leads WP1 and WP4",
                "Lapinrinne Comprehensive School",
                "Rovaniemi, Finland · partner · leads WP2",
                "Brekkuskóli",
                "Akureyri, Iceland · partner · leads WP3",
            ],
        ),
        (
            "voss-ka210",
            [
                "Vangen skule",
                "Voss, Noreg · koordinator",
                "Scoil Bhríde",
                "Galway, Irland · partnar",
                "Escola Básica de Gualtar",
                "Braga, Portugal · partnar",
            ],
        ),
    ],
)
def test_a_partnership_has_a_slide_of_its_partners(name: str, lines: list[str]) -> None:
    slide = deck(name)["partners"]
    assert texts(slide).split("\n") == lines
    for partner in loaded(name).project.partners or []:
        assert partner.name in slide.notes


@pytest.mark.parametrize("name", ["melhus-ka120", "melhus-ka121-2026", "fjellvik-ka122"])
def test_only_partnerships_have_partner_and_work_package_slides(name: str) -> None:
    assert "partners" not in deck(name) and "work-packages" not in deck(name)
    assert "work-packages" not in deck("voss-ka210")  # a small partnership has none


# --- slides left out, and the participants of a plan ---------------------------------------------


def test_slides_with_nothing_to_say_are_left_out() -> None:
    assert list(deck("melhus-ka120")) == [
        "title", "needs", "goals", "activities", "timeline", "participants",
    ]  # fmt: skip
    assert list(deck("melhus-ka121-2026")) == [
        "title", "needs", "goals", "activities", "timeline", "budget",
    ]  # fmt: skip
    for name in NAMES:
        for slide in deck(name).values():
            assert slide.key == "title" or slide.body or slide.timeline is not None, (name, slide)


def test_a_plans_participants_slide_counts_them_per_year() -> None:
    slide = deck("melhus-ka120")["participants"]
    assert slide.title == "Deltakere per år"
    text = texts(slide)
    assert text.split("\n") == [
        "79 deltakere i 8 aktiviteter",
        "2026: 18 deltakere i 2 aktiviteter",
        "2027: 30 deltakere og 3 følgepersoner i 2 aktiviteter",
        "2028: 15 deltakere i 2 aktiviteter",
        "2029: 16 deltakere i 2 aktiviteter",
    ]
    activities = loaded("melhus-ka120").project.activities
    assert sum(a.participants for a in activities) == 79


# --- dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_the_title_slide_keeps_each_date_on_one_line(name: str) -> None:
    project = loaded(name)
    fmt = Formatter(project.project.language)
    start, end = fmt.date(project.project.period.start), fmt.date(project.facts.end)
    subtitle = deck(name)["title"].subtitle
    assert unbroken(start) in subtitle and unbroken(end) in subtitle
    (title,) = [p for p in placed(project) if p.key == "title"]
    # The Typst deck gets the same no-break spaces.
    data = json.loads(deck_json([title], "t", "a", project.project.language))
    assert unbroken(start) in data["slides"][0]["boxes"][1]["paras"][0]["text"]


def test_the_text_fitting_measures_a_date_as_one_word() -> None:
    """A date's no-break spaces join it into one word for the fitting (str.split() would part
    it), and it is as wide as with plain spaces."""
    date = unbroken("1. februar 2026")
    text = f"Melhus kommune · {date}"
    assert words(text) == ["Melhus", "kommune", "·", date]
    assert max(text_width(w, 22) for w in words(text)) == text_width(date, 22)
    assert text_width(date, 22) == text_width("1. februar 2026", 22)
    width = text_width("Melhus kommune · 1. februar", 22) + 1
    assert line_count(text, 22, width) == 2  # "Melhus kommune ·" and the date


@pytest.mark.parametrize("name", ["melhus-ka120", "voss-ka210"])
def test_the_pptx_and_the_pdf_keep_the_start_date_together(name: str) -> None:
    from pptx import Presentation
    from pypdf import PdfReader

    project = loaded(name)
    files = {p.suffix: data for p, data in build_slides(project, ["pptx", "pdf"]).items()}
    fmt = Formatter(project.project.language)
    start = fmt.date(project.project.period.start)
    subtitle = Presentation(io.BytesIO(files[".pptx"])).slides[0].placeholders[1].text_frame.text
    assert unbroken(start) in subtitle
    first_page = PdfReader(io.BytesIO(files[".pdf"])).pages[0].extract_text()
    lines = [plain(line) for line in first_page.splitlines()]
    assert any(start in line for line in lines), lines  # not broken across two lines


# --- an accreditation is an Erasmus plan, in every language --------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_accreditation_is_called_an_erasmus_plan(tmp_path: Path, language: str) -> None:
    project = load_project(_in_language(tmp_path, "melhus-ka120", language))
    slides = project_deck(project)
    said = "\n".join(
        [s.title + "\n" + s.subtitle + "\n" + s.notes for s in slides] + [texts(s) for s in slides]
    )
    assert not re.search(r"prosjekt|project", said, re.IGNORECASE), said
    assert "Erasmus plan" in said if language == "en" else "Erasmusplan" in said
    timeline = next(s.timeline for s in slides if s.timeline is not None)
    assert timeline.period_label == {"nb": "Planperioden", "nn": "Planperioden"}.get(
        language, "Plan period"
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", NAMES)
def test_every_deck_places_in_every_language(tmp_path: Path, name: str, language: str) -> None:
    """The labels the decks use exist in nb, nn and en, and every text fits its box."""
    project = load_project(_in_language(tmp_path, name, language))
    for slide in placed(project):
        for box in slide.boxes:
            if box.role != "title":
                assert paras_height(box.paras, box.w) <= box.h / EMU_PER_PT, slide.key
        for box in _boxes(slide):
            assert _fits(box), (slide.key, box.paras[0].text)
