"""The YAML loader: what the spec's common rules and security.md refuse, each as one clear error."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.errors import InputError
from generator.inputs.load import MAX_BYTES, load_bytes


def problems(text: str | bytes) -> list[str]:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(InputError) as info:
        load_bytes(raw, "p.yaml")
    return [str(p) for p in info.value.problems]


def test_plain_scalars_stay_text_so_norway_is_no_and_codes_keep_zeros() -> None:
    doc = load_bytes(b"country: NO\npic: 0150\nyes_no: yes\nversion: 1.10\ntime: 12:30\n", "p.yaml")
    assert doc.data == {
        "country": "NO",
        "pic": "0150",
        "yes_no": "yes",
        "version": "1.10",
        "time": "12:30",
    }


def test_empty_tilde_and_null_are_none_but_quoted_null_is_text() -> None:
    doc = load_bytes(b'a:\nb: ~\nc: null\nd: "null"\n', "p.yaml")
    assert doc.data == {"a": None, "b": None, "c": None, "d": "null"}


def test_marks_point_at_keys_and_values() -> None:
    doc = load_bytes(b"title: x\nlist:\n  - a\n  - b\n", "p.yaml")
    assert doc.mark(("list", 1)) == (4, 5)
    assert doc.mark(("list",), key=True) == (2, 1)
    assert doc.mark(("missing", "deeper")) == (1, 1)


def test_a_byte_order_mark_is_accepted() -> None:
    assert load_bytes("\ufefftitle: Å".encode(), "p.yaml").data == {"title": "Å"}


def test_duplicate_keys_name_both_lines() -> None:
    assert problems("title: a\nacronym: b\ntitle: c\n") == [
        "p.yaml:3:1: title: duplicate key 'title' (first at line 1)\n    hint: keep one of them"
    ]


def test_duplicate_keys_are_found_in_nested_mappings_too() -> None:
    found = problems("applicant:\n  name: a\n  name: b\n")
    assert found[0].startswith("p.yaml:3:3: applicant.name: duplicate key 'name' (first at line 2)")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: &x 1\nb: *x\n", "p.yaml:1:4: -: anchors (&name) are not allowed"),
        ("a: [*x]\n", "aliases (*name) are not allowed"),
        (
            "a: !!python/object:os.system x\n",
            "YAML tags (tag:yaml.org,2002:python/object:os.system) are not allowed",
        ),
        ("a: !!int 5\n", "YAML tags"),
    ],
)
def test_anchors_aliases_and_tags_are_refused(text: str, message: str) -> None:
    assert message in problems(text)[0]


def test_an_alias_bomb_is_refused_before_it_expands() -> None:
    bomb = "a: &a [x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(20)
    )
    assert "anchors (&name) are not allowed" in problems(bomb)[0]


def test_tab_indentation_is_one_clear_error() -> None:
    found = problems("applicant:\n\tname: x\n")
    assert found == [
        "p.yaml:2:1: -: a tab character is used for indentation\n    hint: indent with spaces"
    ]


def test_invalid_utf8_gives_line_and_column() -> None:
    found = problems(b"title: ok\nname: Bl\xe5b\xe6r\n")
    assert found[0].startswith("p.yaml:2:9: -: not valid UTF-8 (byte 0xE5)")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("# only a comment\n", "the file is empty"),
        ("- a\n- b\n", "the top level must be a mapping of keys"),
        ("just text\n", "the top level must be a mapping of keys"),
        ("a: 1\n---\nb: 2\n", "only one YAML document is allowed"),
    ],
)
def test_wrong_document_shapes(text: str, message: str) -> None:
    assert message in problems(text)[0]


def test_files_over_one_mebibyte_are_refused() -> None:
    assert "larger than 1 MiB" in problems(b"a: " + b"x" * MAX_BYTES)[0]


def test_deep_nesting_is_refused_not_a_crash() -> None:
    assert "nested deeper than" in problems("a: " + "[" * 5000 + "]" * 5000)[0]


def test_control_characters_are_refused_where_they_stand() -> None:
    found = problems('title: ok\nsummary: "bad \\x01 char"\n')
    assert found[0].startswith("p.yaml:2:10: summary: control character U+0001 is not allowed")
    raw = problems(b"title: a\x01b\n")
    assert "U+0001" in raw[0]


def test_an_unquoted_brace_value_says_quote_it() -> None:
    found = problems("title: {{ 7*7 }}\n")
    assert "quote it" in found[0]


def test_a_colon_in_a_plain_value_says_quote_it() -> None:
    found = problems("procedure: Merk: dette\n")
    assert "p.yaml:1:16" in found[0] and "quote the value" in found[0]


def test_problems_have_file_line_col_key_message_and_a_hint() -> None:
    for text in ("a: &x 1\n", "title: a\ntitle: b\n", "- x\n", b"\xff"):
        for problem in problems(text):
            assert re.match(r"^p\.yaml:\d+:\d+: \S+: .+\n    hint: .+", problem), problem


def test_load_file_reports_a_missing_file(tmp_path: Path) -> None:
    from generator.inputs.load import load_file

    with pytest.raises(InputError, match="no such file"):
        load_file(tmp_path / "nope.yaml")
