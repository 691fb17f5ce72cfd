"""gen edit, in process: the guard, saving with comments kept, problems at their fields as the CLI
says them, lists, changes made outside, downloads built in memory, user text kept as text.

The same in a real browser: tests/test_edit_browser.py."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import cli
from generator.edit import form as forms
from generator.edit.app import create_app
from generator.edit.session import Session
from generator.errors import InputError
from generator.inputs.project import Project
from generator.loaded import load_project
from tests.conftest import ROOT

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's test client warns about its httpx
    from starlette.testclient import TestClient

PORT = 8765
TOKEN = "test-token"
ORIGIN = f"http://127.0.0.1:{PORT}"


@pytest.fixture
def melhus(tmp_path: Path) -> Path:
    target = tmp_path / "prosjekt" / "melhus.yaml"
    target.parent.mkdir()
    shutil.copy(ROOT / "projects" / "melhus.yaml", target)
    return target


def client_for(path: Path, token: bool = True) -> TestClient:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        client = TestClient(create_app(Session(path), TOKEN, PORT), base_url=ORIGIN)
    if token:
        client.cookies.set(f"gen-edit-{PORT}", TOKEN)
    return client


@pytest.fixture
def client(melhus: Path) -> Iterator[TestClient]:
    yield client_for(melhus)


def change(client: TestClient, name: str, value: Any) -> dict[str, Any]:
    # As a browser sends it: JSON with every non-ASCII character escaped (so a lone surrogate
    # arrives as "\ud800", as JSON.stringify writes it).
    body = json.dumps({"name": name, "value": value}).encode("ascii")
    response = client.post(
        "/api/change", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


def cli_problems(path: Path) -> list[tuple[str, str]]:
    with pytest.raises(InputError) as info:
        load_project(path)
    return [(p.key, p.message) for p in info.value.problems]


# --- the guard -----------------------------------------------------------------------------


def test_the_token_in_the_printed_url_becomes_a_cookie_and_leaves_the_url(melhus: Path) -> None:
    client = client_for(melhus, token=False)
    assert client.get("/").status_code == 403
    assert client.get("/?token=wrong").status_code == 403
    response = client.get(f"/?token={TOKEN}", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/"
    cookie = response.headers["set-cookie"]
    assert f"gen-edit-{PORT}={TOKEN}" in cookie
    assert "HttpOnly" in cookie and "samesite=strict" in cookie.lower()
    assert client.get("/").status_code == 200  # the cookie now carries the token


@pytest.mark.parametrize(
    "path", ["/", "/static/app.js", "/api/state", "/download/application.md", "/api/poll"]
)
def test_every_request_needs_the_token(melhus: Path, path: str) -> None:
    assert client_for(melhus, token=False).get(path).status_code == 403


@pytest.mark.parametrize("host", ["evil.example:8765", "127.0.0.1:9999", "localhost.evil:8765"])
def test_a_foreign_host_is_refused_even_with_the_token(client: TestClient, host: str) -> None:
    """DNS rebinding: a page at evil.example resolved to 127.0.0.1 sends its own Host."""
    assert client.get("/", headers={"Host": host}).status_code == 403
    response = client.post(
        "/api/change", json={"name": "title", "value": "x"}, headers={"Host": host}
    )
    assert response.status_code == 403


def test_a_foreign_origin_is_refused_and_changes_nothing(client: TestClient, melhus: Path) -> None:
    before = melhus.read_bytes()
    for origin in ("http://evil.example", "null", f"http://127.0.0.1:{PORT + 1}"):
        response = client.post(
            "/api/change", json={"name": "title", "value": "hacked"}, headers={"Origin": origin}
        )
        assert response.status_code == 403
        assert client.get("/api/state", headers={"Origin": origin}).status_code == 403
    assert melhus.read_bytes() == before


def test_a_change_must_be_json_so_a_cross_site_form_cannot_send_one(client: TestClient) -> None:
    response = client.post(
        "/api/change",
        content=b"name=title&value=x",
        headers={"Content-Type": "application/x-www-form-urlencoded", "Origin": ORIGIN},
    )
    assert response.status_code == 415


def test_every_response_forbids_inline_script_and_framing(client: TestClient) -> None:
    for path in ("/", "/api/state", "/static/app.js"):
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert headers["x-content-type-options"] == "nosniff"
    page = client.get("/").text
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)  # no inline script block
    assert not re.search(r"\son[a-z]+=", page)  # no event handler attribute


# --- the form ------------------------------------------------------------------------------


def test_each_control_is_named_by_its_key_path(client: TestClient) -> None:
    page = client.get("/").text
    for name in (
        "title",
        "needs[0].text",
        "goals[0].needs",
        "activities[0].participants",
        "activities[0].destination.city",
        "period.start",
        "applicant.oid",
        "selection.procedure",
        "preparation[0]",
    ):
        assert f'name="{name}"' in page, name
    assert 'id="preview"' in page


def model_keys(model: type[Any], prefix: str = "") -> Iterator[str]:
    for name, info in model.model_fields.items():
        yield name
        found = forms.shape(info.annotation)
        for inner in (found.base, *getattr(found.base, "__args__", ())):
            base = forms.shape(inner).base
            if isinstance(base, type) and hasattr(base, "model_fields"):
                yield from model_keys(base)


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_every_key_of_the_format_has_a_label_in_each_language(language: str) -> None:
    labels = forms.words(language)["keys"]
    missing = sorted(set(model_keys(Project)) - set(labels) - set(forms.HIDDEN))
    assert missing == []


def test_every_top_level_key_of_the_model_has_its_place_in_a_step(melhus: Path) -> None:
    """A key added to the format lands in a step without page code (step 4 by default)."""
    session = Session(melhus)
    placed = {c.name for step in forms.steps(session.context()) for c in step.controls}
    assert set(Project.model_fields) - set(forms.HIDDEN) <= placed


def test_choices_are_labelled_in_the_projects_language(client: TestClient) -> None:
    page = client.get("/").text
    assert "Jobbskygging" in page  # activity type
    assert ">Tyskland<" in page  # country names in Norwegian
    assert "KA101 – Mobilitetsprosjekt for ansatte" in page
    # a goal's needs are chosen among the needs' ids, not typed
    assert re.search(r'name="goals\[0\]\.needs" value="basic-skills"[^>]*checked', page)


# --- changes -------------------------------------------------------------------------------


def test_a_change_is_saved_keeping_comments_order_and_untouched_lines(
    client: TestClient, melhus: Path
) -> None:
    before = melhus.read_text("utf-8").splitlines()
    state = change(client, "title", "Lesing i alle fag – ny tittel")
    after = melhus.read_text("utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed == [
        (
            "title: Å utvikle kvalitet i undervisningen av grunnleggende ferdigheter",
            "title: Lesing i alle fag – ny tittel",
        )
    ]
    assert "Lesing i alle fag – ny tittel" in state["preview"]
    assert [p.name for p in melhus.parent.iterdir()] == ["melhus.yaml"]  # no temp file left


def test_a_wrong_number_shows_the_clis_message_at_its_field_and_is_saved(
    client: TestClient, melhus: Path
) -> None:
    state = change(client, "activities[0].participants", "fire")
    assert "participants: fire" in melhus.read_text("utf-8")  # nothing typed is lost
    shown = {(p["key"], p["message"]) for p in state["problems"]}
    expected = cli_problems(melhus)
    assert expected and set(expected) <= shown
    assert any(key == "activities[0].participants" for key, _ in expected)
    assert not state["valid"]
    assert state["preview"]  # the last good preview stays
    state = change(client, "activities[0].participants", "4")
    assert "participants: 4" in melhus.read_text("utf-8") and state["valid"]


def test_a_multi_line_text_is_written_as_a_block_and_reads_back_verbatim(
    client: TestClient, melhus: Path
) -> None:
    text = "Første linje.\nAndre linje med «sitat» & <tegn>.\n\nNytt avsnitt."
    change(client, "needs[0].text", text)
    assert "text: |-" in melhus.read_text("utf-8")
    assert load_project(melhus).project.needs[0].text == text


def test_emptying_an_optional_key_removes_it(client: TestClient, melhus: Path) -> None:
    change(client, "acronym", "")
    assert "acronym:" not in melhus.read_text("utf-8")


def test_an_unknown_key_is_refused_without_touching_the_file(
    client: TestClient, melhus: Path
) -> None:
    before = melhus.read_bytes()
    for name in ("no_such_key", "title.x", "needs[0].nope", "../etc", ""):
        response = client.post("/api/change", json={"name": name, "value": "x"})
        assert response.status_code == 400, name
    assert melhus.read_bytes() == before


def test_lists_can_be_added_to_reordered_and_emptied(client: TestClient, melhus: Path) -> None:
    def need_ids() -> list[str]:
        return [n.id for n in load_project(melhus).project.needs]

    assert need_ids() == ["basic-skills", "shared-practice"]
    state = client.post("/api/list", json={"name": "needs", "op": "add"}).json()
    assert 'name="needs[2].text"' in state["form"]
    assert any(p["key"].startswith("needs[2]") for p in state["problems"])  # its text is missing
    change(client, "needs[2].text", "Elevene trenger mer engelsk.")
    assert need_ids() == ["basic-skills", "shared-practice", "need-3"]
    client.post("/api/list", json={"name": "needs", "op": "up", "index": 2})
    assert need_ids() == ["basic-skills", "need-3", "shared-practice"]
    client.post("/api/list", json={"name": "needs", "op": "remove", "index": 1})
    assert need_ids() == ["basic-skills", "shared-practice"]


def test_a_change_made_outside_is_picked_up(client: TestClient, melhus: Path) -> None:
    version = client.get("/api/state").json()["version"]
    assert client.get(f"/api/poll?version={version}").status_code == 204
    text = melhus.read_text("utf-8").replace("acronym: GRUNN", "acronym: UTENFRA")
    melhus.write_text(text, "utf-8")
    state = client.get(f"/api/poll?version={version}").json()
    assert 'value="UTENFRA"' in state["form"]
    assert "UTENFRA" in state["preview"]


def test_a_change_saved_in_another_editor_is_kept_when_the_form_saves(
    client: TestClient, melhus: Path
) -> None:
    """Another editor saves between two polls; the next change in the form goes on top of it."""
    text = melhus.read_text("utf-8").replace("acronym: GRUNN", "acronym: UTENFRA")
    melhus.write_text(text, "utf-8")
    change(client, "title", "Ny tittel")
    saved = melhus.read_text("utf-8")
    assert "acronym: UTENFRA" in saved and "title: Ny tittel" in saved


def test_a_file_broken_outside_is_never_written_over(client: TestClient, melhus: Path) -> None:
    melhus.write_text("title: [unclosed\n", "utf-8")
    state = client.get("/api/poll?version=0").json()
    assert "melhus.yaml:" in state["outside"]
    response = client.post("/api/change", json={"name": "title", "value": "x"})
    assert response.status_code == 409
    assert melhus.read_text("utf-8") == "title: [unclosed\n"


# --- user text stays text --------------------------------------------------------------------

HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "{{ 7*7 }}",
    '#read("/etc/passwd")',
    "[klikk](javascript:alert(1))",
    '"><svg onload=alert(1)>',
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_shown_as_written_never_as_markup(client: TestClient, text: str) -> None:
    state = change(client, "title", text)
    for html in (state["preview"], state.get("form", ""), client.get("/").text):
        assert "<img" not in html and "<script>alert" not in html and "<svg" not in html
        assert not re.search(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", html)
    if "{{" in text:
        assert "{{ 7*7 }}" in state["preview"]  # not run as a template
    page = client.get("/").text
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert escaped.replace('"', "&#34;") in page or escaped.replace('"', "&quot;") in page


# --- downloads -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("document", "magic"),
    [
        ("application.md", b"# "),
        ("application.docx", b"PK"),
        ("application.pdf", b"%PDF"),
        ("fields.txt", b"== "),
        ("slides.pptx", b"PK"),
        ("handout.docx", b"PK"),
    ],
)
def test_downloads_are_built_in_memory_from_the_file_as_it_is(
    client: TestClient, melhus: Path, document: str, magic: bytes
) -> None:
    change(client, "acronym", "NEDLAST")
    files_before = sorted(p.name for p in melhus.parent.iterdir())
    response = client.get(f"/download/{document}")
    assert response.status_code == 200
    assert response.content.startswith(magic)
    assert "attachment" in response.headers["content-disposition"]
    if document.endswith(".docx"):
        from docx import Document

        text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
        assert "Å utvikle kvalitet" in text
    if document == "application.md":
        assert "NEDLAST" in response.text
    assert sorted(p.name for p in melhus.parent.iterdir()) == files_before  # nothing written


def test_no_download_while_the_file_has_errors(client: TestClient) -> None:
    change(client, "activities[0].participants", "fire")
    response = client.get("/download/application.docx")
    assert response.status_code == 409
    assert client.get("/download/application.exe").status_code == 404


# --- the command -----------------------------------------------------------------------------


def test_gen_edit_refuses_a_workshop_file_and_a_missing_file(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        cli, ["edit", str(ROOT / "workshops" / "kom-i-gang.yaml"), "--no-browser"]
    )
    assert result.exit_code == 1 and "er en verkstedfil" in result.output  # said in its nb
    result = runner.invoke(cli, ["edit", str(tmp_path / "none.yaml"), "--no-browser"])
    assert result.exit_code == 1 and "gen edit --new" in result.output


def test_gen_edit_new_starts_from_the_skeleton_and_never_overwrites(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    served: list[Path] = []
    monkeypatch.setattr("generator.edit.server.serve", lambda file, *args: served.append(file))
    target = tmp_path / "ny.yaml"
    runner = CliRunner()
    result = runner.invoke(cli, ["edit", "--new", "ka122-sch", str(target), "--no-browser"])
    assert result.exit_code == 0, result.output
    assert served == [target] and "action: KA122-SCH" in target.read_text("utf-8")
    before = target.read_bytes()
    result = runner.invoke(cli, ["edit", "--new", "KA122-SCH", str(target), "--no-browser"])
    assert result.exit_code == 1 and "finnes allerede" in result.output  # --language nb
    assert target.read_bytes() == before
    result = runner.invoke(
        cli, ["edit", "--new", "KA122-SCH", str(target), "-l", "en", "--no-browser"]
    )
    assert result.exit_code == 1 and "exists; --new starts a new file" in result.output


def test_gen_help_does_not_import_the_web_stack() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from generator.cli import cli\n"
        "try: cli(['--help'])\nexcept SystemExit: pass\n"
        "print(sorted(m for m in ('starlette', 'uvicorn', 'ruamel', 'markdown_it') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("[]")


# --- nothing a page can send is a bug --------------------------------------------------------


NAMES = st.one_of(
    st.sampled_from(
        [
            "title",
            "needs[0].text",
            "needs[5].text",
            "needs[999999].text",
            "goals[0].needs",
            "activities[0].participants",
            "activities[0].destination.country",
            "period.start",
            "budget.rates",
            "quality_standards",
            "preparation[0]",
            "preparation[3]",
            "applicant",
            "needs",
        ]
    ),
    st.text(max_size=30),
)
VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=50),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)


@settings(
    max_examples=int(os.environ.get("GEN_EDIT_EXAMPLES", "120")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    name=NAMES,
    value=VALUES,
    op=st.sampled_from(["add", "remove", "up", "down", "zap"]),
    index=VALUES,
)
def test_no_change_a_page_can_send_is_a_bug(
    melhus: Path, name: str, value: Any, op: str, index: Any
) -> None:
    client = client_for(melhus)
    response = client.post("/api/change", json={"name": name, "value": value})
    assert response.status_code in (200, 400, 409), response.text
    response = client.post("/api/list", json={"name": name, "op": op, "index": index})
    assert response.status_code in (200, 400, 409), response.text
    assert client.get("/api/state").status_code == 200


@pytest.mark.parametrize(
    "example", sorted((ROOT / "projects").glob("*.yaml")), ids=lambda p: p.stem
)
def test_every_example_opens_in_the_editor_clean(tmp_path: Path, example: Path) -> None:
    """Each bundled project (every action, nb/nn/en) opens with its document and no problem; a
    KA121-SCH request finds its accreditation beside it."""
    folder = tmp_path / "projects"
    shutil.copytree(ROOT / "projects", folder)
    client = client_for(folder / example.name)
    page = client.get("/")
    assert page.status_code == 200
    state = client.get("/api/state").json()
    assert state["valid"] and not [p for p in state["problems"] if p["level"] == "error"]
    assert "<h1>" in state["preview"] and state["budget"]
    assert 'name="title"' in state["form"]
    for html in (page.text, state["write"], state["form"]):  # every word found in labels.yaml
        assert "built-in method" not in html and "Undefined" not in html


# --- what an adversarial review found (each a class, tested as one) ---------------------------


@pytest.mark.parametrize(
    ("typed", "saved"),
    [
        ("Linje en\u2028fortsatt\nlinje to", "Linje en\nfortsatt\nlinje to"),
        ("Avsnitt\u2029Nytt\nto", "Avsnitt\n\nNytt\nto"),
        ("Word\x0bpaste\nx", "Word\npaste\nx"),
        ("a\rb\nc", "a\nb\nc"),
        ("NEL\x85here\nx", "NEL\nhere\nx"),
        ("ctrl\x01\x7f\ufffe kept\nx", "ctrl kept\nx"),
        ("half \ud800 pair\nx", "half  pair\nx"),
    ],
)
def test_what_is_saved_always_reads_back_as_shown(
    client: TestClient, melhus: Path, typed: str, saved: str
) -> None:
    """Line separators become line breaks and characters a file cannot hold are dropped, so the
    saved file opens again in the editor and in every command."""
    change(client, "needs[0].text", typed)
    assert load_project(melhus).project.needs[0].text == saved
    assert Session(melhus).file.get(("needs", 0, "text")) == saved
    state = change(client, "acronym", "ETTER")  # and the editor goes on saving
    assert state["valid"] and "acronym: ETTER" in melhus.read_text("utf-8")


@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/api/change", {"name": "applicant", "value": "x"}),
        ("/api/change", {"name": "needs[0]", "value": "x"}),
        ("/api/change", {"name": "budget.rates", "value": "x"}),
        ("/api/change", {"name": "title", "value": "x" * 100_001}),
        ("/api/change", {"name": "priorities", "value": ["a"] * 1001}),
        ("/api/list", {"name": "applicant", "op": "add"}),
        ("/api/list", {"name": "title", "op": "add"}),
        ("/api/list", {"name": "goals[0].needs", "op": "add"}),
    ],
)
def test_a_key_path_the_form_does_not_offer_is_refused(
    client: TestClient, melhus: Path, url: str, body: dict[str, Any]
) -> None:
    before = melhus.read_bytes()
    assert client.post(url, json=body).status_code == 400
    assert melhus.read_bytes() == before


def test_nested_or_huge_bodies_are_refused_not_bugs(client: TestClient) -> None:
    headers = {"Content-Type": "application/json"}
    deep = client.post("/api/change", content=b"[" * 100_000, headers=headers)
    assert deep.status_code == 400
    huge = client.post("/api/change", content=b'"' + b"x" * (2 << 20) + b'"', headers=headers)
    assert huge.status_code == 400


@pytest.mark.parametrize("token", ["%C3%A9", "\u00e9", "x" * 500])
def test_any_token_is_compared_safely(melhus: Path, token: str) -> None:
    client = client_for(melhus, token=False)
    assert client.get(f"/?token={token}").status_code == 403
    raw = f"gen-edit-{PORT}={token}".encode()  # a cookie of raw UTF-8 bytes, as a client may send
    response = client.get("/api/state", headers=[(b"cookie", raw)])  # type: ignore[list-item]
    assert response.status_code == 403


def test_a_change_from_a_form_whose_lists_changed_is_refused(
    client: TestClient, melhus: Path
) -> None:
    """Two tabs: one removes a need, the other (not yet reloaded) types into need 2."""
    structure = client.get("/api/state").json()["structure"]
    client.post(
        "/api/list", json={"name": "needs", "op": "remove", "index": 0, "structure": structure}
    )
    before = melhus.read_bytes()
    stale = {"name": "needs[1].text", "value": "skrevet i feil fane", "structure": structure}
    response = client.post("/api/change", json=stale)
    assert response.status_code == 409 and "form" in response.json()
    assert melhus.read_bytes() == before
    fresh = {**stale, "structure": response.json()["structure"], "name": "needs[0].text"}
    assert client.post("/api/change", json=fresh).status_code == 200


def test_a_link_as_the_file_is_refused(tmp_path: Path, melhus: Path) -> None:
    link = tmp_path / "link.yaml"
    link.symlink_to(melhus)
    result = CliRunner().invoke(cli, ["edit", str(link), "--no-browser"])
    assert result.exit_code == 1 and "er en symbolsk lenke" in result.output


def test_ctrl_c_stops_it_cleanly_leaving_only_the_file(melhus: Path) -> None:
    import signal
    import subprocess
    import sys

    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "edit", str(melhus), "--no-browser"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    url = process.stdout.readline().strip()
    assert url.startswith("http://127.0.0.1:")
    import urllib.error
    import urllib.request

    with pytest.raises(urllib.error.HTTPError) as refused:  # answered (uvicorn runs): no token
        urllib.request.urlopen(url.split("/?")[0] + "/", timeout=20)
    assert refused.value.code == 403
    refused.value.close()
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert "gen edit: stoppet; filen har alle endringene." in err  # melhus.yaml is nb
    assert "Traceback" not in err and "Aborted" not in err
    assert [p.name for p in melhus.parent.iterdir()] == ["melhus.yaml"]


def test_a_requests_goals_are_chosen_among_its_accreditations(tmp_path: Path) -> None:
    """A KA121-SCH request has no goals of its own: an activity's goals are ticked among those
    of the accreditation it names."""
    shutil.copytree(ROOT / "projects", tmp_path / "projects")
    request = tmp_path / "projects" / "melhus-ka121-2026.yaml"
    accreditation = load_project(tmp_path / "projects" / "melhus-ka120.yaml").project
    page = client_for(request).get("/").text
    for goal in accreditation.goals:
        assert f'name="activities[0].goals" value="{goal.id}"' in page


def test_gen_edit_new_ka121_takes_its_accreditation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    served: list[Path] = []
    monkeypatch.setattr("generator.edit.server.serve", lambda file, *args: served.append(file))
    shutil.copytree(ROOT / "projects", tmp_path / "projects")
    target = tmp_path / "projects" / "2027.yaml"
    plan = tmp_path / "projects" / "melhus-ka120.yaml"
    args = ["edit", "--new", "KA121-SCH", str(target), "--accreditation", str(plan), "--no-browser"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert served == [target] and "accreditation: melhus-ka120.yaml" in target.read_text("utf-8")
