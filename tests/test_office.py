"""The DOCX and ODT open in a real office suite (LibreOffice, headless) and keep their text.

Needs `soffice` (Debian: libreoffice-writer-nogui; .ci/run installs it). Without it the test is
skipped, loudly; with GEN_REQUIRE_SOFFICE=1 (set in CI) a missing soffice is a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.loaded import load_project
from generator.pipeline import build_application
from tests.conftest import ROOT
from tests.extract import pdf_text, squash


def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        if os.environ.get("GEN_REQUIRE_SOFFICE"):
            pytest.fail("soffice is required (GEN_REQUIRE_SOFFICE=1) but not installed")
        pytest.skip(
            "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui"
        )
    return path


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_libreoffice_opens_the_document_and_keeps_its_text(tmp_path: Path, fmt: str) -> None:
    binary = soffice()
    loaded = load_project(ROOT / "projects" / "hypatia-asen.yaml")
    (data,) = build_application(loaded, [fmt]).values()
    source = tmp_path / f"application.{fmt}"
    source.write_bytes(data)
    pdf = _to_pdf(binary, source, tmp_path)
    text = squash(pdf_text(pdf))
    for expected in [
        "Hypatia in Preschool, natural science, math and technology in preschool activities",
        "Deltakende skoler",
        "Partnerbarnehage i İzmir",
        "İzmir, Tyrkia",
        "Spredning og bruk av resultatene",
    ]:
        assert squash(expected) in text


def _to_pdf(binary: str, source: Path, tmp_path: Path) -> bytes:
    profile = (tmp_path / "profile").as_uri()
    done = subprocess.run(
        [
            binary,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "pdf"),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr
    return (tmp_path / "pdf" / f"{source.stem}.pdf").read_bytes()


def test_libreoffice_impress_opens_the_deck_with_every_slide(tmp_path: Path) -> None:
    """The PPTX opens in Impress: as many pages as slides, each with its title."""
    import io

    from pptx import Presentation
    from pypdf import PdfReader

    from generator.loaded import load_input
    from generator.pipeline import build_slides

    binary = soffice()
    (data,) = build_slides(load_input(ROOT / "workshops" / "kom-i-gang.yaml"), ["pptx"]).values()
    source = tmp_path / "slides.pptx"
    source.write_bytes(data)
    pages = PdfReader(io.BytesIO(_to_pdf(binary, source, tmp_path))).pages
    slides = Presentation(io.BytesIO(data)).slides
    assert len(pages) == len(slides)
    for page, slide in zip(pages, slides, strict=True):
        assert squash(slide.shapes.title.text) in squash(page.extract_text())


def test_libreoffice_opens_the_workshop_handout(tmp_path: Path) -> None:
    from generator.loaded import load_input
    from generator.pipeline import build_handout

    binary = soffice()
    (data,) = build_handout(load_input(ROOT / "workshops" / "kom-i-gang.yaml"), ["docx"]).values()
    source = tmp_path / "handout.docx"
    source.write_bytes(data)
    text = squash(pdf_text(_to_pdf(binary, source, tmp_path)))
    for expected in [
        "Tiltakene side om side",
        "cirka 17 mobiliteter",
        "Fem steg til ditt Erasmus+-prosjekt",
    ]:
        assert squash(expected) in text
