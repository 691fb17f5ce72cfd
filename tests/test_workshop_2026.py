"""The seed workshop as the national agency would give it today (workshops/kom-i-gang-2026.yaml):
its deck and handout state the 2026 rule data and the examples' own figures, draw the ladder of
actions, list the call's deadlines and the horizontal priorities, and build in nb, nn and en."""

from __future__ import annotations

import dataclasses
import io
import json
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.documents.language import Formatter
from generator.documents.slides.boxes import (
    EMU_PER_PT,
    Shape,
    inner_width,
    paras_height,
    text_width,
)
from generator.documents.slides.drawings import ladder
from generator.documents.slides.workshop_deck import workshop_deck
from generator.documents.workshop_facts import (
    budget_amount,
    calendar_lines,
    example_lines,
    ladder_of,
)
from generator.errors import InputError
from generator.loaded import LoadedWorkshop, load_input, load_project, load_workshop
from generator.pipeline import build_handout, build_slides
from generator.rules.ruleset import RuleSet, Value, available_calls, load_rules
from tests.conftest import ROOT, beside_projects, write_tree
from tests.extract import docx_text, pdf_text, squash

WORKSHOP = ROOT / "workshops" / "kom-i-gang-2026.yaml"
ACTIONS = ["KA122-SCH", "KA120-SCH", "KA121-SCH", "KA210-SCH", "KA220-SCH"]
EXAMPLES = {
    "fjellvik-ka122": "KA122-SCH",
    "melhus-ka120": "KA120-SCH",
    "melhus-ka121-2026": "KA121-SCH",
    "voss-ka210": "KA210-SCH",
    "arctic-ka220": "KA220-SCH",
}
LANGUAGES = ("nb", "nn", "en")


def in_language(tmp_path: Path, language: str, text: str | None = None) -> Path:
    """The workshop file with `language:` changed (and copies of the examples beside it)."""
    text = (text or WORKSHOP.read_text("utf-8")).replace("language: nb", f"language: {language}")
    text = text.replace("id: kom-i-gang-2026", f"id: ws-{language}")
    text = beside_projects(tmp_path, text)
    return write_tree(tmp_path, {f"ws-{language}.yaml": text}) / f"ws-{language}.yaml"


@cache
def loaded() -> LoadedWorkshop:
    return load_workshop(WORKSHOP)


@cache
def deck_files() -> dict[str, bytes]:
    files = build_slides(load_input(WORKSHOP), ["pptx", "pdf"])
    return {p.suffix[1:]: data for p, data in files.items()}


def presentation(data: bytes):  # type: ignore[no-untyped-def]
    from pptx import Presentation

    return Presentation(io.BytesIO(data))


def slide_text(slide) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


@cache
def slides_by_key() -> dict[str, str]:
    """The built PPTX's slides, by the content's keys (the same order), as text."""
    keys = [s.key for s in workshop_deck(loaded())]
    prs = presentation(deck_files()["pptx"])
    assert len(prs.slides) == len(keys)  # nothing continued on an extra slide
    return {key: slide_text(slide) for key, slide in zip(keys, prs.slides, strict=True)}


def with_action_value(rules: RuleSet, action: str, key: str, value: object) -> RuleSet:
    """A copy of a rule set with one action value changed (None: removed)."""
    act = {k: v for k, v in rules.data["actions"][action].items() if k != key}
    if value is not None:
        act[key] = Value(value, "test", "P")
    return dataclasses.replace(
        rules, data={**rules.data, "actions": {**rules.data["actions"], action: act}}
    )


# --- the workshop file ---------------------------------------------------------------------------


def test_the_workshop_is_valid_and_every_action_is_in_the_2026_call() -> None:
    lw = loaded()
    ws = lw.workshop
    assert ws.call == 2026 and lw.rules.call == 2026 and lw.rules.based_on is None
    assert ws.actions == ACTIONS
    assert all(lw.rules.offers(a) for a in ws.actions)
    assert ws.organiser.name == "HK-dir"
    assert (ws.organiser.website, ws.organiser.newsletter) == ("hkdir.no", "erasmuspluss.no")
    assert [c.email for c in ws.contacts] == ["erasmuspluss@hkdir.no"]
    assert {e.id: e.project.action for e in lw.examples} == EXAMPLES
    assert ws.agenda == [
        "title",
        "video",
        "task:why",
        "ladder",
        "actions",
        "priorities",
        "calendar",
        "task:idea",
        "steps",
        "contacts",
    ]
    seed = load_workshop(ROOT / "workshops" / "kom-i-gang.yaml").workshop
    assert ws.tasks == seed.tasks and ws.steps == seed.steps == "default"


def test_the_deck_follows_the_agenda_with_one_consortium_slide() -> None:
    keys = [s.key for s in workshop_deck(loaded())]
    rules = loaded().rules
    expected = ["title", "video", "task:why", "ladder", "section"]
    consortium_shown = False
    for action in ACTIONS:
        expected += [f"action:{action}", f"checklist:{action}"]
        if rules.action(action)["consortium"].value and not consortium_shown:
            expected.append(f"consortium:{action}")
            consortium_shown = True
        expected += [f"example:{e}" for e, a in EXAMPLES.items() if a == action]
    expected += ["priorities", "calendar", "task:idea", "steps", "contacts"]
    assert keys == expected
    # KA120-SCH and KA121-SCH both have a consortium in the 2026 rules: one slide, after KA120-SCH.
    assert rules.action("KA121-SCH")["consortium"].value
    assert [k for k in keys if k.startswith("consortium:")] == ["consortium:KA120-SCH"]


# --- action slides: the 2026 rule data ---------------------------------------------------------


def test_action_slides_state_the_2026_rule_data() -> None:
    rules, fmt, text = load_rules(2026), Formatter("nb"), slides_by_key()
    ka122 = squash(text["action:KA122-SCH"])
    limit = rules.action("KA122-SCH")["participants_max"].value
    assert squash(f"Høyst {limit} deltakere") in ka122
    low, high = rules.action("KA122-SCH")["project_months"].value
    assert squash(f"Varigheten er på {low}–{high} måneder") in ka122
    for action in ("KA210-SCH", "KA220-SCH"):
        sums = fmt.listing([fmt.money(v) for v in rules.action(action)["lump_sums"].value])
        assert squash(f"Sekkebeløp: {sums}") in squash(text[f"action:{action}"])
        n = rules.action(action)["organisations_min"].value
        c = rules.action(action)["countries_min"].value
        assert squash(f"Minst {n} organisasjoner fra {c} land") in squash(text[f"action:{action}"])
    low, high = rules.action("KA121-SCH")["project_months"].value
    assert squash(f"Prosjektperiode på {low}–{high} måneder") in squash(text["action:KA121-SCH"])
    assert "Tenk lite og enkelt i starten!" in text["checklist:KA122-SCH"]


def test_the_slides_follow_a_changed_rule_set() -> None:
    """Change the participant limit and a lump sum in a copy of the rules: the slides change."""
    rules = with_action_value(load_rules(2026), "KA122-SCH", "participants_max", 25)
    rules = with_action_value(rules, "KA220-SCH", "lump_sums", [100000, 300000])
    slides = {s.key: s for s in workshop_deck(dataclasses.replace(loaded(), rules=rules))}
    ka122 = " ".join(i.text for i in slides["action:KA122-SCH"].body)
    ka220 = " ".join(i.text for i in slides["action:KA220-SCH"].body)
    assert "Høyst 25 deltakere" in ka122 and "Høyst 30" not in ka122
    assert "Sekkebeløp: EUR 100\u00a0000 og EUR 300\u00a0000" in ka220


# --- the examples: their own figures -------------------------------------------------------------


def gen_budget(name: str) -> dict[str, object]:
    result = CliRunner().invoke(
        cli, ["budget", str(ROOT / "projects" / f"{name}.yaml"), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.output)
    return data


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_each_example_states_the_budget_of_its_project(name: str) -> None:
    fmt = Formatter("nb")
    text = squash(slides_by_key()[f"example:{name}"])
    project = load_project(ROOT / "projects" / f"{name}.yaml")
    budget = gen_budget(name)
    amount, kind = budget_amount(project)
    assert squash(f"«{project.project.title}»") in text
    if name == "melhus-ka120":  # an accreditation has no budget: the slide says so
        assert budget["total"] == 0 and not budget["lines"]
        assert "EUR0" not in text
        assert squash("Budsjett: ingen i akkrediteringen") in text
        assert squash(f"med {fmt.plural(len(project.project.goals), 'goals')}") in text
        return
    # The figure is what gen budget says: the requested amount if the file states it, else the total.
    assert amount == (budget["requested"] if budget["requested"] is not None else budget["total"])
    assert squash(fmt.money(amount)) in text
    if kind == "estimate":
        assert amount == budget["total"]


def test_partnerships_show_the_whole_lump_sum_and_the_work_packages() -> None:
    text, fmt = slides_by_key(), Formatter("nb")
    arctic = load_project(ROOT / "projects" / "arctic-ka220.yaml")
    voss = load_project(ROOT / "projects" / "voss-ka210.yaml")
    for example in (arctic, voss):  # the lump sum applied for is the budget's total
        stated = example.project.budget
        assert stated is not None and stated.lump_sum == example.budget.total
    packages = len(arctic.project.work_packages)
    assert packages == 4
    assert squash(
        f"Sekkebeløp: {fmt.money(arctic.budget.total)} for hele partnerskapet, fordelt på "
        f"{packages} arbeidspakker"
    ) in squash(text["example:arctic-ka220"])
    assert squash(f"Sekkebeløp: {fmt.money(voss.budget.total)} for hele partnerskapet") in squash(
        text["example:voss-ka210"]
    )
    for key in ("example:arctic-ka220", "example:voss-ka210"):
        assert "koordinatoren i Norge" not in text[key]  # the lump sum is the partnership's
    # 9 staff to Rovaniemi, 12 pupils and 3 adults to Akureyri; the online lessons travel nowhere.
    assert squash("9 ansatte, 12 elever og 3 følgepersoner reiser til Finland og Island") in squash(
        text["example:arctic-ka220"]
    )


def test_a_request_says_what_it_asks_for_and_for_how_long() -> None:
    text = squash(slides_by_key()["example:melhus-ka121-2026"])
    request = load_project(ROOT / "projects" / "melhus-ka121-2026.yaml").project
    assert request.budget is not None and request.budget.requested is not None
    months = Formatter("nb").plural(request.period.months, "months")
    assert (
        squash(f"Søker om {Formatter('nb').money(request.budget.requested)} for {months}") in text
    )


def test_an_example_in_another_language_shows_its_priorities_not_its_english_text() -> None:
    lw, fmt = loaded(), Formatter("nb")
    (arctic,) = [e for e in lw.examples if e.id == "arctic-ka220"]
    assert arctic.project.language == "en" and arctic.project.focus is not None
    lines = example_lines(arctic, fmt)
    names = [lw.rules.priorities[k]["nb"] for k in arctic.project.priorities]
    assert lines[1] == f"Prioriteringer: {fmt.listing(names)}"
    assert squash(arctic.project.focus) not in squash(slides_by_key()["example:arctic-ka220"])
    (voss,) = [e for e in lw.examples if e.id == "voss-ka210"]  # nynorsk reads in a bokmål deck
    assert example_lines(voss, fmt)[1] == voss.project.focus


# --- the ladder ----------------------------------------------------------------------------------


def test_the_ladder_is_a_box_per_step_joined_by_arrows_rising_left_to_right() -> None:
    from pptx.enum.shapes import MSO_SHAPE

    prs = presentation(deck_files()["pptx"])
    keys = [s.key for s in workshop_deck(loaded())]
    slide = prs.slides[keys.index("ladder")]
    assert slide.shapes.title.text == "Start lite – og bygg videre"
    auto = [s for s in slide.shapes if s.shape_type == 1]
    boxes = [s for s in auto if s.auto_shape_type == MSO_SHAPE.ROUNDED_RECTANGLE]
    arrows = [s for s in auto if s.auto_shape_type == MSO_SHAPE.RIGHT_ARROW]
    steps = ["etwinning", *ACTIONS]
    assert len(boxes) == len(steps) and len(arrows) == len(steps) - 1
    assert [b.left for b in boxes] == sorted(b.left for b in boxes)
    assert [b.top for b in boxes] == sorted((b.top for b in boxes), reverse=True)  # rising
    for left, arrow, right in zip(boxes, arrows, boxes[1:], strict=False):
        assert left.left + left.width <= arrow.left < arrow.left + arrow.width <= right.left
    names = Formatter("nb").labels["deck"]["action_names"]
    assert [b.text_frame.text.split("\n") for b in boxes] == [["eTwinning"]] + [
        [action, names[action]] for action in ACTIONS
    ]
    texts = Formatter("nb").labels["deck"]["ladder"]["texts"]
    shown = slide_text(slide)
    for step in steps:
        assert texts[step] in shown


def assert_whole(shapes: tuple[Shape, ...], smallest: int) -> None:
    """Every text of a drawing fits its box, each word on one line, at `smallest` pt or more."""
    assert min(s.x for s in shapes) >= 0 and max(s.x + s.w for s in shapes) <= 12192000
    for shape in shapes:
        if shape.text is None:
            continue
        box = shape.text
        assert paras_height(box.paras, box.w) <= box.h / EMU_PER_PT
        for para in box.paras:
            assert para.size >= smallest
            for word in para.text.split():
                assert text_width(word, para.size, para.bold) <= inner_width(box.w), word


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_word_of_the_ladder_is_broken_or_cut(language: str) -> None:
    """The text of a box is where PowerPoint puts it (inside the rounded corners), so what fits
    here fits in the PPTX as in the PDF."""
    rungs = ladder_of(loaded().workshop, Formatter(language))
    assert_whole(ladder(tuple(rungs)), 12)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_longest_ladder_still_breaks_no_word(language: str) -> None:
    """Six rungs (the most a ladder has) with the longest action names of the language."""
    from generator.inputs.workshop import LADDER_STEPS

    deck = Formatter(language).labels["deck"]
    longest = sorted(LADDER_STEPS[1:], key=lambda a: -len(deck["action_names"][a]))[:5]
    rungs = [{"code": "", "title": "eTwinning", "text": deck["ladder"]["texts"]["etwinning"]}]
    rungs += [
        {"code": a, "title": deck["action_names"][a], "text": deck["ladder"]["texts"][a]}
        for a in longest
    ]
    assert_whole(ladder(tuple(rungs)), 10)


def test_a_ladder_of_the_workshops_own_steps(tmp_path: Path) -> None:
    text = WORKSHOP.read_text("utf-8").replace(
        "steps: default", "steps: default\nladder: [etwinning, KA210-SCH, KA220-SCH]"
    )
    (slide,) = [
        s
        for s in workshop_deck(load_workshop(in_language(tmp_path, "nb", text)))
        if s.key == "ladder"
    ]
    assert [s["code"] for s in slide.steps] == ["", "KA210-SCH", "KA220-SCH"]
    bad = text.replace("ladder: [etwinning, KA210-SCH", "ladder: [etwinning, KA210-SCH, KA999")
    with pytest.raises(InputError) as caught:
        load_workshop(in_language(tmp_path, "nn", bad))
    assert any(
        "ladder[2]: 'KA999' er ikkje eit steg i stigen" in str(p)  # said in the file's nynorsk
        for p in caught.value.problems
    )
    twice = text.replace(
        "ladder: [etwinning, KA210-SCH", "ladder: [etwinning, KA210-SCH, KA210-SCH"
    )
    with pytest.raises(InputError) as caught:
        load_workshop(in_language(tmp_path, "en", twice))
    assert any(
        "ladder[2]: 'KA210-SCH' is twice in the ladder" in str(p) for p in caught.value.problems
    )


# --- the calendar --------------------------------------------------------------------------------


def test_the_calendar_states_the_rule_datas_deadlines() -> None:
    rules = load_rules(2026)
    assert (
        rules.deadline["KA122-SCH"].value == rules.deadline["KA121-SCH"].value == "2026-02-19T12:00"
    )
    assert (
        rules.deadline["KA210-SCH"].value == rules.deadline["KA220-SCH"].value == "2026-03-05T12:00"
    )
    assert "KA120-SCH" not in rules.deadline
    assert calendar_lines(loaded().workshop, rules, Formatter("nb")) == [
        "KA122-SCH og KA121-SCH: 19. februar 2026 kl. 12.00",
        "KA210-SCH og KA220-SCH: 5. mars 2026 kl. 12.00",
        "KA120-SCH: fristen avklares med nasjonalkontoret",
    ]
    assert calendar_lines(loaded().workshop, rules, Formatter("en"))[0] == (
        "KA122-SCH and KA121-SCH: 19 February 2026, 12:00"
    )
    text = slides_by_key()["calendar"]
    assert "Søknadsfrister 2026" in text and "EU Login" in text and "OID" in text
    for line in calendar_lines(loaded().workshop, rules, Formatter("nb")):
        assert line in text.replace("\xa0", " ")
    assert "19.\xa0februar\xa02026" in text  # a date never breaks across lines


def test_the_calendar_follows_a_changed_rule_set() -> None:
    """Move a deadline and add one in a copy of the rules: the slide's lines change with them."""
    rules = with_action_value(load_rules(2026), "KA121-SCH", "deadline", "2026-02-26T12:00")
    rules = with_action_value(rules, "KA120-SCH", "deadline", "2025-10-16T12:00")
    rules = with_action_value(rules, "KA220-SCH", "deadline", None)
    (slide,) = [
        s for s in workshop_deck(dataclasses.replace(loaded(), rules=rules)) if s.key == "calendar"
    ]
    assert [i.text.replace("\xa0", " ") for i in slide.body[1:-1]] == [
        "KA120-SCH: 16. oktober 2025 kl. 12.00",
        "KA122-SCH: 19. februar 2026 kl. 12.00",
        "KA121-SCH: 26. februar 2026 kl. 12.00",
        "KA210-SCH: 5. mars 2026 kl. 12.00",
        "KA220-SCH: fristen avklares med nasjonalkontoret",
    ]


def test_a_call_without_a_rule_file_has_no_deadlines_to_state(tmp_path: Path) -> None:
    text = WORKSHOP.read_text("utf-8").replace("call: 2026", "call: 2027")
    text = text.replace("examples:\n", "examples: []\nx:\n").replace("\nx:\n", "\n")
    text = "\n".join(line for line in text.splitlines() if not line.startswith("  - ../projects/"))
    lw = load_workshop(in_language(tmp_path, "nb", text))
    assert lw.rules.based_on == 2026
    assert calendar_lines(lw.workshop, lw.rules, Formatter("nb")) == [
        f"{Formatter('nb').listing(ACTIONS)}: fristen avklares med nasjonalkontoret"
    ]


# --- the priorities ------------------------------------------------------------------------------


def test_the_priorities_slide_lists_the_horizontal_priorities_only() -> None:
    rules = load_rules(2026)
    assert rules.horizontal_priorities == ["inclusion", "environment", "digital", "participation"]
    (slide,) = [s for s in workshop_deck(loaded()) if s.key == "priorities"]
    lead, *items = slide.body
    assert "horisontale prioriteringene" in lead.text
    assert [i.text for i in items] == [
        rules.priorities[k]["nb"] for k in rules.horizontal_priorities
    ]
    assert len(items) < len(rules.priorities)
    # Without the key, the slide lists every priority of the call, as for 2019.
    data = {k: v for k, v in rules.data.items() if k != "horizontal_priorities"}
    plain = dataclasses.replace(rules, data=data)
    (slide,) = [
        s
        for s in workshop_deck(dataclasses.replace(loaded(), rules=plain))
        if s.key == "priorities"
    ]
    assert len(slide.body) == 1 + len(rules.priorities)
    assert "kan knytte seg til disse prioriteringene" in slide.body[0].text


@pytest.mark.parametrize("call", [2024, 2025, 2026])
def test_the_rule_files_name_the_four_horizontal_priorities(call: int) -> None:
    rules = load_rules(call)
    assert rules.horizontal_priorities == ["inclusion", "environment", "digital", "participation"]
    assert all(k in rules.priorities for k in rules.horizontal_priorities)
    assert rules.data["horizontal_priorities"].source in rules.data["sources"]


def test_a_user_rule_file_naming_an_unknown_horizontal_priority_is_refused(tmp_path: Path) -> None:
    from generator.rules.ruleset import RuleLibrary

    text = (ROOT / "generator" / "data" / "rules" / "2026.yaml").read_text("utf-8")
    text = text.replace("[inclusion, environment, digital, participation]", "[inclusion, greenery]")
    folder = write_tree(tmp_path, {"rules/2026.yaml": text}) / "rules"
    with pytest.raises(InputError) as caught:
        RuleLibrary(folder).load(2026)
    assert any("'greenery' is not a key of 'priorities'" in str(p) for p in caught.value.problems)
    assert load_rules(2019).horizontal_priorities == []


# --- every language ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_deck_and_the_handout_build_in_every_language(tmp_path: Path, language: str) -> None:
    from pypdf import PdfReader

    path = in_language(tmp_path, language)
    item = load_input(path)
    assert isinstance(item, LoadedWorkshop)
    fmt = Formatter(language)
    deck = fmt.labels["deck"]
    slides = build_slides(item, ["pptx", "pdf"])
    prs = presentation(slides[Path(f"ws-{language}") / "slides.pptx"])
    titles = [s.shapes.title.text for s in prs.slides]
    assert len(titles) == len(workshop_deck(loaded()))
    assert deck["ladder"]["title"] in titles
    assert deck["calendar"]["title"].format(call=2026) in titles
    assert deck["steps_default"] in titles
    pages = PdfReader(io.BytesIO(slides[Path(f"ws-{language}") / "slides.pdf"])).pages
    assert len(pages) == len(titles)
    lines = calendar_lines(item.workshop, item.rules, fmt)
    handout = build_handout(item, ["docx", "pdf"])
    pdf = handout[Path(f"ws-{language}") / "handout.pdf"]
    reader = PdfReader(io.BytesIO(pdf))
    assert 2 <= len(reader.pages) <= 4, (language, len(reader.pages))
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)
    for text in (
        squash(docx_text(handout[Path(f"ws-{language}") / "handout.docx"])),
        squash(pdf_text(pdf)),
    ):
        assert squash(deck["ladder"]["title"]) in text
        for rung in ladder_of(item.workshop, fmt):
            assert squash(rung["title"]) in text and squash(rung["text"]) in text
        for line in lines:
            assert squash(line) in text
        assert squash(deck["calendar"]["oid"]) in text


def test_the_handout_has_a_row_per_action() -> None:
    import docx

    data = build_handout(load_input(WORKSHOP), ["docx"])[Path("kom-i-gang-2026") / "handout.docx"]
    document = docx.Document(io.BytesIO(data))
    (table,) = document.tables
    rows = [[c.text for c in row.cells] for row in table.rows]
    names = Formatter("nb").labels["deck"]["action_names"]
    assert [r[0] for r in rows[1:]] == [f"{names[a]} – {a}" for a in ACTIONS]
    assert rows[0] == [
        "Tiltak",
        "Hvem søker",
        "Prosjektets varighet",
        "Reisenes lengde",
        "Budsjett",
    ]
    # The checklist names each item once, with the actions it is for (in the workshop's order).
    from generator.rules.actions import ACTIONS as REGISTRY

    fmt = Formatter("nb")
    text = squash(docx_text(data))
    for key in ("needs-goals", "outcomes", "work-packages"):
        for_actions = [a for a in ACTIONS if key in dict(REGISTRY[a].checklist)]
        item = fmt.labels["deck"]["checklist"][key]
        assert squash(f"{item} ({fmt.listing(for_actions)})") in text
        assert text.count(squash(item) + "(") == 1


# --- every call: no internal error ---------------------------------------------------------------


@pytest.mark.parametrize("call", available_calls())
def test_the_ladder_and_the_calendar_build_for_every_call(tmp_path: Path, call: int) -> None:
    import yaml

    rules = load_rules(call)
    text = yaml.safe_dump(
        {
            "format": 1,
            "language": "nb",
            "title": "Kom i gang",
            "organiser": {"name": "HK-dir"},
            "call": call,
            "actions": rules.offered_actions(),
            "agenda": ["title", "ladder", "actions", "priorities", "calendar", "steps"],
        },
        allow_unicode=True,
    )
    path = write_tree(tmp_path, {"w.yaml": text}) / "w.yaml"
    for command, fmt in (("slides", "pptx"), ("handout", "md")):
        result = CliRunner().invoke(cli, [command, str(path), "-f", fmt, "-o", str(tmp_path / "o")])
        assert result.exit_code == 0, result.output
    lw = load_workshop(path)
    (slide,) = [s for s in workshop_deck(lw) if s.key == "calendar"]
    assert len(slide.body) == 2 + len(calendar_lines(lw.workshop, lw.rules, Formatter("nb")))
