"""casegraph gaps, queries, query and sparql: output formats, messages and exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import Result
from conftest import FIXTURES
from conftest import cli as run

from casegraph.gaps.registry import GAP_IDS

TRACED = str(FIXTURES / "gaps" / "traced.yaml")
GOLDEN = json.loads((FIXTURES / "gaps" / "traced.expected.json").read_text(encoding="utf-8"))
CASE = "https://w3id.org/casegraph/case/traced-2020/"


def assert_clean_error(result: Result, code: int, message: str) -> None:
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


# -- gaps --------------------------------------------------------------------------------


def test_gaps_table_groups_by_gap_and_reconciles() -> None:
    result = run("gaps", TRACED)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith(
        "16 gap results in 1 case\n"
        "  stated      2  stated by the reviewer (a finding themed with the gap names it)\n"
        "  recorded    5  resting on facts the case records\n"
        "  absent      9  resting only on something not being recorded\n"
    )
    assert "  excluded-knowledge-holder   2\n" in out
    assert "  misdirected-recommendation  1\n" in out
    assert "Not assessed" not in out  # the case is silent on nothing
    assert "\nexcluded-knowledge-holder (2): Someone who raised a concern" in out
    assert "  traced-2020 exit (actor school): Exited from the programme\n" in out
    assert (
        "      [absent] School, who raised a concern (at referral), took no part in this "
        "later decision.\n" in out
    )
    assert "      [stated by f1] No event worked on this concern (underlying).\n" in out
    assert (
        "  corroborated (2): the reviewer states the gap and the graph finds it\n"
        "    traced-2020 f1: Isolation was never addressed and the case closed too early.\n"
        "        stated by unaddressed-concern (isolation)\n"
        "        related: excluded-knowledge-holder (exit/school); premature-exit (exit)\n"
    ) in out
    assert "  related (0): its evidence shares an entity with a result" in out
    assert (
        "  uncorroborated (2): no result states it or shares its evidence\n"
        "    traced-2020 f3: Staff turnover was high.\n"
        "    traced-2020 f4: The review could not say why.\n"
    ) in out
    assert (
        "\nGaps no finding names (11)\n  blurred-ownership: traced-2020 coordinate [recorded]\n"
    ) in out


def test_gaps_table_names_what_was_not_assessed(tmp_path: Path) -> None:
    text = Path(TRACED).read_text(encoding="utf-8")
    silent = text.replace("case:\n", "case:\n  silent_on: [recommendations, responses]\n", 1)
    assert silent != text
    path = tmp_path / "silent.yaml"
    path.write_text(silent, encoding="utf-8")
    out = run("gaps", str(path)).stdout
    assert (
        "Not assessed, because the case says its sources are silent (silent_on)\n"
        "  unaddressed-concern not assessed: the sources are silent on responses\n"
        "  premature-exit assessed in part: not on (a) a concern identified before the exit "
        "has no `addressed_by` event before it, as the sources are silent on responses\n"
        "  unanswered-finding not assessed: the sources are silent on recommendations\n"
    ) in out
    assert "\nunanswered-finding (" not in out and "\nunaddressed-concern (" not in out
    # f1 is themed unaddressed-concern, which was not assessed: the report says so.
    assert (
        "  related (1): its evidence shares an entity with a result, under another theme or "
        "none\n"
        "    traced-2020 f1: Isolation was never addressed and the case closed too early.\n"
        "        related: excluded-knowledge-holder (exit/school); premature-exit (exit)\n"
        "        its gap was not assessed here (silent_on): unaddressed-concern\n"
    ) in out


def test_gaps_basis_filters_what_is_shown_and_what_fails() -> None:
    shown = json.loads(run("gaps", TRACED, "--format", "json", "--basis", "stated,recorded").stdout)
    assert {r["basis"] for r in shown} == {"stated", "recorded"}
    assert len(shown) == 7
    table = run("gaps", TRACED, "--basis", "absent").stdout
    assert table.startswith(
        "9 gap results in 1 case (7 more not shown: --basis absent)\n"
        "  absent      9  resting only on something not being recorded\n"
    )
    # The reconciliation still uses every result: f1 stays corroborated.
    assert "  corroborated (2)" in table
    # --fail-on counts only what is shown.
    hidden = run("gaps", TRACED, "--basis", "stated", "--fail-on", "outdated-tool")
    assert hidden.exit_code == 0 and hidden.stderr == ""
    found = run("gaps", TRACED, "--basis", "recorded", "--fail-on", "outdated-tool")
    assert found.exit_code == 1 and "found: outdated-tool (--fail-on)" in found.stderr
    bad = run("gaps", TRACED, "--basis", "stat")
    assert_clean_error(bad, 2, "no basis named 'stat'; did you mean 'stated'?")


def test_gaps_only_does_not_call_findings_uncorroborated() -> None:
    out = run("gaps", TRACED, "--only", "premature-exit").stdout
    assert "  uncorroborated (0)" in out
    assert (
        "    traced-2020 f2: The school was not kept informed.\n"
        "        its gap did not run (--only): broken-feedback-loop\n"
    ) in out
    assert "no gap theme, and only part of the catalogue ran (--only)" in out


def test_gaps_json_is_the_contract() -> None:
    result = run("gaps", TRACED, "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == GOLDEN


def test_gaps_csv() -> None:
    result = run("gaps", TRACED, "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == len(GOLDEN)
    assert list(rows[0]) == [
        "gap",
        "case",
        "entity",
        "actor",
        "label",
        "detail",
        "evidence",
        "findings",
        "basis",
        "stated_by",
        "sources",
    ]
    loop = next(r for r in rows if r["gap"] == "broken-feedback-loop")
    assert (loop["entity"], loop["actor"], loop["evidence"], loop["findings"]) == (
        "referral",
        "school",
        "school",
        "f2",
    )
    assert (loop["basis"], loop["stated_by"]) == ("stated", "f2")
    assert json.loads(loop["sources"]) == [{"ref": "review", "quote": "the school referred"}]


def test_gaps_markdown() -> None:
    result = run("gaps", TRACED, "--format", "markdown")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("# Gap report\n\n16 gap results in 1 case.\n")
    assert "| absent | 9 | resting only on something not being recorded |" in out
    assert "| premature-exit | 1 |" in out
    assert "## broken-feedback-loop (1)" in out
    assert (
        "| traced-2020 | referral | school | The school referred Person B. | stated by f2 |" in out
    )
    assert "| traced-2020 | f3 | Staff turnover was high. | uncorroborated |  |" in out
    assert (
        "| traced-2020 | f2 | The school was not kept informed. | corroborated | stated by "
        "broken-feedback-loop (referral/school); related: responsibility-gap "
        "(inform-referrer) |" in out
    )
    assert "### Gaps no finding names (11)" in out


def test_gaps_only_accepts_repeats_and_commas() -> None:
    result = run(
        "gaps",
        TRACED,
        "--format",
        "json",
        "--only",
        "premature-exit,outdated-tool",
        "--only",
        "premature-exit",
    )
    assert result.exit_code == 0
    assert [r["gap"] for r in json.loads(result.stdout)] == ["outdated-tool", "premature-exit"]
    table = run("gaps", TRACED, "--only", "unsupported-finding").stdout
    assert table.startswith("1 gap result in 1 case\n")
    assert "\n\n  unsupported-finding  1\n" in table


@pytest.mark.parametrize("option", ["--only", "--fail-on"])
def test_gaps_unknown_id_is_a_usage_error(option: str) -> None:
    result = run("gaps", TRACED, option, "premature-exits")
    assert_clean_error(
        result, 2, "no gap query named 'premature-exits'; did you mean 'premature-exit'?"
    )


def test_gaps_fail_on() -> None:
    found = run("gaps", TRACED, "--fail-on", "outdated-tool", "--format", "json")
    assert found.exit_code == 1
    assert json.loads(found.stdout) == GOLDEN  # the report is still written in full
    assert "found: outdated-tool (--fail-on)" in found.stderr
    minimal = str(FIXTURES / "minimal.yaml")  # no unsupported findings, no premature exits
    passed = run("gaps", minimal, "--fail-on", "unsupported-finding,premature-exit")
    assert passed.exit_code == 0, passed.output
    assert passed.stderr == ""


def test_gaps_fail_on_must_be_run() -> None:
    result = run("gaps", TRACED, "--only", "premature-exit", "--fail-on", "outdated-tool")
    assert_clean_error(result, 2, "--fail-on outdated-tool is not among the --only gaps")


def test_gaps_invalid_case_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("casegraph: 1\ncase: {id: x}\nactorz: []\n", encoding="utf-8")
    result = run("gaps", str(bad))
    assert_clean_error(result, 1, "unknown key; did you mean 'actors'?")
    assert "nothing was loaded" in result.stderr


def test_gaps_needs_input() -> None:
    assert_clean_error(run("gaps"), 2, "give case files, or --store DIR, or --endpoint URL")


def test_gaps_on_rdflib_engine_is_identical() -> None:
    result = run("gaps", TRACED, "--format", "json", "--engine", "rdflib")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == GOLDEN


# -- queries, query ------------------------------------------------------------------------


def test_queries_lists_the_catalogue() -> None:
    result = run("queries")
    assert result.exit_code == 0
    names = [line.split()[0] for line in result.stdout.splitlines()]
    assert names == list(GAP_IDS)
    assert "premature-exit              A case or stage closed" in result.stdout
    listed = json.loads(run("queries", "--format", "json").stdout)
    assert [q["name"] for q in listed] == list(GAP_IDS)
    assert all(q["description"] for q in listed)


def test_query_prints_raw_rows() -> None:
    result = run("query", "delivery-shortfall", TRACED, "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == [
        {
            "g": CASE[:-1],
            "entity": CASE + "tasking",
            "planned": 3,
            "delivered": 1,
            "evidence": CASE + "session-1",
        }
    ]
    table = run("query", "delivery-shortfall", TRACED).stdout.splitlines()
    assert table[0].split() == ["g", "entity", "planned", "delivered", "evidence"]
    assert table[-1] == "(1 row)"
    rows = list(
        csv.reader(
            io.StringIO(run("query", "unsupported-finding", TRACED, "--format", "csv").stdout)
        )
    )
    assert rows == [["g", "entity"], [CASE[:-1], CASE + "f4"]]


def test_query_unknown_name() -> None:
    result = run("query", "deliveryshortfall", TRACED)
    assert_clean_error(result, 2, "did you mean 'delivery-shortfall'?")


# -- sparql ----------------------------------------------------------------------------------

OUTCOMES = "SELECT ?e ?text WHERE { ?e cg:outcome ?text } ORDER BY ?e"


def test_sparql_select_with_prefixes_prebound() -> None:
    result = run("sparql", OUTCOMES, TRACED, "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == [
        {"e": CASE + "adoption", "text": "Adopted onto the programme"},
        {"e": CASE + "exit", "text": "Exited from the programme"},
    ]


def test_sparql_ask_and_construct() -> None:
    ask = run("sparql", "ASK { ?e cg:eventKind cg:event-kind-closure }", TRACED, "--format", "json")
    assert json.loads(ask.stdout) == [{"ask": False}]
    built = run(
        "sparql",
        "CONSTRUCT { ?e rdfs:label ?o } WHERE { ?e cg:outcome ?o }",
        TRACED,
        "--format",
        "csv",
    )
    assert built.exit_code == 0
    assert built.stdout.splitlines()[0] == "subject,predicate,object"


def test_sparql_bind_is_data() -> None:
    result = run(
        "sparql",
        OUTCOMES,
        TRACED,
        "--bind",
        "text",
        "Exited from the programme",
        "--format",
        "json",
    )
    assert json.loads(result.stdout) == [{"e": CASE + "exit", "text": "Exited from the programme"}]
    for hostile in ('" } ; DROP ALL #', "x' } UNION { ?e ?p ?text } #", "?e"):
        injected = run("sparql", OUTCOMES, TRACED, "--bind", "?text", hostile, "--format", "json")
        assert injected.exit_code == 0, injected.output
        assert json.loads(injected.stdout) == []
    echoed = run(
        "sparql",
        "SELECT ?v WHERE {}",
        TRACED,
        "--bind",
        "v",
        '" } ; DROP ALL #',
        "--format",
        "json",
    )
    assert json.loads(echoed.stdout) == [{"v": '" } ; DROP ALL #'}]


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_sparql_bind_iri(engine: str) -> None:
    query = "SELECT ?e ?kind WHERE { ?e cg:eventKind ?kind }"
    for value in (
        "cg:event-kind-tasking",
        "<https://w3id.org/casegraph/ns#event-kind-tasking>",
        "https://w3id.org/casegraph/ns#event-kind-tasking",
    ):
        result = run(
            "sparql",
            query,
            TRACED,
            "--bind-iri",
            "kind",
            value,
            "--format",
            "json",
            "--engine",
            engine,
        )
        assert result.exit_code == 0, result.output
        assert [row["e"] for row in json.loads(result.stdout)] == [CASE + "tasking"]


@pytest.mark.parametrize("value", ["not an iri", "<x:a b>", "cg:a#b#c", "nocolon"])
def test_sparql_bind_iri_rejects_non_iris(value: str) -> None:
    result = run("sparql", OUTCOMES, TRACED, "--bind-iri", "e", value)
    assert_clean_error(result, 2, "is not an IRI")


@pytest.mark.parametrize("name", ["1x", "a-b", "", "?"])
def test_sparql_bind_rejects_bad_variable_names(name: str) -> None:
    result = run("sparql", OUTCOMES, TRACED, "--bind", name, "value")
    assert_clean_error(result, 2, "is not a SPARQL variable name")


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_sparql_binds_a_variable_that_is_not_selected(engine: str) -> None:
    """--bind goes through VALUES, so ?text need not be in SELECT (issue 15)."""
    query = "SELECT ?e WHERE { ?e cg:outcome ?text }"
    result = run(
        "sparql", query, TRACED, "--engine", engine, "--bind", "text", "Adopted onto the programme"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[2:] == ["case:adoption", "(1 row)"]


def test_sparql_names_an_unknown_prefix_plainly() -> None:
    result = run("sparql", "SELECT ?x WHERE { ?x foaf:name ?n }", TRACED)
    assert_clean_error(result, 1, "unknown prefix foaf: (pre-bound: cg:, gap:, rdf:,")
    assert "u{" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    declared = "PREFIX foaf: <http://xmlns.com/foaf/0.1/> SELECT ?x WHERE { ?x foaf:name 'a:b' }"
    assert run("sparql", declared, TRACED).exit_code == 0


def test_sparql_tables_show_prefixed_names_unless_asked() -> None:
    query = "SELECT ?e ?k WHERE { ?e cg:eventKind ?k ; cg:outcome 'Exited from the programme' }"
    short = run("sparql", query, TRACED)
    assert short.stdout.splitlines()[2].split() == ["case:exit", "cg:event-kind-decision"]
    full = run("sparql", query, TRACED, "--full-iris")
    assert full.stdout.splitlines()[2].split() == [
        CASE + "exit",
        "https://w3id.org/casegraph/ns#event-kind-decision",
    ]
    machine = run("sparql", query, TRACED, "--format", "csv")
    assert (
        machine.stdout.splitlines()[1]
        == f"{CASE}exit,https://w3id.org/casegraph/ns#event-kind-decision"
    )


@pytest.mark.parametrize(
    "update",
    [
        "DROP ALL",
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "PREFIX ex: <urn:x>\n# a comment\nDELETE WHERE { ?s ?p ?o }",
        "CLEAR DEFAULT",
    ],
)
def test_sparql_refuses_updates(update: str) -> None:
    result = run("sparql", update, TRACED)
    assert_clean_error(result, 1, "this is a SPARQL Update; casegraph runs read-only queries")


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize(
    "bad", ["SELECT ?x WHERE { ?x ", "SELEC * WHERE {}", "SELECT ?x WHERE { ?x nope:p ?y }"]
)
def test_sparql_malformed_is_one_line(engine: str, bad: str) -> None:
    result = run("sparql", bad, TRACED, "--engine", engine)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), lines


def test_sparql_reads_a_query_file(tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text(OUTCOMES, encoding="utf-8")
    result = run("sparql", f"@{path}", TRACED, "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1] == f"{CASE}adoption,Adopted onto the programme"
    piped = run("sparql", "@-", TRACED, "--format", "csv", stdin=OUTCOMES)
    assert piped.stdout == result.stdout
    missing = run("sparql", f"@{tmp_path / 'nope.rq'}", TRACED)
    assert_clean_error(missing, 2, "cannot read")


def test_sparql_on_a_store_leaves_it_unchanged(tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    assert run("load", TRACED, "--store", store).exit_code == 0
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    before = json.loads(run("sparql", count, "--store", store, "--format", "json").stdout)
    assert run("sparql", "DROP ALL", "--store", store).exit_code == 1
    hostile = run("sparql", OUTCOMES, "--store", store, "--bind", "text", '"} ; DROP ALL #')
    assert hostile.exit_code == 0
    after = json.loads(run("sparql", count, "--store", store, "--format", "json").stdout)
    assert before == after and before[0]["n"] > 100
    gaps = run("gaps", "--store", store, "--format", "json")
    assert json.loads(gaps.stdout) == GOLDEN


def test_every_command_has_help() -> None:
    for command in ("gaps", "queries", "query", "sparql"):
        result = run(command, "--help")
        assert result.exit_code == 0
        assert "Usage: " in result.stdout


def test_the_command_map_names_each_module_s_commands_and_help_lists_them_all() -> None:
    """The group imports a command's module only when asked (casegraph.cli.COMMANDS)."""
    import importlib

    from casegraph.cli import COMMANDS

    for module in set(COMMANDS.values()):
        defined = {c.name for c in importlib.import_module(module).COMMANDS}
        assert defined == {name for name, home in COMMANDS.items() if home == module}
    listed = run("--help").stdout
    assert all(f"  {name} " in listed for name in COMMANDS), listed
    unknown = run("no-such-command")
    assert unknown.exit_code == 2 and "No such command" in unknown.stderr
