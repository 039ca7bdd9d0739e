"""`casegraph stats`: counts by type and kind, dates and sources, as text and JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURES, MINIMAL, cli

from casegraph.dataset import load
from casegraph.stats import format_stats, stats

MINIMAL_TEXT = """\
case fictional-2019-a
  actors             8  (government 1, intervention-provider 1, local-authority 1, panel 1, \
person 1, police 1, school 1, subject 1)
  events             4  (decision 1, intervention 1, referral 1, tasking 1)
  concerns           1
  duties             2
  tools              1
  findings           1
  recommendations    1
  sources            1
  dates           2019-03-01 to 2019-06-30 (3 dated events)
  source          review 'Learning review of Person A': 2 citations, 2 distinct quotes
"""

MINIMAL_JSON = {
    "fictional-2019-a": {
        "counts": {
            "actor": 8,
            "concern": 1,
            "duty": 2,
            "event": 4,
            "finding": 1,
            "recommendation": 1,
            "source": 1,
            "tool": 1,
        },
        "dates": {"dated_events": 3, "first": "2019-03-01", "last": "2019-06-30"},
        "kinds": {
            "actor": {
                "government": 1,
                "intervention-provider": 1,
                "local-authority": 1,
                "panel": 1,
                "person": 1,
                "police": 1,
                "school": 1,
                "subject": 1,
            },
            "event": {"decision": 1, "intervention": 1, "referral": 1, "tasking": 1},
        },
        "sources": [
            {"citations": 2, "id": "review", "quotes": 2, "title": "Learning review of Person A"}
        ],
    }
}

EVERY_KEY_TEXT = """\
case every-key
  actors             5  (government 1, local-authority 1, panel 1, social-care 1, subject 1)
  events             4  (closure 1, intervention 1, referral 1, tasking 1)
  concerns           1
  duties             1
  tools              1
  findings           1
  recommendations    1
  sources            2
  dates           2019-03-04 to 2020-11-30 (2 dated events)
  source          notes: 0 citations, 0 distinct quotes
  source          report 'The review report': 8 citations, 4 distinct quotes
"""


def test_stats_text() -> None:
    result = cli("stats", str(MINIMAL))
    assert result.exit_code == 0
    assert result.stdout == MINIMAL_TEXT


def test_stats_json() -> None:
    result = cli("stats", "--format", "json", str(MINIMAL))
    assert result.exit_code == 0
    assert json.loads(result.stdout) == MINIMAL_JSON
    assert result.stdout == json.dumps(MINIMAL_JSON, indent=2) + "\n"


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_stats_are_the_same_on_both_engines(engine: str) -> None:
    assert stats(load(MINIMAL, engine=engine)) == MINIMAL_JSON


def test_stats_of_several_cases_come_in_id_order() -> None:
    result = cli("stats", str(FIXTURES / "every-key.yaml"), str(MINIMAL))
    assert result.exit_code == 0
    assert result.stdout == EVERY_KEY_TEXT + MINIMAL_TEXT


def test_stats_of_rdf_input_match_the_case_file(tmp_path: Path) -> None:
    turtle = tmp_path / "minimal.ttl"
    exported = cli("export", "-o", str(turtle), str(MINIMAL))
    assert exported.exit_code == 0
    assert format_stats(stats(load(turtle))) + "\n" == MINIMAL_TEXT


def test_stats_without_input_is_a_usage_error() -> None:
    result = cli("stats")
    assert result.exit_code == 2
    assert "give case files, or --store DIR, or --endpoint URL (one of them)" in result.stderr
