"""What a reader of the 2021–27 examples relies on (a reader's review of the application, the
handout and the form fields): every activity says where it takes place, nothing is said twice, a
request names its accreditation and the needs its goals answer, the fields follow the form's
order and paste the amount applied for, the words are the language's own, summaries count the
trips abroad apart from what happens at home or online, and a heading never ends a page."""

from __future__ import annotations

import io
import re
from functools import cache

import docx
import pytest
import yaml

from generator.documents.application import render_application
from generator.documents.fields import form_fields
from generator.documents.handout import project_markdown
from generator.documents.language import Formatter
from generator.loaded import Loaded, load_project
from generator.pipeline import build_application, build_handout, field_files
from generator.resources import template_dir
from generator.rules.actions import ACTIONS
from tests.conftest import EXAMPLES, ROOT
from tests.extract import squash

PROJECTS = ROOT / "projects"
NEW = ["arctic-ka220", "fjellvik-ka122", "melhus-ka120", "melhus-ka121-2026", "voss-ka210"]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@cache
def loaded(name: str) -> Loaded:
    return load_project(PROJECTS / f"{name}.yaml")


@cache
def texts(name: str) -> dict[str, str]:
    """The application and the handout (Markdown, unescaped) and every field, as pasted."""
    item = loaded(name)
    unescape = lambda md: re.sub(r"\\(.)", r"\1", md)  # noqa: E731
    fields = form_fields(item.project, item.facts, item.rules, item.budget)
    return {
        "application": unescape(render_application(item)),
        "handout": unescape(project_markdown(item)),
        **{f"field {f.id}": f.text for f in fields},
    }


@pytest.mark.parametrize("name", [p.stem for p in EXAMPLES])
def test_no_activity_has_a_dash_for_its_place(name: str) -> None:
    for where, text in texts(name).items():
        assert " i —" not in text and " in —" not in text, where
        assert not re.search(r"(^|\n)—, ", text), where  # a field's "—, November 2027."
        for row in re.findall(r"^\| \*\*.*$", text, re.MULTILINE):  # activity rows
            assert "| — |" not in row, (where, row)


@pytest.mark.parametrize("name", [p.stem for p in EXAMPLES])
def test_nothing_is_said_twice(name: str) -> None:
    item = loaded(name)
    fmt = Formatter(item.project.language)
    for where, text in texts(name).items():
        for a in item.project.activities:
            kind = fmt.labels["activity_types"][a.type]
            assert f"{kind}: {kind}" not in text, where  # "Jobbskygging: Jobbskygging ved …"
            assert f"**{kind}**: {kind}" not in text, where
            if a.destination is not None:
                town = re.escape(a.destination.city)
                assert not re.search(rf"{town} (i|in) {town}", text), (where, town)


def test_a_title_that_starts_with_its_type_keeps_it_once() -> None:
    fields = texts("melhus-ka121-2026")["field activities"]
    assert fields.startswith("1. Jobbskygging ved grunnskoler i Hamburg\nHamburg, Tyskland")
    handout = texts("fjellvik-ka122")["handout"]
    assert "- Jobbskygging ved en ungdomsskole i Oulu (Finland): 4 deltakere" in handout


def test_activities_at_home_or_online_say_so() -> None:
    assert "\nOnline, November 2027." in texts("arctic-ka220")["field activities"]
    voss = texts("voss-ka210")
    assert "\nLokalt, oktober 2026." in voss["field activities"]
    assert "\nPå nett, januar 2028." in voss["field activities"]
    assert "| lokalt |" in voss["application"] and "| på nett |" in voss["application"]
    assert "Digital deling av opplegg og vurdering (på nett): 12 deltakarar" in voss["handout"]


def test_the_erasmus_plan_handout_lists_trips_by_year_and_visits_apart() -> None:
    handout = texts("melhus-ka120")["handout"]
    trips, home = handout.split("## Reisene")[1].split("## Aktiviteter hjemme og på nett")
    assert "- Jobbskygging ved grunnskoler: 12 deltakere, 5 dager (2026)" in trips
    assert "Ekspert" not in trips
    assert "Ekspert på tilpasset opplæring besøker kommunen (fra Jyväskylä, Finland)" in home


def test_a_request_names_its_accreditation_and_the_needs_its_goals_answer() -> None:
    item = loaded("melhus-ka121-2026")
    text = texts("melhus-ka121-2026")["application"]
    section = text.split("## Akkreditering")[1].split("## Mobilitetsønsker")[0]
    assert "«Utforskende læring i Melhus – Erasmusplan 2026–2030» (KA120-SCH" in section
    needs = section.split("### Behov")[1].split("### Mål")[0]
    answered = {n for g in item.project.goals for n in g.needs}
    assert answered == {n.id for n in item.project.needs}
    for need in item.project.needs:  # each need its goals answer, in words
        assert squash(need.text) in squash(needs)
    goal_3 = section.split("3. Skolene og barnehagene")[1]
    assert "*Ingen aktivitet i denne søknaden.*" in goal_3
    pasted = texts("melhus-ka121-2026")["field goals"]  # the form has no field for the needs
    assert pasted.startswith("Behov:\n1. Resultatene i lesing")
    assert "Innen: 2030\nIngen aktivitet i denne søknaden." in pasted


def test_the_fields_paste_the_amount_applied_for() -> None:
    budget = texts("melhus-ka121-2026")["field budget"]
    assert budget.endswith("Sum: EUR 33\u00a0389\nOmsøkt beløp: EUR 33\u00a0000")
    assert "Omsøkt beløp: EUR 33\u00a0000." in texts("melhus-ka121-2026")["application"]


def test_the_plan_fields_keep_when_each_goal_is_reached() -> None:
    goals = texts("melhus-ka120")["field goals"]
    assert goals.count("\nInnen: ") == 3 and "\nInnen: 2028\n" in goals


@pytest.mark.parametrize("name", [p.stem for p in EXAMPLES])
def test_fields_and_application_follow_the_forms_order(name: str) -> None:
    item = loaded(name)
    order = ACTIONS[item.project.action].form_order
    ids = [p.stem.split("-", 1)[1] for p in field_files(item).files if p.name != "index.txt"]
    assert ids == [f for f in order if f in ids]
    # The parts with a heading of their own appear in the application in the same order.
    sub = Formatter(item.project.language).labels["subsections"]
    headings = {
        "topics": sub["topics"],
        "needs": sub["needs"],
        "cooperation": sub["cooperation"],
        "learning_outcomes": sub["learning_outcomes"],
        "dissemination": sub["dissemination"],
        "follow_up": sub["evaluation"],
    }
    lines = texts(name)["application"].splitlines()
    found = [p for p in order if p in headings and f"### {headings[p]}" in lines]
    places = [lines.index(f"### {headings[p]}") for p in found]
    assert places == sorted(places), found


def test_a_consortium_of_counted_members_has_no_table_of_dashes() -> None:
    text = texts("melhus-ka120")["application"]
    members = text.split("### Konsortiets medlemmer")[1].split("## ")[0]
    assert "22 organisasjoner: 11 skoler og 11 barnehager." in members
    assert "|" not in members
    named = texts("frosta")["application"].split("### Konsortiets medlemmer")[1].split("## ")[0]
    assert "| Frosta skole | skole |" in re.sub(" +", " ", named) and "—" not in named


def test_an_accreditation_is_not_called_a_project() -> None:
    text = texts("melhus-ka120")["application"]
    assert "KA120-SCH-prosjekt" not in text and "| Prosjektperiode |" not in text
    assert "| Erasmusplanens periode | 48 måneder |" in text
    assert "søker om Erasmus-akkreditering (KA120-SCH)" in text


def test_activity_tables_leave_out_columns_empty_in_every_row() -> None:
    plan = texts("melhus-ka120")["application"].split("### 2026")[1].split("### 2027")[0]
    assert "Destinasjon" not in plan and "—" not in plan
    request = texts("melhus-ka121-2026")["application"].split("## Mobilitetsønsker")[1]
    assert "Følge\u00adpersoner" not in request.split("### Deltakere")[0]


def test_summaries_count_the_trips_abroad_apart_from_those_at_home_or_online() -> None:
    summary = texts("arctic-ka220")["application"].split("## Project summary")[1]
    assert "21 participants will take part in 2 activities in Finland and Iceland." in summary
    assert "In addition, 18 participants take part in 1 activity online." in summary
    assert "1 September 2026 – 31 August 2028" in summary
    voss = texts("voss-ka210")["application"].split("## Samandrag")[1]
    assert "12 deltakarar skal delta i 2 aktivitetar i Irland og Portugal." in voss
    assert "I tillegg deltek 21 deltakarar i 2 aktivitetar lokalt og på nett." in voss


@pytest.mark.parametrize("name", NEW)
def test_date_ranges_are_spaced_en_dashes_between_full_dates(name: str) -> None:
    for where, text in texts(name).items():
        assert not re.search(r"\d{4}–\d{1,2}\.? [a-zA-Z]", text), where  # "2026–31. januar"
        assert not re.search(r"\d{4} to \d", text), where


def test_islands_take_på_and_one_need_is_singular() -> None:
    assert "ansatte på Malta (landgruppe 2)" in texts("fjellvik-ka122")["application"]
    assert "i Finland, på Malta og i Estland" in texts("fjellvik-ka122")["application"]
    fmt = Formatter("nb")
    assert fmt.in_countries(["DE", "DK", "MT", "IS"]) == "i Tyskland, Danmark, på Malta og Island"
    assert fmt.in_country("IE") == "i Irland"
    assert Formatter("en").in_country("NL") == "in the Netherlands"
    english = texts("arctic-ka220")["application"]
    assert "*Answers need 1.*" in english and "*Answers needs 1, 2.*" in english


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_words_are_the_languages_own(language: str) -> None:
    data = yaml.safe_load((template_dir() / "labels" / f"{language}.yaml").read_text("utf-8"))
    data.pop("deck")  # the slides' words are another part's

    def values(node: object) -> list[str]:
        if isinstance(node, dict):
            return [v for x in node.values() for v in values(x)]
        if isinstance(node, list):
            return [v for x in node for v in values(x)]
        return [str(node)]

    words = " ".join(values(data))
    if language == "nn":
        assert not re.search(r"\bsvarer\b", words)  # bokmål; nynorsk: svarar
    if language in ("nb", "nn"):
        assert not re.search(r"\bhandout\b", words, re.IGNORECASE)
        assert "Invitere" not in words  # an activity type is a noun: "Inviterte eksperter"
    assert "will be able to:" not in words


def test_the_handout_leads_the_outcomes_with_a_heading() -> None:
    handout = texts("arctic-ka220")["handout"]
    assert "### Expected learning outcomes\n\n- Teachers can teach" in handout
    request = texts("melhus-ka121-2026")["handout"]
    what = request.split("## Hva prosjektet er, og hvorfor")[1].split("###")[0]
    assert "Melhus kommune søker om midler (KA121-SCH)" in what  # never an empty section


def test_a_partnership_section_is_well_formed() -> None:
    text = texts("voss-ka210")["application"]
    section = text.split("## Partnarskap og samarbeid")[1].split("\n## ")[0]
    assert section.lstrip().startswith("### Samarbeidsordningar")
    assert "### Om partnarane\n\n#### Scoil Bhríde" in section
    assert "07-cooperation.txt" in {p.name for p in field_files(loaded("voss-ka210")).files}


def test_a_lump_sum_is_split_by_the_applicant() -> None:
    for name in ("arctic-ka220", "voss-ka210"):
        lines = [x for x in loaded(name).budget.lines if x.category == "lump-sum"]
        assert lines and {x.confidence for x in lines} == {"user"}
    text = texts("voss-ka210")["application"].split("## Budsjett")[1].split("## ")[0]
    assert "sekkebeløp på EUR 30\u00a0000, eitt av beløpa i utlysinga" in text
    assert "Sats" not in text and "| P |" not in text


def test_docx_lists_have_the_body_size_and_short_tables_stay_together() -> None:
    (data,) = build_application(loaded("melhus-ka121-2026"), ["docx"]).values()
    document = docx.Document(io.BytesIO(data))
    assert document.styles["Compact"].font.size.pt == 11  # a one-item list is body text
    assert document.styles["Table Text"].font.size.pt == 9
    participants = document.tables[-2]  # "Deltakere", before the budget
    assert participants.rows[1].cells[0].text == "Jobbskygging"
    for row in participants.rows:
        styles = {p.style.name for c in row.cells for p in c.paragraphs}
        assert styles == {"Table Text"}
    kept = [row._tr.find(f".//{W}keepNext") is not None for row in participants.rows]
    assert kept == [True] * (len(kept) - 1) + [False]  # each row keeps with the next


@pytest.mark.parametrize("name", NEW)
def test_a_heading_never_ends_a_page(name: str) -> None:
    from pypdf import PdfReader

    item = loaded(name)
    headings = {
        re.sub(r"\\(.)", r"\1", line.lstrip("#").strip())
        for document in (render_application(item), project_markdown(item))
        for line in document.splitlines()
        if line.startswith("#")
    }
    pdfs = [
        *build_application(item, ["pdf"]).values(),
        *build_handout(item, ["pdf"]).values(),
    ]
    for pdf in pdfs:
        pages = PdfReader(io.BytesIO(pdf)).pages
        for page in pages[:-1]:
            lines = [x.strip() for x in page.extract_text().splitlines() if x.strip()]
            body = [x for x in lines if not re.fullmatch(r"\d+ / \d+", x)]
            assert body and body[-1] not in headings, (name, body[-1])
