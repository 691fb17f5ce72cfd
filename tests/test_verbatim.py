"""Property: any text a user writes in any free-text field appears verbatim in md, docx and pdf.

"Verbatim" is character for character, with white space compared as layout (a line wrap in the
PDF or a paragraph break in Word is not a change of content). The alphabet is every printable
character the PDF's built-in fonts can show (Latin, Greek, Cyrillic, common punctuation and
symbols), weighted towards ASCII punctuation, which is what markup languages use.

`make test` tries 40 examples; search deeper with GEN_HYPOTHESIS_EXAMPLES=1000 make test.
"""

from __future__ import annotations

import os
import string
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.loaded import load_project
from generator.pipeline import build_application
from tests.conftest import project_yaml, write_tree
from tests.extract import TEXT_OF, squash

RANGES = [
    (0x20, 0x7E),
    (0xA0, 0x17F),
    (0x391, 0x3C9),
    (0x410, 0x44F),
    (0x2010, 0x2027),
    (0x20AC, 0x20AC),
]
WIDE = "".join(
    chr(c) for lo, hi in RANGES for c in range(lo, hi + 1) if chr(c).isprintable() or c == 0xA0
)
ALPHABET = st.sampled_from(string.punctuation) | st.sampled_from(WIDE) | st.sampled_from(" \n")
TEXT = st.text(ALPHABET, min_size=1, max_size=60).filter(lambda t: t.strip() != "")


def _set(data: dict, field: str, text: str) -> dict:
    """Put `text` into one free-text field of the minimal project's data."""
    if field in ("title", "summary", "acronym"):
        return {field: text}
    if field == "applicant.description":
        return {"applicant": {**data["applicant"], "description": text}}
    if field == "needs.text":
        return {"needs": [{**data["needs"][0], "text": text}]}
    if field == "goals.measure":
        return {"goals": [{**data["goals"][0], "measure": text}]}
    if field == "activities.title":
        return {"activities": [{**data["activities"][0], "title": text}]}
    if field == "selection.procedure":
        return {"selection": {**data["selection"], "procedure": text}}
    if field == "preparation":
        return {"preparation": [text]}
    if field == "dissemination.channel":
        return {"dissemination": [{**data["dissemination"][0], "channel": text}]}
    raise AssertionError(field)


FIELDS = [
    "title",
    "summary",
    "acronym",
    "applicant.description",
    "needs.text",
    "goals.measure",
    "activities.title",
    "selection.procedure",
    "preparation",
    "dissemination.channel",
]


@settings(
    max_examples=int(os.environ.get("GEN_HYPOTHESIS_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(field=st.sampled_from(FIELDS), text=TEXT)
@example(field="title", text="-0")  # found by hypothesis: Typst read "-" before a digit as "−"
def test_any_text_survives_verbatim(tmp_path: Path, field: str, text: str) -> None:
    from generator.inputs.load import load_bytes
    from tests.conftest import MINIMAL

    data = load_bytes(MINIMAL.encode("utf-8"), "m.yaml").data
    path = write_tree(tmp_path, {"p.yaml": project_yaml(**_set(data, field, text))}) / "p.yaml"
    files = build_application(load_project(path), ["md", "docx", "pdf"])
    for out, content in files.items():
        fmt = out.suffix[1:]
        assert squash(text) in squash(TEXT_OF[fmt](content)), (fmt, field, text)


SLIDE_FIELDS = [
    "title",
    "needs.text",
    "activities.title",
    "selection.procedure",
    "dissemination.channel",
]


@settings(
    max_examples=int(os.environ.get("GEN_HYPOTHESIS_EXAMPLES", "40")) // 2,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(field=st.sampled_from(SLIDE_FIELDS), text=TEXT)
@example(field="needs.text", text="=")  # found by hypothesis: a Typst heading in a list item
def test_any_text_survives_verbatim_in_slides_and_handout(
    tmp_path: Path, field: str, text: str
) -> None:
    from generator.inputs.load import load_bytes
    from generator.pipeline import build_handout, build_slides
    from tests.conftest import MINIMAL

    data = load_bytes(MINIMAL.encode("utf-8"), "m.yaml").data
    path = write_tree(tmp_path, {"p.yaml": project_yaml(**_set(data, field, text))}) / "p.yaml"
    loaded = load_project(path)
    files = {
        **build_slides(loaded, ["pptx", "pdf"]),
        **build_handout(loaded, ["md", "docx", "pdf"]),
    }
    for out, content in files.items():
        fmt = out.suffix[1:]
        assert squash(text) in squash(TEXT_OF[fmt](content)), (out.name, field, text)
