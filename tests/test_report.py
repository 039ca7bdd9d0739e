"""The reviewer's report and the chronology: content, order, escaping and the commands.

The browser checks (offline, drawn, no script runs) are in test_report_browser.py.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_views import MINIMAL, XSS_CASE

from casegraph.cli import main
from casegraph.dataset import load
from casegraph.gaps import gaps
from casegraph.report import (
    build_report,
    chronology,
    chronology_csv,
    chronology_markdown,
    report_html,
)
from casegraph.synth.corpus import generate_case
from casegraph.views.placing import place_events, relation
from casegraph.vocab import item_iri

REAL = Path(__file__).resolve().parents[1] / "data" / "cases" / "prevent-amess-2014.yaml"

ORDER_CASE = """\
casegraph: 1
case: {id: order-case, title: Order, subject: p}
actors:
  - {id: p, label: Person, type: subject}
  - {id: la, label: Council, type: local-authority}
events:
  - {id: visit, kind: meeting, date: 2020-04-16, by: la}
  - {id: closed, kind: closure, date: 2020-04, after: visit, by: la}
  - {id: call, kind: communication, by: la, to: [p], before: visit}
  - {id: loose, kind: other, by: la}
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def later_pairs(graph: object) -> list[tuple[str, str]]:
    """Every (earlier, later) pair of events the library's later relation orders."""
    chron = relation(graph)  # type: ignore[arg-type]
    events = list(chron.dates)
    return [(e, f) for e in events for f in events if chron.is_later(f, e)]


def assert_respects_later(graph: object, order: list[str]) -> int:
    """Every pair the library's later relation orders comes in that order; returns pairs."""
    position = {iri: n for n, iri in enumerate(order)}
    pairs = later_pairs(graph)
    for before, later in pairs:
        assert position[before] < position[later], (before, later)
    return len(pairs)


def test_chronology_follows_the_later_relation_not_the_middle_of_a_month(
    write_case: Callable[..., Path],
) -> None:
    graph = load(write_case(ORDER_CASE)).to_networkx()
    rows = chronology(graph)
    assert [r.event for r in rows] == ["call", "visit", "closed", "loose"]
    assert [r.date for r in rows] == ["", "2020-04-16", "2020-04", ""]  # as written
    assert rows[0].placed == "before: visit"
    assert rows[3].placed == "not placed in time"
    assert rows[1].when == "16 Apr 2020" and rows[2].when == "Apr 2020"
    placed = place_events(graph)
    visit, closed = (placed[item_iri("order-case", e)] for e in ("visit", "closed"))
    assert closed.time is not None and visit.time is not None and closed.time > visit.time


@pytest.mark.parametrize("index", range(40))
def test_chronology_and_placing_never_contradict_later_on_generated_cases(
    index: int, write_case: Callable[..., Path]
) -> None:
    text, _ = generate_case(index, seed=11)
    graph = load(write_case(text)).to_networkx()
    rows = chronology(graph)
    assert assert_respects_later(graph, [r.iri for r in rows]) > 0
    placed = place_events(graph)
    for before, later in later_pairs(graph):
        assert placed[before].key < placed[later].key, (before, later)


def test_real_case_chronology_in_order_with_quotes() -> None:
    graph = load(REAL).to_networkx()
    rows = chronology(graph)
    assert len(rows) == 12
    assert assert_respects_later(graph, [r.iri for r in rows]) > 20
    assert rows[0].event == "referral" and rows[-1].event == "conviction"
    exit_row = next(r for r in rows if r.event == "channel-exit")
    assert exit_row.date == "2015-04"
    assert any("April 2015" in (q.quote or "") for q in exit_row.sources)
    assert "rationale: The counter-terrorism threat was assessed as low." in exit_row.details
    adoption_row = next(r for r in rows if r.event == "channel-adoption")
    assert "rationale: not recorded" in adoption_row.details


def test_chronology_csv_neutralises_formulas_and_markdown_escapes_html(
    write_case: Callable[..., Path],
) -> None:
    text = XSS_CASE.replace('summary: "<!--', 'summary: "=HYPERLINK(1) <!--')
    rows = chronology(load(write_case(text)).to_networkx())
    table = list(csv.reader(io.StringIO(chronology_csv(rows))))
    assert table[0][:4] == ["n", "case", "event", "date"]
    cells = [cell for row in table[1:] for cell in row]
    assert not any(cell[:1] in "=+-@" for cell in cells if cell)
    assert any(cell.startswith("'=HYPERLINK") for cell in cells)
    markdown = chronology_markdown(rows)
    assert "<img" not in markdown and "<svg" not in markdown and "&lt;img" in markdown


def test_report_holds_every_section_result_and_quote() -> None:
    dataset = load(REAL)
    report = build_report(dataset)
    page = report_html(report)
    for section in ("summary", "chronology", "gaps", "reconciliation", "agencies", "views"):
        assert f'data-section="{section}"' in page
    results = gaps(dataset)
    assert len(report.results) == len(results) == 16
    for r in results:
        marker = f'data-gap="{r.gap}" data-entity="{r.entity}" data-actor="{r.actor or ""}"'
        assert marker in page
        for source in r.sources:
            assert html.escape(str(source["quote"])) in page
    # Agencies: what the school held, did, heard and was left out of.
    school = next(a for a in report.cases[0].agencies if a.id == "school")
    assert "Teachers at Ali\u2019s school" in school.members
    assert [r.event for r in school.did] == ["referral"]
    assert {r.gap for r in school.left_out} == {
        "excluded-knowledge-holder",
        "broken-feedback-loop",
    }
    police = next(a for a in report.cases[0].agencies if a.id == "police")
    assert [h["role"] for h in police.held] == ["responsible"]
    # He hid his views from the police: the concealment is no event they heard in.
    assert [(rel, r.event) for rel, r in police.heard] == []
    # Findings reconciled, per-actor results name their actor.
    assert len(report.cases[0].findings) == 12
    assert "(for Teachers at Ali\u2019s school)" in page


def test_report_escapes_every_text(write_case: Callable[..., Path]) -> None:
    page = report_html(build_report(load(write_case(XSS_CASE))), views=False)
    body = page.split("<body>", 1)[1]
    assert "<script" not in body.lower()
    assert "<img" not in body and "<svg onload" not in body and "<b>Jones" not in body
    assert "&lt;script&gt;window.__xssTitle = 1&lt;/script&gt; Smith &amp;" in body


def test_report_on_several_cases_has_recurrence_charts(write_case: Callable[..., Path]) -> None:
    folder = write_case(XSS_CASE).parent
    for index in range(6):
        text, _ = generate_case(index, seed=5)
        write_case(folder, text, name=f"synth-{index}.yaml")
    report = build_report(load(folder))
    assert len(report.cases) == 7 and report.recurring
    page = report_html(report)
    assert page.count('<svg class="chart"') == 3
    assert page.count("<iframe") == 6  # the views of the three cases with most results
    counted = {r.gap: r.cases for r in report.recurring}
    by_year = {y.gap: sum(y.by_year.values()) for y in report.by_year}
    assert counted == {gap: by_year[gap] for gap in counted}


def test_a_long_case_gets_a_note_on_drawing_its_views_not_the_views(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from casegraph.report import render

    report = build_report(load(MINIMAL))
    events = len(report.cases[0].rows)
    assert report_html(report).count("<iframe") == 2
    monkeypatch.setattr(render, "VIEW_EVENTS", events - 1)
    page = report_html(report)
    assert "<iframe" not in page and '<svg class="picture"' not in page
    case = report.cases[0].id
    assert f"This case has {events} events: its timeline and network are not embedded" in page
    assert f"<code>casegraph view FILE --case {case} --layout timeline</code>" in page
    assert f'id="views-{case}"' in page  # the contents' link still leads somewhere


def test_cli_report_and_chronology(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    code, stdout, stderr = run("report", str(MINIMAL), "-o", str(out))
    assert (code, stderr) == (0, "")
    assert stdout.startswith(f"{out}: report on 1 case, ")
    assert "Content-Security-Policy" in out.read_text(encoding="utf-8")
    code, stdout, _ = run("chronology", str(MINIMAL))
    assert code == 0 and stdout.startswith("# Chronology: ") and "| 1 |" in stdout
    code, stdout, _ = run("chronology", str(MINIMAL), "--format", "csv")
    assert code == 0 and stdout.splitlines()[0].startswith("n,case,event,date")
    target = tmp_path / "chronology.html"
    code, stdout, _ = run("chronology", str(MINIMAL), "--format", "html", "-o", str(target))
    assert code == 0 and stdout == f"{target}: chronology, 4 events\n"
    assert '<table class="chronology">' in target.read_text(encoding="utf-8")
    code, _, stderr = run("report", str(MINIMAL), "--case", "nope", "-o", str(out))
    assert code == 2 and "no case 'nope'" in stderr


def test_cli_report_pdf_without_chromium_says_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASEGRAPH_CHROMIUM", str(tmp_path / "no-such-browser"))
    out = tmp_path / "report.html"
    code, _, stderr = run("report", str(MINIMAL), "--pdf", "-o", str(out))
    assert code == 2
    assert "report --pdf needs Chromium" in stderr and "Traceback" not in stderr
    assert not out.exists()


def test_report_on_some_cases_of_a_dataset(write_case: Callable[..., Path]) -> None:
    folder = write_case(XSS_CASE).parent
    for index in range(4):
        text, _ = generate_case(index, seed=5)
        write_case(folder, text, name=f"synth-{index}.yaml")
    dataset = load(folder)
    chosen = ["synth-5-000001", "synth-5-000003"]
    report = build_report(dataset, chosen)
    assert [c.id for c in report.cases] == chosen
    expected = [r.to_dict() for r in gaps(dataset) if r.case in chosen]
    assert [r.to_dict() for r in report.results] == expected
    assert {r.total_cases for r in report.recurring} == {2}
