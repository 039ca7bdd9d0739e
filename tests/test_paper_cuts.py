"""The paper cuts a new user hit (issue 15), each pinned by a test of the fixed behaviour."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from casegraph.cli import main

ROOT = Path(__file__).resolve().parents[1]
REAL = str(ROOT / "data" / "cases" / "prevent-amess-2014.yaml")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_knew_on_an_event_says_it_is_an_event_not_an_actor(tmp_path):
    code, out = run("knew", REAL, "referral")
    assert code == 1
    assert "'referral' is an event, not an actor; give an actor's id or label" in out
    run("load", REAL, "--store", str(tmp_path / "s"))
    code, out = run("knew", "--store", str(tmp_path / "s"), "referral")
    assert code == 1 and "'referral' is an event, not an actor" in out


def test_knew_at_an_impossible_date_says_the_date_is_not_valid():
    code, out = run("knew", REAL, "school", "--at", "2015-13")
    assert code == 2
    assert "'2015-13' is not a real date: month 13 does not exist" in out
    assert "no id or label" not in out


def test_an_unknown_source_ref_lists_the_sources(tmp_path):
    case = tmp_path / "case.yaml"
    case.write_text(
        "casegraph: 1\ncase: {id: refs}\nsources: [{id: review}, {id: minutes}]\n"
        "actors:\n  - {id: a, source: {ref: reviw}}\n  - {id: b, source: {ref: nothing}}\n"
    )
    code, out = run("validate", str(case))
    assert code == 1
    assert (
        f"{case}:5: actors[a].source.ref: no source has id 'reviw'; did you mean 'review'? "
        "The sources are: review, minutes"
    ) in out
    assert f"{case}:6: actors[b].source.ref: no source has id 'nothing'; the sources are: " in out


def test_a_file_given_twice_is_named_once(tmp_path):
    code, out = run("validate", REAL, REAL)
    assert code == 1
    assert f"{REAL}:0: given twice; each file is read once" in out
    assert "also used by" not in out


def test_remove_never_creates_a_store(tmp_path):
    typo = tmp_path / "typo.store"
    code, out = run("remove", "x", "--store", str(typo))
    assert code == 2 and f"no store at {typo}" in out
    assert not typo.exists()


def test_validate_reads_the_extensions_export_writes(tmp_path):
    for fmt, name in [("turtle", "x.turtle"), ("nquads", "x.nquads"), ("nt", "x.ntriples")]:
        out = tmp_path / name
        assert run("export", REAL, "--to", fmt, "-o", str(out))[0] == 0
        assert run("validate", str(out)) == (0, "ok: 1 file valid\n"), name
    graphml = tmp_path / "x.graphml"
    assert run("export", REAL, "--to", "graphml", "-o", str(graphml))[0] == 0
    code, out = run("validate", str(graphml))
    assert code == 1 and "an export for graph tools (Gephi, Neo4j)" in out


def test_queries_show_prints_a_named_query_text():
    from casegraph.gaps.catalogue import get_query

    code, out = run("queries", "--show", "premature-exit")
    assert code == 0 and out.rstrip("\n") == get_query("premature-exit").sparql.rstrip("\n")
    assert "SELECT" in out
    code, out = run("queries", "--show", "premature-exi")
    assert code == 2 and "did you mean 'premature-exit'?" in out


def test_one_bad_before_is_one_problem_naming_the_chain_and_its_dates(tmp_path):
    case = tmp_path / "cycle.yaml"
    case.write_text(
        "casegraph: 1\ncase: {id: cyc}\nactors: [{id: a}]\nevents:\n"
        "  - {id: e1, kind: referral, date: 2019-01}\n"
        "  - {id: e2, kind: assessment, date: 2019-03, after: e1}\n"
        "  - {id: e3, kind: decision, date: 2019-05, after: e2}\n"
        "  - {id: e4, kind: closure, date: 2019-07, after: e3, before: e1}\n"
    )
    code, out = run("validate", str(case))
    assert code == 1
    assert out.splitlines() == [
        f"{case}:8: events[e4].before: the after/before links make a cycle: e1 (2019-01) -> "
        "e2 (2019-03) -> e3 (2019-05) -> e4 (2019-07) -> e1 (2019-01) (links: e2 after e1, "
        "e3 after e2, e4 after e3, e4 before e1); the dates say `e4 before: e1` is the one "
        "to fix (e4 is 2019-07, e1 is 2019-01)",
        "1 problem",
    ]
