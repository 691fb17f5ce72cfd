"""The generated documents read back: structure, properties and page set-up of each format."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from pypdf import PdfReader

from generator.loaded import load_project
from generator.pipeline import build_application
from tests.conftest import ROOT
from tests.extract import TEXT_OF, squash

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SECTIONS_KA101_NB = [
    "Kontekst",
    "Deltakende organisasjoner",
    "Europeisk utviklingsplan",
    "Deltakere",
    "Forberedelse",
    "Hovedaktiviteter",
    "Oppfølging",
    "Budsjett",
    "Sammendrag",
]


@pytest.fixture(scope="module")
def melhus() -> dict[str, bytes]:
    loaded = load_project(ROOT / "projects" / "melhus.yaml")
    files = build_application(loaded, ["md", "docx", "pdf", "odt", "html"])
    return {path.suffix[1:]: data for path, data in files.items()}


def test_docx_has_a_title_and_navigable_heading_styles(melhus: dict[str, bytes]) -> None:
    document = docx.Document(io.BytesIO(melhus["docx"]))
    styled = [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style.name.startswith(("Title", "Heading"))
    ]
    assert styled[0] == (
        "Title",
        "Å utvikle kvalitet i undervisningen av grunnleggende ferdigheter",
    )
    assert [text for style, text in styled if style == "Heading 1"] == SECTIONS_KA101_NB
    assert ("Heading 2", "Utvelgelse av deltakere") in styled


def test_docx_tables_repeat_their_header_row(melhus: dict[str, bytes]) -> None:
    document = docx.Document(io.BytesIO(melhus["docx"]))
    assert len(document.tables) == 6  # the consortium's members are counted, none named
    for table in document.tables:
        first_row = table.rows[0]._tr
        assert first_row.find(f"{W}trPr/{W}tblHeader") is not None
        assert all(
            row._tr.find(f"{W}trPr/{W}cantSplit") is not None for row in table.rows
        )  # rows stay whole
    activities = document.tables[3]
    assert [c.text for c in activities.rows[0].cells] == [
        "Aktivitet",
        "Destinasjon",
        "Når",
        "Deltakere",
        "Dager",
        "Mål",
    ]  # no accompanying persons: no column for them
    assert [c.text for c in activities.rows[2].cells][1:] == [
        "Edinburgh, Storbritannia",
        "oktober 2020",
        "7",
        "5",
        "1, 2",
    ]


def test_docx_properties_page_and_page_numbers(melhus: dict[str, bytes]) -> None:
    document = docx.Document(io.BytesIO(melhus["docx"]))
    props = document.core_properties
    assert props.title == "Å utvikle kvalitet i undervisningen av grunnleggende ferdigheter"
    assert props.author == "Melhus kommune"
    assert props.language == "nb-NO"
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    footer_xml = section.footer._element.xml
    assert 'w:instr=" PAGE "' in footer_xml


def test_docx_is_styled_by_the_reference_document(melhus: dict[str, bytes]) -> None:
    document = docx.Document(io.BytesIO(melhus["docx"]))
    assert document.styles["Normal"].font.name == "Calibri"
    assert str(document.styles["Heading 1"].font.color.rgb) == "1F4E79"


def test_reference_docx_is_what_the_code_builds() -> None:
    from generator.output.pandoc import pandoc_path
    from generator.output.reference_docx import build
    from generator.resources import template_dir

    assert build(pandoc_path()) == (template_dir() / "reference.docx").read_bytes(), (
        "run `make reference`"
    )


def test_pdf_is_a4_with_extractable_text_and_metadata(melhus: dict[str, bytes]) -> None:
    reader = PdfReader(io.BytesIO(melhus["pdf"]))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    text = squash(TEXT_OF["pdf"](melhus["pdf"]))
    for expected in [
        "Å utvikle kvalitet i undervisningen av grunnleggende ferdigheter",
        *SECTIONS_KA101_NB,
        "Edinburgh, Storbritannia",
        "11 skoler og 11 barnehager",
    ]:
        assert squash(expected) in text
    assert reader.metadata is not None
    assert (
        reader.metadata.title == "Å utvikle kvalitet i undervisningen av grunnleggende ferdigheter"
    )
    assert reader.metadata.author == "Melhus kommune"
    assert f"{len(reader.pages)}/{len(reader.pages)}" in squash(
        reader.pages[-1].extract_text()
    )  # page x / n


def test_pdf_embeds_fonts_that_cover_norwegian_letters(melhus: dict[str, bytes]) -> None:
    reader = PdfReader(io.BytesIO(melhus["pdf"]))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()
            fonts.add(str(descriptor["/BaseFont"]))
            if "/DescendantFonts" in descriptor:
                assert (
                    "/FontFile2"
                    in descriptor["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                    or "/FontFile3"
                    in descriptor["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                )
    assert any("Libertinus" in f for f in fonts)
    assert "æ" in TEXT_OF["pdf"](melhus["pdf"]) and "ø" in TEXT_OF["pdf"](melhus["pdf"])


def test_odt_is_a_valid_package(melhus: dict[str, bytes]) -> None:
    with zipfile.ZipFile(io.BytesIO(melhus["odt"])) as z:
        first = z.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        assert z.read("mimetype") == b"application/vnd.oasis.opendocument.text"
    assert "Hovedaktiviteter" in TEXT_OF["odt"](melhus["odt"])


def test_html_is_a_standalone_page(melhus: dict[str, bytes]) -> None:
    page = melhus["html"].decode("utf-8")
    assert '<html xmlns="http://www.w3.org/1999/xhtml" lang="nb-NO" xml:lang="nb-NO">' in page
    assert "<title>Å utvikle kvalitet i undervisningen av grunnleggende ferdigheter</title>" in page
    assert '<h1 id="hovedaktiviteter">Hovedaktiviteter</h1>' in page


@pytest.mark.parametrize("fmt", ["md", "docx", "pdf", "odt", "html"])
def test_the_same_facts_are_in_every_format(melhus: dict[str, bytes], fmt: str) -> None:
    text = squash(TEXT_OF[fmt](melhus[fmt]))
    for fact in [
        "31. august 2021",
        "22 organisasjoner: 11 skoler og 11 barnehager.",
        "Hamburg, Tyskland",
        "Destinasjonsland: Tyskland og Storbritannia.",
    ]:
        assert squash(fact) in text, (fmt, fact)


def test_same_input_gives_byte_identical_files(melhus: dict[str, bytes]) -> None:
    again = build_application(
        load_project(ROOT / "projects" / "melhus.yaml"), ["md", "docx", "pdf", "odt", "html"]
    )
    assert {path.suffix[1:]: data for path, data in again.items()} == melhus


def test_source_date_epoch_is_stamped_into_docx_and_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14T22:13:20Z
    files = build_application(load_project(ROOT / "projects" / "tydal.yaml"), ["docx", "pdf"])
    data = {p.suffix[1:]: d for p, d in files.items()}
    props = docx.Document(io.BytesIO(data["docx"])).core_properties
    assert props.created is not None and props.created.isoformat().startswith("2023-11-14T22:13:20")
    with zipfile.ZipFile(io.BytesIO(data["docx"])) as z:
        assert {i.date_time for i in z.infolist()} == {(2023, 11, 14, 22, 13, 20)}
    meta = PdfReader(io.BytesIO(data["pdf"])).metadata
    assert meta is not None and meta.creation_date is not None and meta.creation_date.year == 2023
    assert (
        build_application(load_project(ROOT / "projects" / "tydal.yaml"), ["docx", "pdf"]) == files
    )
