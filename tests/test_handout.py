"""gen handout: the workshop handout and a project's participant handout, read back."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

import pytest

from generator.loaded import load_input
from generator.pipeline import build_handout
from tests.conftest import ROOT, beside_projects, write_tree
from tests.extract import docx_text, markdown_text, pdf_text, squash

WORKSHOP = ROOT / "workshops" / "kom-i-gang.yaml"


@cache
def built(path: Path) -> dict[str, bytes]:
    files = build_handout(load_input(path), ["md", "docx", "pdf"])
    return {p.suffix[1:]: data for p, data in files.items()}


def pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def test_workshop_handout_has_every_part() -> None:
    import docx

    files = built(WORKSHOP)
    document = docx.Document(io.BytesIO(files["docx"]))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:4] == [
        "Tiltakene side om side",
        "Viktig i søknaden",
        "Eksempler",
        "Oppgaver",
    ]
    assert {
        "Internasjonalt samarbeid",
        "Prosjektidé",
        "Fem steg til ditt Erasmus+-prosjekt",
        "Kontakt",
    } <= set(headings)
    (table,) = document.tables
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0][1:] == ["Ansattmobilitet – KA101", "Skoleutvekslingspartnerskap – KA229"]
    assert [r[0] for r in rows[1:]] == [
        "Hvem søker",
        "Prosjektets varighet",
        "Reisenes lengde",
        "Budsjett",
    ]
    assert rows[2][1:] == ["1–2 år", "1–2 år (3 år ved langtidsmobilitet)"]
    assert rows[3][1:] == ["2 dager til 2 måneder", "3 dager til 2 måneder"]
    assert "cirka 17 mobiliteter" in rows[4][2]
    text = squash(docx_text(files["docx"]))
    for phrase in [
        "Tenk lite og enkelt i starten!",
        "11 skoler og 11 barnehager",
        "17 elever og 3 følgepersoner besøker Frankrike i 12 dager",
        "Hvorfor vil du og din kommune jobbe internasjonalt?",
        "Registrere organisasjonene",  # a step, with what it involves
        "organisasjonsregister",
        "erasmuspluss@diku.no",
    ]:
        assert squash(phrase) in text, phrase


def test_worksheets_leave_room_to_write() -> None:
    """Each question is followed by ruled lines (horizontal rules) to write on."""
    md = built(WORKSHOP)["md"].decode("utf-8")
    question = md.index("Hvorfor vil du og din kommune jobbe internasjonalt?")
    after = md[question : md.index("Har du og din kommune")]
    import re

    assert len(re.findall(r"^-{3,}$", after, flags=re.M)) == 3


def test_workshop_handout_is_two_to_four_a4_pages_in_every_language(tmp_path: Path) -> None:
    from pypdf import PdfReader

    for language in ("nb", "nn", "en"):
        text = WORKSHOP.read_text("utf-8").replace("language: nb", f"language: {language}")
        text = beside_projects(tmp_path, text)
        path = (
            write_tree(
                tmp_path, {f"{language}.yaml": text.replace("id: kom-i-gang", f"id: ws-{language}")}
            )
            / f"{language}.yaml"
        )
        pdf = build_handout(load_input(path), ["pdf"])[Path(f"ws-{language}") / "handout.pdf"]
        reader = PdfReader(io.BytesIO(pdf))
        assert 2 <= len(reader.pages) <= 4, (language, len(reader.pages))
        box = reader.pages[0].mediabox
        assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (
            210,
            297,
        )


@pytest.mark.parametrize("name", ["melhus", "tydal"])
def test_project_handout_tells_participants_what_to_expect(name: str) -> None:
    from generator.loaded import load_project

    loaded = load_project(ROOT / "projects" / f"{name}.yaml")
    files = built(ROOT / "projects" / f"{name}.yaml")
    assert 1 <= pages(files["pdf"]) <= 4
    for fmt, text in (
        ("md", markdown_text(files["md"])),
        ("docx", docx_text(files["docx"])),
        ("pdf", pdf_text(files["pdf"])),
    ):
        text = squash(text)
        for heading in (
            "Hva prosjektet er, og hvorfor",
            "Forberedelse før reisen",
            "Under reisen",
            "Etter reisen",
        ):
            assert squash(heading) in text, (fmt, heading)
        p = loaded.project
        for part in [p.selection.procedure, *p.selection.criteria, *p.preparation, *p.follow_up]:
            assert squash(part) in text, (fmt, part)
        assert squash(p.learning_outcomes[0].text) in text
