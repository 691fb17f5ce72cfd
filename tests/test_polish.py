"""Documents a principal can be handed unedited: each point of the reader's review, read back from
the documents as their readers get them (DOCX XML and properties, ODT and HTML metadata, PDF text
through pypdf, the form fields' text, the slides' speaker notes), in nb, nn and en."""

from __future__ import annotations

import dataclasses
import io
import re
import subprocess
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from generator.documents.fields import Field, form_fields, short_form
from generator.documents.language import Formatter, labels
from generator.documents.slides.content import Slide
from generator.documents.slides.project_deck import project_deck
from generator.documents.slides.workshop_deck import workshop_deck
from generator.documents.workshop_facts import example_lines, example_note
from generator.loaded import Loaded, load_project, load_workshop
from generator.output.docx_tables import column_widths
from generator.pipeline import build_application, build_handout, field_files
from tests.conftest import EXAMPLES, ROOT, write_tree
from tests.extract import docx_text, html_text, odt_text, pdf_text, squash
from tests.test_office import soffice

# One example per language: its application in every format.
BY_LANGUAGE = {"nb": "fjellvik-ka122", "nn": "voss-ka210", "en": "arctic-ka220"}
FORMATS = ["md", "docx", "pdf", "odt", "html"]


@cache
def loaded(name: str) -> Loaded:
    return load_project(ROOT / "projects" / f"{name}.yaml")


@cache
def application(name: str) -> dict[str, bytes]:
    files = build_application(loaded(name), FORMATS)
    return {path.suffix[1:]: data for path, data in files.items()}


def _zip(data: bytes, member: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(member).decode("utf-8")


# --- 1. The note for editors is a property, not body text ------------------------------------


@pytest.mark.parametrize("language", sorted(BY_LANGUAGE))
def test_the_generated_note_is_in_the_properties_not_the_text(language: str) -> None:
    note = labels(language)["document"]["generated_note"]
    files = application(BY_LANGUAGE[language])
    # The reader of the text never sees it, in any format.
    for text in (
        files["md"].decode("utf-8"),
        docx_text(files["docx"]),
        odt_text(files["odt"]),
        html_text(files["html"]),
        pdf_text(files["pdf"]),
    ):
        assert squash(note[:40]) not in squash(text)
    # Whoever opens the file's properties does: DOCX comments, ODT and HTML description.
    core = _zip(files["docx"], "docProps/core.xml")
    assert f"<dc:description>{note}</dc:description>" in core
    assert f"<dc:description>{note}</dc:description>" in _zip(files["odt"], "meta.xml")
    head = files["html"].decode("utf-8").split("<body", 1)[0]
    assert f'<meta name="description" content="{note}" />' in head


def test_the_pdf_gets_the_note_as_data(monkeypatch: pytest.MonkeyPatch) -> None:
    """The PDF's properties reach Typst as sys.inputs (never as markup); the template sets the
    document's metadata from them."""
    from generator.output import convert

    seen: list[dict[str, str]] = []
    original = getattr(convert, "compile_typst")  # noqa: B009 - the name pdf output calls

    def spy(*args: Any, **kwargs: Any) -> bytes:
        seen.append(dict(kwargs.get("inputs") or {}))
        pdf: bytes = original(*args, **kwargs)
        return pdf

    monkeypatch.setattr(convert, "compile_typst", spy)
    files = build_application(loaded("voss-ka210"), ["pdf"])
    note = labels("nn")["document"]["generated_note"]
    assert seen and seen[0]["description"] == note
    assert seen[0]["subject"].startswith("Erasmus+ KA210-SCH")
    template = (ROOT / "templates" / "pandoc" / "document.typ").read_text("utf-8")
    if 'meta("description"' in template:  # the template names it in the PDF's metadata
        from pypdf import PdfReader

        (pdf,) = files.values()
        metadata = PdfReader(io.BytesIO(pdf)).metadata
        assert metadata is not None and metadata["/Subject"] == note


# --- 2. DOCX: one body size; table columns that hold their longest word -------------------------


def _styles(styles_xml: str) -> dict[str, tuple[str | None, int | None]]:
    """style id → (basedOn, own size in half-points)."""
    out = {}
    for m in re.finditer(r'<w:style\b[^>]*w:styleId="([^"]+)".*?</w:style>', styles_xml, re.S):
        block = re.sub(r"<w:tblStylePr\b.*?</w:tblStylePr>", "", m.group(0), flags=re.S)
        based = re.search(r'<w:basedOn w:val="([^"]+)"', block)
        size = re.search(r'<w:sz w:val="(\d+)"', block)
        out[m.group(1)] = (based and based.group(1), size and int(size.group(1)))
    return out


def _size(style: str, styles: dict[str, tuple[str | None, int | None]]) -> int:
    while style in styles:
        based, size = styles[style]
        if size is not None:
            return size
        style = based or ""
    raise AssertionError(f"no size for style {style}")


@pytest.mark.parametrize("kind", ["application", "handout"])
@pytest.mark.parametrize("language", sorted(BY_LANGUAGE))
def test_all_body_text_and_lists_are_11_pt_in_docx(kind: str, language: str) -> None:
    item = loaded(BY_LANGUAGE[language])
    build = build_application if kind == "application" else build_handout
    (data,) = build(item, ["docx"]).values()
    styles = _styles(_zip(data, "word/styles.xml"))
    assert _size("Compact", styles) == 22  # tight lists: the body's 11 pt
    body = re.sub(r"<w:tbl>.*?</w:tbl>", "", _zip(data, "word/document.xml"), flags=re.S)
    display = ("Heading", "Title", "Subtitle", "Author", "Date")
    sizes = set()
    for p in re.findall(r"<w:p>.*?</w:p>|<w:p .*?</w:p>", body, re.S):
        style = re.search(r'<w:pStyle w:val="([^"]+)"', p)
        name = style.group(1) if style else "Normal"
        if "<w:t" in p and not name.startswith(display):
            assert "<w:sz " not in p  # no run sets a size of its own
            sizes.add(_size(name, styles))
    assert sizes == {22}


def test_column_widths_hold_each_columns_longest_word() -> None:
    # Pandoc's proportions, but the narrow third column needs more: the others give it up.
    assert column_widths([50, 40, 10], [0, 0, 2000], 9000) == [3889, 3111, 2000]
    # Everything fits: pandoc's proportions stay.
    assert column_widths([2, 1], [100, 100], 9000) == [6000, 3000]
    # The words need more than the page: they share it in proportion.
    assert sum(column_widths([1, 1], [6000, 6000], 9000)) == 9000


def test_every_docx_table_has_its_widths_in_the_grid_and_every_cell() -> None:
    (data,) = build_application(loaded("fjellvik-ka122"), ["docx"]).values()
    body = _zip(data, "word/document.xml")
    page = re.search(r'<w:pgSz w:h="\d+" w:w="(\d+)"', body)
    margins = re.search(r'<w:pgMar [^>]*w:left="(\d+)" w:right="(\d+)"', body)
    assert page and margins
    text_width = int(page.group(1)) - int(margins.group(1)) - int(margins.group(2))
    for table in re.findall(r"<w:tbl>.*?</w:tbl>", body, re.S):
        grid = [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"', table)]
        assert sum(grid) == text_width
        for row in re.findall(r"<w:tr>.*?</w:tr>", table, re.S):
            assert [int(w) for w in re.findall(r'<w:tcW w:w="(\d+)" w:type="dxa"', row)] == grid


def _cell_words(docx: bytes) -> set[str]:
    """The words of the table cells (soft hyphens kept: a word may break there)."""
    words = set()
    xml = re.sub(r"<w:softHyphen\s*/>", "<w:t>\u00ad</w:t>", _zip(docx, "word/document.xml"))
    for cell in re.findall(r"<w:tc>.*?</w:tc>", xml, re.S):
        for p in re.findall(r"<w:p>.*?</w:p>|<w:p .*?</w:p>", cell, re.S):
            text = "".join(re.findall(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>", p))
            words |= {w for w in text.split(" ") if len(w.replace("\u00ad", "")) >= 4}
    return {w.replace("&amp;", "&").replace("&#39;", "'").replace("&quot;", '"') for w in words}


@pytest.mark.parametrize("name", [p.stem for p in EXAMPLES])
def test_libreoffice_breaks_no_table_word_mid_word(tmp_path: Path, name: str) -> None:
    """Rendered by LibreOffice (with Carlito, Calibri's metrics, as Word has Calibri): every word
    of every table cell is on one line, or breaks at a hyphen or soft hyphen."""
    binary = soffice()
    (data,) = build_application(loaded(name), ["docx"]).values()
    source = tmp_path / "application.docx"
    source.write_bytes(data)
    subprocess.run(
        [
            binary,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = subprocess.run(
        ["pdftotext", "-raw", str(tmp_path / "application.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # A line may end after a hyphen or a dash (a soft hyphen prints as one); join those lines.
    text = re.sub(r"([-–/])\n", r"\1", text.replace("\u00a0", " "))
    split = []
    for word in _cell_words(data):
        pieces = word.replace("\u00a0", " ").split("\u00ad")
        whole = "".join(pieces)
        at_soft_hyphen = [
            "".join(pieces[:i]) + "-" + "".join(pieces[i:]) for i in range(1, len(pieces))
        ]
        if whole not in text and not any(w in text for w in at_soft_hyphen):
            split.append(word)
    assert not split, split


# --- 3. Dates read as in the text: "1. september", never a numbered list in the PDF -----------


@pytest.mark.parametrize("language", sorted(BY_LANGUAGE))
def test_a_date_in_a_pdf_table_is_one_run_of_text(language: str) -> None:
    """In Typst, "1. september" at the start of a cell is a numbered list ("1.  september"): the
    day's full stop is escaped, so the day, month and year are one run of text."""
    from pypdf import PdfReader

    item = loaded(BY_LANGUAGE[language])
    start = Formatter(language).date(item.project.period.start)
    runs: list[str] = []
    reader = PdfReader(io.BytesIO(application(BY_LANGUAGE[language])["pdf"]))
    reader.pages[0].extract_text(visitor_text=lambda text, *_: runs.append(text))
    assert any(start in run for run in runs), start
    assert start in pdf_text(application(BY_LANGUAGE[language])["pdf"])


# --- 4. A "|" block wrapped in the editor is one paragraph --------------------------------------

WRAPPED = """\
  description: |
    Vi er en liten skole
    ved kysten.

    Dette er andre avsnitt,
    skrevet over to linjer.
"""


def _wrapped_project(tmp_path: Path) -> Loaded:
    text = (ROOT / "projects" / "fjellvik-ka122.yaml").read_text("utf-8")
    start = text.index("  description: |")
    end = text.index("\nperiod:")
    text = text[:start] + WRAPPED + text[end:]
    text = text.replace(
        "    text: >-\n      Elevundersøkelsen",
        "    text: |\n      Elevundersøkelsen",
    )
    write_tree(tmp_path, {"p.yaml": text})
    return load_project(tmp_path / "p.yaml")


def test_a_single_line_break_is_a_space_in_every_document(tmp_path: Path) -> None:
    project = _wrapped_project(tmp_path)
    first, second = (
        "Vi er en liten skole ved kysten.",
        "Dette er andre avsnitt, skrevet over to linjer.",
    )
    files = {p.suffix[1:]: d for p, d in build_application(project, ["md", "docx"]).items()}
    md = files["md"].decode("utf-8")
    assert f"{first}\n\n{second}" in md
    paragraphs = [p.strip() for p in docx_text(files["docx"]).split("\n")]
    assert first in paragraphs and second in paragraphs
    # The form field: one paragraph each, apart by a blank line, as the web form takes them.
    (organisation,) = [f for f in _fields(project) if f.id == "organisation"]
    assert organisation.text == f"{first}\n\n{second}"
    # The slides: a need written on two lines is one line of text.
    (needs,) = [s for s in project_deck(project) if s.key == "needs"]
    assert all("\n" not in item.text for item in needs.body)


def _fields(project: Loaded) -> list[Field]:
    return form_fields(project.project, project.facts, project.rules, project.budget)


# --- 5. Derived sentences that say what is true ---------------------------------------------------

HOSTED = """\
  - id: hosting
    type: local
    title: Vi tar imot elevene fra partnerskolene
    participants: 20
    days: 5
    when: 2021-03
    goals: [compare-biodiversity]
"""


@pytest.mark.parametrize(
    ("language", "visited", "wrong"),
    [
        ("nb", "partnerne besøker Tydal", "besøker partnerne"),
        ("nn", "partnarane besøkjer Tydal", "besøkjer partnarane"),
        ("en", "the partners visit Tydal", "visit the partners"),
    ],
)
def test_a_partnership_hosting_at_home_says_the_partners_visit(
    tmp_path: Path, language: str, visited: str, wrong: str
) -> None:
    text = (ROOT / "projects" / "tydal.yaml").read_text("utf-8")
    hosting_only = re.sub(
        r"activities:\n.*?\nselection:", "activities:\n" + HOSTED + "selection:", text, flags=re.S
    )
    write_tree(
        tmp_path,
        {
            "host.yaml": hosting_only,
            "both.yaml": text.replace("selection:", HOSTED + "selection:", 1),
        },
    )
    for name in ("host.yaml", "both.yaml"):
        project = load_project(tmp_path / name)
        line = " ".join(example_lines(project, Formatter(language)))
        # alone it is a sentence and starts with a capital; after a trip it follows ", og"
        assert visited in line or visited[:1].upper() + visited[1:] in line, line
        if name == "host.yaml":
            assert wrong not in line


@pytest.mark.parametrize(
    ("language", "days"),
    [("nb", "76 deltakerdager"), ("nn", "76 deltakardagar"), ("en", "76 participant-days")],
)
def test_several_trips_count_participant_days(language: str, days: str) -> None:
    line = " ".join(example_lines(loaded("hypatia-asen"), Formatter(language)))
    assert days in line
    assert squash(f"{loaded('hypatia-asen').facts.participant_days}") in squash(
        application("hypatia-asen")["md"].decode("utf-8")
    )


ESTIMATE_WORDS = ("overslag", "enhetssats", "einingssats", "estimate", "unit cost")


@pytest.mark.parametrize("name", ["voss-ka210", "arctic-ka220"])
@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_a_lump_sum_is_chosen_never_estimated(name: str, language: str) -> None:
    project = loaded(name)
    fmt = Formatter(language)
    note = example_note(project, fmt)
    assert fmt.labels["deck"]["notes"]["budget_lump_sum"] in note
    assert not any(w in note.lower() for w in ESTIMATE_WORDS)
    # In the project's own language: the application's budget, the fields, the deck.
    md = application(name)["md"].decode("utf-8").lower()
    heading = "## " + str(labels(project.project.language)["sections"]["budget"]).lower()
    budget = md[md.index(heading) :]
    assert not any(w in budget[: budget.find("\n## ", 4)] for w in ESTIMATE_WORDS)
    for field in _fields(project):
        assert not any(w in field.text.lower() for w in ESTIMATE_WORDS)
    for slide in project_deck(project):
        words = " ".join([slide.notes, *(i.text for i in slide.body + slide.right)]).lower()
        assert not any(w in words for w in ESTIMATE_WORDS), slide.key


TOOL_WORDS = re.compile(
    r"\bgen\b|prosjektfil|project file|yaml|budget\.rates|regelsett|rule set", re.I
)


def _workshop(name: str, language: str) -> list[Slide]:
    lw = load_workshop(ROOT / "workshops" / f"{name}.yaml")
    other = dataclasses.replace(lw, workshop=lw.workshop.model_copy(update={"language": language}))
    return workshop_deck(other)


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
@pytest.mark.parametrize("name", ["kom-i-gang", "kom-i-gang-2026"])
def test_workshop_notes_speak_to_teachers_not_of_the_tool(name: str, language: str) -> None:
    for slide in _workshop(name, language):
        assert not TOOL_WORDS.search(slide.notes), (slide.key, slide.notes)
        assert ".." not in slide.notes.replace("...", ""), (slide.key, slide.notes)


@pytest.mark.parametrize("name", [p.stem for p in EXAMPLES])
def test_project_notes_speak_to_the_room_not_of_the_tool(name: str) -> None:
    for slide in project_deck(loaded(name)):
        assert not TOOL_WORDS.search(slide.notes), (slide.key, slide.notes)
        assert "→" not in slide.notes  # "1 → 1, 2" means nothing said aloud


def test_the_activities_note_says_who_goes_abroad_and_who_stays() -> None:
    (slide,) = [s for s in project_deck(loaded("voss-ka210")) if s.key == "activities"]
    assert slide.notes.startswith("12 deltakarar skal delta i 2 aktivitetar i Irland og Portugal.")
    assert "21 deltakarar i 2 aktivitetar lokalt og på nett" in slide.notes
    assert "Lokal aktivitet (lokalt)" not in " ".join(i.text for i in slide.body)


@pytest.mark.parametrize("language", sorted(BY_LANGUAGE))
def test_fields_name_the_goals_they_refer_to(language: str) -> None:
    project = loaded(BY_LANGUAGE[language])
    fields = {f.id: f.text for f in _fields(project)}
    goals = [short_form(g.text) for g in project.project.goals]
    word = Formatter(language).labels["fields"]["serves_goals"]
    activities = fields["activities"]
    assert not re.search(rf"({word['one']}|{word['other']}): \d", activities)
    for a in project.project.activities:
        for goal in a.goals:
            assert goals[project.facts.goal_numbers[goal] - 1] in activities
    outcomes = fields.get("learning_outcomes", "")
    assert not re.search(r"\((Mål|Goals?) \d", outcomes)


def test_a_short_form_is_the_first_sentence_or_its_beginning() -> None:
    assert short_form("Elevene leser mer. De leser også hjemme.") == "Elevene leser mer"
    assert short_form("Lesing på 9. trinn blir bedre.") == "Lesing på 9. trinn blir bedre"
    long = "Lærerne bruker " + "nye og varierte metoder, " * 8 + "hver dag."
    assert short_form(long).endswith("…") and len(short_form(long)) <= 111


def test_the_fields_paste_the_same_text_as_gen_fields_writes() -> None:
    files = field_files(loaded("fjellvik-ka122")).files
    activities = next(d for p, d in files.items() if p.name.endswith("-activities.txt"))
    assert "Mål: 1" not in activities.decode("utf-8")


def test_the_workshop_handout_separates_the_method_from_the_prompt() -> None:
    lw = load_workshop(ROOT / "workshops" / "kom-i-gang.yaml")
    (data,) = build_handout(lw, ["md"]).values()
    md = data.decode("utf-8")
    assert "*Think – Pair – Share*\n\nDiskuter spørsmålene." in md


def test_labels_used_here_exist_in_every_language() -> None:
    for language in ("nb", "nn", "en"):
        notes = labels(language)["deck"]["notes"]
        for key in ("budget_lump_sum", "project_goal_link", "project_budget_estimate"):
            assert key in notes
        assert "participant_days" in labels(language)["plurals_deck"]


def test_a_handouts_writing_lines_are_single_thin_rules_in_word() -> None:
    """Pandoc's horizontal rule is a VML shape that LibreOffice draws as an etched double line;
    the writing lines of the workshop handout are bordered empty paragraphs instead, and
    neighbours differ (Word would merge a run of identical borders into one box)."""
    workshop = load_workshop(ROOT / "workshops" / "kom-i-gang.yaml")
    (data,) = build_handout(workshop, ["docx"]).values()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = z.read("word/document.xml").decode("utf-8")
    assert 'o:hr="t"' not in body
    rules = re.findall(r"<w:p><w:pPr><w:pBdr><w:bottom [^>]*/></w:pBdr>.*?</w:pPr></w:p>", body)
    assert len(rules) >= 6  # three lines under each question
    assert all(a != b for a, b in zip(rules, rules[1:], strict=False))
