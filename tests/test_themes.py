"""Themes: a file's `theme:` and a shared --theme file give every document the same colours, font
and logo (PPTX, the PDF deck, the handout's and the application's Word styles and PDF); a
user's slide template's colours and logo reach the PDF deck; themes are checked; characters no
PDF font has are a warning; the slides' font fits where LibreOffice opens them."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import cli
from generator.documents.slides.palette import DEFAULT_PALETTE
from generator.loaded import load_input
from generator.pipeline import build_application, build_handout, build_slides
from tests.conftest import ROOT, beside_projects, project_yaml, write_tree
from tests.extract import pdf_text, squash

PRIMARY, ACCENT = "0E5A4E", "F28C28"
THEME = {"primary": f"#{PRIMARY}", "accent": f"#{ACCENT}", "logo": "logo.png", "font": "Calibri"}
SVG = (ROOT / "themes" / "example-logo.svg").read_bytes()


def png(colour: tuple[int, int, int] = (200, 30, 30), size: tuple[int, int] = (120, 40)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def gen(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def pdf_colours(data: bytes) -> set[str]:
    """Every fill and stroke colour the PDF's pages paint with, as RRGGBB."""
    from pypdf import PdfReader

    found = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        stream = page.get_contents()
        text = stream.get_data().decode("latin-1") if stream is not None else ""
        for r, g, b in re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) (?:rg|RG|scn|SCN)\b", text):
            found.add("".join(f"{round(float(c) * 255):02X}" for c in (r, g, b)))
    return found


def pdf_images(data: bytes, page: int = 0) -> list[bytes]:
    from pypdf import PdfReader

    return [image.data for image in PdfReader(io.BytesIO(data)).pages[page].images]


def pdf_fonts(data: bytes) -> str:
    return " ".join(re.findall(r"/BaseFont\s*/([A-Za-z+-]+)", data.decode("latin-1")))


def themed_workshop(tmp_path: Path, theme: dict[str, str] | None = None) -> Path:
    """The seed workshop, beside copies of the bundled projects, with `theme` (YAML flow)."""
    text = beside_projects(tmp_path, (ROOT / "workshops" / "kom-i-gang.yaml").read_text("utf-8"))
    if theme is not None:
        text += "theme: {" + ", ".join(f'{k}: "{v}"' for k, v in theme.items()) + "}\n"
    return write_tree(tmp_path, {"w.yaml": text, "logo.png": png(), "logo.svg": SVG}) / "w.yaml"


def test_a_theme_reaches_every_format_of_a_workshop(tmp_path: Path) -> None:
    item = load_input(themed_workshop(tmp_path, THEME))
    logo = (tmp_path / "logo.png").read_bytes()
    slides = build_slides(item, ["pptx", "pdf"])
    pptx, deck = slides[Path("kom-i-gang/slides.pptx")], slides[Path("kom-i-gang/slides.pdf")]
    parts = entries(pptx)
    theme = parts["ppt/theme/theme1.xml"].decode()
    assert f'<a:dk2><a:srgbClr val="{PRIMARY}"/></a:dk2>' in theme
    assert f'<a:accent1><a:srgbClr val="{ACCENT}"/></a:accent1>' in theme
    # a link on a slide (the video, the poll) in the primary colour, as in the PDF
    assert f'<a:hlink><a:srgbClr val="{PRIMARY}"/></a:hlink>' in theme
    drawn = [n for n in parts if re.match(r"ppt/(slides|slideLayouts|slideMasters)/[^/]+\.xml$", n)]
    for name in drawn:  # titles, bullets, numbers, step boxes, ladder, backgrounds, rules
        body = parts[name].decode()
        assert DEFAULT_PALETTE.primary not in body and DEFAULT_PALETTE.accent not in body, name
    steps = next(parts[n].decode() for n in drawn if "Konkretisere" in parts[n].decode())
    assert f'<a:srgbClr val="{PRIMARY}"/>' in steps and f'<a:srgbClr val="{ACCENT}"/>' in steps
    assert 'typeface="Calibri"' in steps and 'typeface="Arial"' not in steps
    assert logo in [body for name, body in parts.items() if name.startswith("ppt/media/")]
    assert "<p:pic>" in parts["ppt/slides/slide1.xml"].decode()  # on the title slide
    assert {PRIMARY, ACCENT} <= pdf_colours(deck)
    assert not {DEFAULT_PALETTE.primary, DEFAULT_PALETTE.accent} & pdf_colours(deck)
    assert pdf_images(deck, 0) and pdf_images(deck, 2)  # the title slide and a footer
    assert "Carlito" in pdf_fonts(deck) and "Liberation" not in pdf_fonts(deck)

    handout = build_handout(item, ["docx", "pdf"])
    docx, pdf = handout[Path("kom-i-gang/handout.docx")], handout[Path("kom-i-gang/handout.pdf")]
    word = entries(docx)
    styles = word["word/styles.xml"].decode()
    heading = re.search(r'w:styleId="Heading1".*?</w:style>', styles, re.DOTALL)
    assert heading and f'w:val="{PRIMARY}"' in heading.group(0)
    assert 'w:ascii="Calibri"' in styles and "Calibri Light" not in styles
    assert word["word/media/gen-logo.png"] == logo
    body = word["word/document.xml"].decode()
    assert body.index('r:embed="rIdGenLogo"') < body.index('w:val="Title"')
    assert PRIMARY in pdf_colours(pdf) and ACCENT in pdf_colours(pdf)
    assert pdf_images(pdf, 0) and "Carlito" in pdf_fonts(pdf)
    assert squash("Hvordan komme i gang") in squash(pdf_text(pdf))
    assert "Diku" in pdf_text(pdf).split("Hvordan")[1][:200]  # the organiser in the title block


def test_an_svg_logo_is_drawn_in_the_pdfs_and_as_a_png_in_office_files(tmp_path: Path) -> None:
    theme = {"logo": "logo.svg", "primary": f"#{PRIMARY}"}
    write_tree(tmp_path, {"p.yaml": project_yaml(theme=theme), "logo.svg": SVG})
    item = load_input(tmp_path / "p.yaml")
    files = {**build_application(item, ["docx", "pdf"]), **build_slides(item, ["pptx", "pdf"])}
    wave = "9FD3C7"  # a colour only the logo has
    assert wave in pdf_colours(files[Path("p/application.pdf")])
    assert wave in pdf_colours(files[Path("p/slides.pdf")])
    assert entries(files[Path("p/application.docx")])["word/media/gen-logo.png"].startswith(
        b"\x89PNG"
    )
    media = [n for n in entries(files[Path("p/slides.pptx")]) if n.startswith("ppt/media/")]
    assert media and all(n.endswith(".png") for n in media)


def test_the_shared_theme_is_the_base_and_the_files_own_keys_go_over_it(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "house/theme.yaml": 'primary: "#222266"\naccent: "#DD3300"\nlogo: logo.png\n',
            "house/logo.png": png(),
            "p.yaml": project_yaml(theme={"primary": "#115511"}),
        },
    )
    out = tmp_path / "o"
    result = gen(
        "slides", str(tmp_path / "p.yaml"), "--theme", str(tmp_path / "house/theme.yaml"),
        "-o", str(out), "-f", "pptx,pdf",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    theme = entries((out / "p/slides.pptx").read_bytes())["ppt/theme/theme1.xml"].decode()
    assert '<a:dk2><a:srgbClr val="115511"/>' in theme  # the file's own primary
    assert '<a:accent1><a:srgbClr val="DD3300"/>' in theme  # the house accent
    assert pdf_images((out / "p/slides.pdf").read_bytes())  # the house logo


def user_template(dk2: str, accent1: str, picture: bytes | None) -> bytes:
    """The built-in slide template with other theme colours and a picture (a logo) on its
    Title Slide layout."""
    from pptx import Presentation
    from pptx.oxml.shapes.picture import CT_Picture
    from pptx.util import Inches

    prs = Presentation(str(ROOT / "templates" / "slides.pptx"))
    layout = next(x for x in prs.slide_layouts if x.name == "Title Slide")
    if picture is not None:
        _, rid = layout.part.get_or_add_image_part(io.BytesIO(picture))
        pic = CT_Picture.new_pic(
            90, "Logo", "", rid, Inches(0.4), Inches(0.4), Inches(1.5), Inches(0.5)
        )
        layout.shapes._spTree.append(pic)
    out = io.BytesIO()
    prs.save(out)
    parts = entries(out.getvalue())
    theme = parts["ppt/theme/theme1.xml"].decode()
    theme = re.sub(r"<a:dk2>.*?</a:dk2>", f'<a:dk2><a:srgbClr val="{dk2}"/></a:dk2>', theme)
    theme = re.sub(
        r"<a:accent1>.*?</a:accent1>", f'<a:accent1><a:srgbClr val="{accent1}"/></a:accent1>', theme
    )
    parts["ppt/theme/theme1.xml"] = theme.encode()
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in parts.items():
            z.writestr(name, body)
    return packed.getvalue()


def test_a_users_slide_template_gives_its_colours_and_logo_to_the_pdf_deck(
    tmp_path: Path,
) -> None:
    logo = png((10, 120, 10))
    write_tree(tmp_path, {"t/slides.pptx": user_template("7A1020", "10A0C0", logo)})
    workshop = themed_workshop(tmp_path)
    result = gen(
        "slides", str(workshop), "--templates", str(tmp_path / "t"), "-o", str(tmp_path / "o")
    )
    assert result.exit_code == 0, result.output
    deck = (tmp_path / "o/kom-i-gang/slides.pdf").read_bytes()
    assert {"7A1020", "10A0C0"} <= pdf_colours(deck)  # dark slides, rules, bullets, step boxes
    assert not {DEFAULT_PALETTE.primary, DEFAULT_PALETTE.accent} & pdf_colours(deck)
    assert pdf_images(deck, 0) and not pdf_images(deck, 2)  # the logo of the title layout
    pptx = entries((tmp_path / "o/kom-i-gang/slides.pptx").read_bytes())
    assert "7A1020" in pptx["ppt/slides/slide17.xml"].decode()  # the five steps

    # An explicit theme wins: its colours in both formats, its logo instead of the template's.
    theme = write_tree(tmp_path, {"theme.yaml": f'primary: "#{PRIMARY}"\nlogo: logo.svg\n'})
    result = gen(
        "slides", str(workshop), "--templates", str(tmp_path / "t"), "--theme",
        str(theme / "theme.yaml"), "-o", str(tmp_path / "o2"),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    deck = (tmp_path / "o2/kom-i-gang/slides.pdf").read_bytes()
    assert PRIMARY in pdf_colours(deck) and "7A1020" not in pdf_colours(deck)
    assert "10A0C0" in pdf_colours(deck)  # the template's accent stays: the theme has none
    assert not pdf_images(deck, 0)  # the template's picture is gone; the SVG logo is vectors
    pptx = entries((tmp_path / "o2/kom-i-gang/slides.pptx").read_bytes())
    assert logo not in pptx.values() and "7A1020" not in pptx["ppt/theme/theme1.xml"].decode()


@pytest.mark.parametrize(
    ("theme", "message"),
    [
        ("primary: blue", "theme.primary: 'blue' is not a colour"),
        ("primary: #1F4E79", "theme.primary: is empty: a colour starts with '#'"),
        ("accent: '#12345'", "theme.accent: '#12345' is not a colour"),
        (
            "font: Calbri",
            "theme.font: 'Calbri' is not a font gen can use — did you mean 'Calibri'?",
        ),
        ("logo: missing.png", "theme.logo: no logo at"),
        ("logo: notes.txt", "is neither a PNG nor an SVG file"),
        ("logo: script.svg", "has <script> (line 1)"),
        ("logo: remote.svg", "refers to 'https://evil.example/x.png'"),
        ("logo: handler.svg", "has the event handler onload"),
        ("logo: entity.svg", "declares a DTD or entities"),
        ("logo: css.svg", "has a style that loads from outside the file"),
        ("logo: big.png", "is larger than 1 MiB"),
        ("colour: red", "theme.colour: "),
    ],
)
def test_a_theme_that_cannot_be_used_is_an_error_at_its_line(
    tmp_path: Path, theme: str, message: str
) -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">{}</svg>'
    write_tree(
        tmp_path,
        {
            "p/p.yaml": project_yaml() + "theme:\n  " + theme + "\n",
            "p/notes.txt": "not a logo",
            "p/script.svg": svg.format("<script>alert(1)</script>"),
            "p/remote.svg": svg.format('<image href="https://evil.example/x.png"/>'),
            "p/handler.svg": svg.format('<rect onload="x()"/>'),
            "p/entity.svg": '<!DOCTYPE svg [<!ENTITY e "x">]>' + svg.format("&e;"),
            "p/css.svg": svg.format("<style>@import url(https://evil.example/a.css);</style>"),
            "p/big.png": png() + b"\0" * (1024 * 1024),
        },
    )
    result = gen("application", str(tmp_path / "p/p.yaml"), "-o", str(tmp_path / "o"), "-f", "md")
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert re.search(r"p\.yaml:\d+:\d+: theme", result.output), result.output


def test_a_logo_outside_the_files_folder_and_repository_is_refused(tmp_path: Path) -> None:
    write_tree(
        tmp_path, {"outside.png": png(), "p/p.yaml": project_yaml(theme={"logo": "../outside.png"})}
    )
    result = gen("application", str(tmp_path / "p/p.yaml"), "-o", str(tmp_path / "o"), "-f", "md")
    assert result.exit_code == 1 and "theme.logo" in result.output, result.output


def test_a_light_primary_is_a_warning(tmp_path: Path) -> None:
    write_tree(tmp_path, {"p.yaml": project_yaml(theme={"primary": "#FFE680"})})
    result = gen("application", str(tmp_path / "p.yaml"), "-o", str(tmp_path / "o"), "-f", "md")
    assert result.exit_code == 0
    assert "theme.primary: warning: #FFE680 is light" in result.output


def test_characters_no_pdf_font_has_are_a_warning_naming_the_field(tmp_path: Path) -> None:
    write_tree(tmp_path, {"p.yaml": project_yaml(title="Lesing 🙂 i alle fag 中文 ไทย")})
    result = gen("application", str(tmp_path / "p.yaml"), "-o", str(tmp_path / "o"), "-f", "pdf")
    assert result.exit_code == 0, result.output
    assert re.search(
        r"p\.yaml:5:\d+: title: warning: the application PDF has no font for", result.output
    )
    for char in ("🙂 (U+1F642)", "中 (U+4E2D)", "ไ (U+0E44)"):
        assert char in result.output
    result = gen("application", str(tmp_path / "p.yaml"), "-o", str(tmp_path / "o"), "-f", "docx")
    assert "no font for" not in result.output  # Word shows them with the reader's fonts
    result = gen("slides", str(tmp_path / "p.yaml"), "-o", str(tmp_path / "o"))
    assert "the slides PDF has no font for" in result.output


def test_the_font_list_is_the_bundled_one() -> None:
    from generator.inputs.theme import FONT_ALIASES, FONT_NAMES
    from generator.output.fonts import FONTS

    assert set(FONT_NAMES) == set(FONTS) and set(FONT_ALIASES.values()) <= set(FONTS)
    fonts = ROOT / "generator" / "data" / "fonts"
    for font in FONTS.values():
        for face in ("Regular", "Bold", "Italic", "BoldItalic"):
            assert (fonts / font.folder / f"{font.file_stem}-{face}.ttf").is_file()
        assert list((fonts / font.folder).glob("COPYRIGHT-*")), font  # the licence beside it
        assert "Open Font License" in next((fonts / font.folder).glob("COPYRIGHT-*")).read_text()


def test_an_empty_theme_and_an_empty_template_folder_change_no_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a theme's keys or an override, every document is the built-in one."""
    from generator.inputs.theme import ResolvedTheme

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    (tmp_path / "t").mkdir()
    for path in (ROOT / "projects/melhus.yaml", ROOT / "workshops/kom-i-gang-2026.yaml"):
        item = load_input(path)
        for build, formats in (
            (build_handout, ["md", "docx", "pdf", "odt", "html"]),
            (build_slides, ["pptx", "pdf"]),
        ):
            plain = build(item, formats)
            assert build(item, formats, tmp_path / "t", ResolvedTheme()) == plain


def test_a_copy_of_every_built_in_template_gives_the_same_documents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every override point is read (a copy of the built-in file is used as it is)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    shutil.copytree(ROOT / "templates", tmp_path / "t")
    item = load_input(ROOT / "projects" / "voss-ka210.yaml")
    formats = ["md", "docx", "pdf"]
    assert build_application(item, formats, tmp_path / "t") == build_application(item, formats)
    assert build_slides(item, ["pptx", "pdf"], tmp_path / "t") == build_slides(
        item, ["pptx", "pdf"]
    )


# --- the slides' font where they are opened ------------------------------------------------------


def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        if os.environ.get("GEN_REQUIRE_SOFFICE"):
            pytest.fail("soffice is required (GEN_REQUIRE_SOFFICE=1) but not installed")
        pytest.skip("LibreOffice (soffice) is not installed")
    return path


@pytest.mark.parametrize("font", [None, "Calibri", "Times New Roman"])
def test_libreoffice_breaks_no_word_in_the_five_step_boxes(
    tmp_path: Path, font: str | None
) -> None:
    """The PPTX names Arial (or the theme's Calibri, Times New Roman): LibreOffice shows it with
    Liberation Sans, Carlito, Liberation Serif, which have their metrics, so the step titles,
    fitted with them, break between words only (.ci/run installs the fonts)."""
    binary = soffice()
    if os.environ.get("GEN_REQUIRE_SOFFICE"):
        listed = subprocess.run(["fc-list"], capture_output=True, text=True).stdout
        assert "Liberation Sans" in listed and "Carlito" in listed and "Liberation Serif" in listed
    workshop = themed_workshop(tmp_path, {"font": font} if font else None)
    (data,) = build_slides(load_input(workshop), ["pptx"]).values()
    source = tmp_path / "slides.pptx"
    source.write_bytes(data)
    done = subprocess.run(
        [binary, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(source)],
        capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    from pypdf import PdfReader

    pages = PdfReader(str(tmp_path / "pdf" / "slides.pdf")).pages
    steps = next(p.extract_text() for p in pages if "Fem steg" in p.extract_text())
    # A line may end after a space or a hyphen ("Erasmus+-" / "teamet"), never inside a word.
    words = set(re.findall(r"[^\s-]+-?", steps))
    for title in ("Utvikle prosjektidé", "Danne Erasmus+-teamet", "Konkretisere prosjektet",
                  "Registrere organisasjonene", "Skrive søknaden"):  # fmt: skip
        for word in re.findall(r"[^\s-]+-?", title):
            assert word in words, (word, steps)
