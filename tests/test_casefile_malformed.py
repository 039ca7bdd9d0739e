"""Every strictness rule of the case format (case-format.md) as `casegraph validate` sees it.

Each malformed fixture in tests/fixtures/malformed/ is validated through the CLI; the
test pins the exact FILE:LINE: messages (all problems of a file at once), exit code 1
and no traceback. Further tests: nothing in a file is ever executed, an alias bomb is
refused quickly, and invalid input loads nothing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURES, cli

from casegraph.dataset import CaseDataset, load
from casegraph.errors import InvalidInput
from casegraph.read.casefile import yamlsafe
from casegraph.read.casefile.check import check_case_bytes

MALFORMED = FIXTURES / "malformed"
CASEGRAPH = Path(sys.executable).with_name("casegraph")

# File name -> the problems `casegraph validate` prints for it, without the "FILE:" prefix.
MALFORMED_CASES: dict[str, list[str]] = {
    "alias-bomb.yaml": [
        "7: YAML aliases expand past 500,000 values; write the values out instead of "
        "repeating them with aliases",
    ],
    "bad-counts.yaml": [
        "8: events[t1].planned: must be a whole number of zero or more, not the number -1",
        "9: events[t1].delivered: must be a whole number of zero or more, not '2'",
        "12: events[t2].planned: must be a whole number of zero or more, not the number 1.5",
        "13: events[t2].delivered: must be a whole number of zero or more, not true/false",
        "16: events[t3].planned: must be a single value, not a list",
        "17: events[t3].delivered: must be a whole number of zero or more, not 'two'",
    ],
    "bad-enums.yaml": [
        "5: sources[s].kind: 'newsreport' is not one of: review-report, news-report, guidance, "
        "statement, chronology, other; did you mean 'news-report'?",
        "8: actors[a].type: 'polise' is not one of: school, police, local-authority, panel, "
        "intervention-provider, health, social-care, probation, prison, government, charity, "
        "person, subject, other; did you mean 'police'?",
        "9: actors[a].level: 'frontline' is not one of: government, oversight, organisation, "
        "front-line, subject; did you mean 'front-line'?",
        "13: duties[d].holders.basis: 'guidence' is not one of: guidance, practice, claimed, "
        "reviewer; did you mean 'guidance'?",
        "13: duties[d].holders.role: 'owner' is not one of: responsible, accountable, "
        "consulted, informed",
        "14: duties[d].holders.role: missing required key `role`",
        "15: duties[d].holders: each holder must be {actor: <id>, role: "
        "responsible|accountable|consulted|informed}, not 'just-a-string'",
        "18: events[e].kind: 'desicion' is not one of: referral, communication, tasking, "
        "assessment, decision, meeting, intervention, review, closure, incident, other; did "
        "you mean 'decision'?",
        "19: events[e].risk: 'severe' is not one of: low, medium, high",
    ],
    "bad-ids.yaml": [
        "3: case.id: id 'bad-ids\\n' must be lower-case letters, digits and hyphens (e.g. "
        "police-prevent)",
        "5: actors[Police_Prevent].id: id 'Police_Prevent' must be lower-case letters, digits "
        "and hyphens (e.g. police-prevent)",
        "7: actors[-dash].id: id '-dash' must be lower-case letters, digits and hyphens (e.g. "
        "police-prevent)",
    ],
    "comment-only.yaml": [
        "1: the file is empty; a case file is a mapping of keys (casegraph, case, actors, ...)",
    ],
    "complex-key.yaml": [
        "5: a key must be plain text",
    ],
    "custom-tag.yaml": [
        "2: unsupported YAML tag '!case'; remove it",
    ],
    "dangling-refs.yaml": [
        "4: case.subject: no item has id 'persn-a'; did you mean 'person-a'?",
        "7: actors[person-a].part_of: no item has id 'nowhere'",
        "12: events[e1].to: no item has id 'polce'",
        "13: events[e1].about: no item has id 'worry'",
    ],
    "date-contradiction.yaml": [
        "9: events[early].after: 'early' after 'late' contradicts the dates or the other "
        "after/before (it makes a cycle); fix the order or the date",
    ],
    "deep-nesting.yaml": [
        "5: YAML nests more than 40 levels deep",
    ],
    "duplicate-ids.yaml": [
        "6: actors[same].id: id 'same' is already used on line 4 (by a source); ids must be "
        "unique across the whole file",
        "9: events[other].id: id 'other' is already used on line 7 (by an actor); ids must be "
        "unique across the whole file",
    ],
    "duplicate-keys.yaml": [
        "7: actors[a].label: key given twice (first on line 6); keep one",
        "8: actors: key given twice (first on line 4); keep one",
    ],
    "empty-actors.yaml": [
        "3: actors: needs at least one actor",
    ],
    "empty.yaml": [
        "1: the file is empty; a case file is a mapping of keys (casegraph, case, actors, ...)",
    ],
    "impossible-dates.yaml": [
        "4: case.period.end: '2019-02-30' is not a real date: 2019-02 has 28 days",
        "4: case.period.start: '2019-13-45' is not a real date: month 13 does not exist",
        "10: events[e1].date: '2019-1' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD",
        "13: events[e2].date: '0000' is not a real date: year 0 does not exist",
        "16: events[e3].date: '2020-02-30' is not a real date: 2020-02 has 29 days",
        "19: events[e4].date: 'yesterday' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD",
    ],
    "merge-key.yaml": [
        "5: YAML merge keys (<<) are not supported; write keys out",
    ],
    "missing-required.yaml": [
        "1: actors: missing required key `actors`",
        "1: case: missing required key `case`",
        "1: casegraph: missing required key `casegraph`",
        "2: sources[0].id: missing required key `id`",
        "4: events[e1].kind: missing required key `kind`",
    ],
    "not-utf8.yaml": [
        "4: not UTF-8 (byte 39); save the file as UTF-8",
    ],
    "not-yaml.yaml": [
        "3: not valid YAML: did not find expected ',' or '}'",
    ],
    "null-required.yaml": [
        "1: actors: missing required key `actors`",
        "1: casegraph: unsupported format version nothing; this casegraph reads version 1: "
        "write `casegraph: 1`",
        "2: case: must be a mapping, not nothing",
    ],
    "order-cycle.yaml": [
        # one cycle, one problem: the chain with each step's date (issue 15)
        "8: events[first].before: the after/before links make a cycle: first (undated) -> "
        "second (undated) -> first (undated) (links: first before second, second before "
        "first); remove or turn round one of these links",
        "14: events[itself].after: 'itself' after 'itself' contradicts the dates or the other "
        "after/before (it makes a cycle); fix the order or the date",
    ],
    "python-name.yaml": [
        "5: unsupported YAML tag 'tag:yaml.org,2002:python/name:os.system'; remove it",
    ],
    "python-tag.yaml": [
        "2: unsupported YAML tag 'tag:yaml.org,2002:python/object/apply:os.system'; remove it",
    ],
    "recursive-alias.yaml": [
        "3: YAML nests more than 40 levels deep",
    ],
    "scalar.yaml": [
        "1: a case file must be a mapping of keys (casegraph, case, actors, ...), not 'just "
        "some words'",
    ],
    "top-level-list.yaml": [
        "1: a case file must be a mapping of keys (casegraph, case, actors, ...), not a list",
    ],
    "unknown-keys.yaml": [
        "4: case.titel: unknown key; did you mean 'title'? (see `casegraph schema` for the "
        "keys allowed here)",
        "5: actorz: unknown key; did you mean 'actors'? (see `casegraph schema` for the keys "
        "allowed here)",
        "9: actors[b].lable: unknown key; did you mean 'label'? (see `casegraph schema` for "
        "the keys allowed here)",
        "10: actors[b].colour: unknown key (see `casegraph schema` for the keys allowed here)",
    ],
    "version-2.yaml": [
        "1: casegraph: unsupported format version the number 2; this casegraph reads version "
        "1: write `casegraph: 1`",
    ],
    "version-float.yaml": [
        "1: casegraph: unsupported format version the number 1.0; this casegraph reads version "
        "1: write `casegraph: 1`",
    ],
    "very-deep-nesting.yaml": [
        "2: not valid YAML: exceeded maximum nesting depth",
    ],
    "wrong-event-kind-keys.yaml": [
        "8: events[meeting].status: `status` goes only with events of kind referral, "
        "communication, tasking, not meeting; remove it or change the kind",
        "11: events[decision].planned: `planned` goes only with events of kind tasking, "
        "intervention, not decision; remove it or change the kind",
        "12: events[decision].delivered: `delivered` goes only with events of kind tasking, "
        "intervention, not decision; remove it or change the kind",
        "15: events[tasking].under: `under` goes only with events of kind intervention, not "
        "tasking; remove it or change the kind",
    ],
    "wrong-kind-refs.yaml": [
        "4: case.subject: 'e1' is an event, but this key needs an actor",
        "9: concerns[c1].identified_by: 'e1' is an event, but this key needs an actor",
        "10: concerns[c1].addressed_by: 'a' is an actor, but this key needs an event",
        "14: events[e1].by: 'c1' is a concern, but this key needs an actor",
        "15: events[e1].under: 'a' is an actor, but this key needs an event",
        "16: events[e1].tool: 'a' is an actor, but this key needs a tool",
        "17: events[e1].source.ref: 'a' is an actor, but this key needs a source",
        "20: recommendations[r1].addresses: 'c1' is a concern, but this key needs a finding",
    ],
    "wrong-types.yaml": [
        "4: case.title: must be a single value, not a list",
        "5: case.period: must be a mapping, not the number 2019",
        "8: actors[a].label: must be a single value, not a mapping",
        "9: actors[a].members: must be an id or a list of ids, not a mapping",
        "10: actors[1]: each item must be a mapping with an id, not 'just-a-string'",
        "11: concerns: must be a list of concerns (each starting `- id:`), not 'not-a-list'",
        "15: events[e1].stage: must be a mapping, not 'exit'",
        '16: events[e1].source: must be {ref: <source-id>, quote: "..."} or a list of them, '
        "not 'review'",
    ],
}


def test_every_malformed_fixture_is_pinned() -> None:
    assert sorted(p.name for p in MALFORMED.glob("*.yaml")) == sorted(MALFORMED_CASES)
    assert len(MALFORMED_CASES) == 33
    assert sum(len(lines) for lines in MALFORMED_CASES.values()) == 85


def _validate(*args: str) -> tuple[int, str, str]:
    result = cli("validate", *args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("name", sorted(MALFORMED_CASES))
def test_validate_reports_every_problem_exactly(name: str) -> None:
    path = str(MALFORMED / name)
    code, out, err = _validate(path)
    expected = [f"{path}:{line}" for line in MALFORMED_CASES[name]]
    count = len(expected)
    assert code == 1
    assert out == ""
    assert err.splitlines() == [*expected, f"{count} problem{'s' if count != 1 else ''}"]
    assert "Traceback" not in err


@pytest.mark.parametrize("name", sorted(MALFORMED_CASES))
@pytest.mark.parametrize("command", [["stats"], ["export", "--to", "nt"]])
def test_reading_commands_refuse_malformed_files_without_traceback(
    name: str, command: list[str]
) -> None:
    path = str(MALFORMED / name)
    result = cli(*command, path)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[0].startswith(f"{path}:")
    assert result.stderr.endswith("; nothing was loaded\n")
    assert "Traceback" not in result.output


def test_problem_lines_have_file_line_prefix() -> None:
    pattern = re.compile(r"^(?P<file>[^:]+):(?P<line>[1-9]\d*): \S")
    for name, lines in MALFORMED_CASES.items():
        for line in lines:
            assert pattern.match(f"{name}:{line}"), (name, line)


def test_all_problems_of_a_file_are_reported_at_once() -> None:
    # One file, eight wrong-kind references on eight lines: all reported in one run.
    code, _, err = _validate(str(MALFORMED / "wrong-kind-refs.yaml"))
    assert code == 1
    assert err.splitlines()[-1] == "8 problems"
    assert [int(line.split(":")[1]) for line in err.splitlines()[:-1]] == [
        4,
        9,
        10,
        14,
        15,
        16,
        17,
        20,
    ]


def test_problems_of_several_files_are_reported_together() -> None:
    code, _, err = _validate(
        str(MALFORMED / "version-2.yaml"),
        str(FIXTURES / "minimal.yaml"),
        str(MALFORMED / "empty.yaml"),
    )
    assert code == 1
    assert err.splitlines() == [
        f"{MALFORMED / 'empty.yaml'}:1: the file is empty; a case file is a mapping of keys "
        "(casegraph, case, actors, ...)",
        f"{MALFORMED / 'version-2.yaml'}:1: casegraph: unsupported format version the number 2;"
        " this casegraph reads version 1: write `casegraph: 1`",
        "2 problems",
    ]


# -- nothing is executed -----------------------------------------------------------------


@pytest.mark.parametrize("name", ["python-tag.yaml", "python-name.yaml"])
def test_python_tags_are_refused_and_nothing_runs(
    name: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls: list[object] = []

    def record(*args: object) -> int:
        calls.append(args)
        return 0

    monkeypatch.setattr(os, "system", record)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InvalidInput) as raised:
        check_case_bytes((MALFORMED / name).read_bytes(), name)
    assert "unsupported YAML tag 'tag:yaml.org,2002:python/" in str(raised.value)
    assert calls == []
    assert list(tmp_path.iterdir()) == []


def test_python_tag_runs_nothing_in_a_real_process(tmp_path: Path) -> None:
    shutil.copy(MALFORMED / "python-tag.yaml", tmp_path / "case.yaml")
    done = subprocess.run(
        [str(CASEGRAPH), "validate", "case.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "case.yaml:2: unsupported YAML tag 'tag:yaml.org,2002:python/object/apply:os.system'; "
        "remove it",
        "1 problem",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.yaml"]  # no casegraph-was-here


# -- alias bombs ------------------------------------------------------------------------


def test_alias_bomb_is_refused_quickly_by_the_cli_process() -> None:
    started = time.perf_counter()
    done = subprocess.run(
        [str(CASEGRAPH), "validate", str(MALFORMED / "alias-bomb.yaml")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    elapsed = time.perf_counter() - started
    assert done.returncode == 1
    assert "YAML aliases expand past 500,000 values" in done.stderr
    assert "Traceback" not in done.stderr
    assert elapsed < 2.0  # a guard against expanding the aliases, not a benchmark


def test_alias_bomb_is_refused_before_any_value_is_built(monkeypatch: pytest.MonkeyPatch) -> None:
    # Regression: the expansion budget used to be spent building ~500,000 values first.
    def refuse_to_build(*args: object) -> None:
        raise AssertionError("built values of an alias bomb")

    monkeypatch.setattr(yamlsafe._Builder, "build", refuse_to_build)
    with pytest.raises(yamlsafe.YamlRefused) as raised:
        yamlsafe.load_yaml((MALFORMED / "alias-bomb.yaml").read_bytes(), "bomb.yaml")
    assert str(raised.value.problem) == (
        "bomb.yaml:7: YAML aliases expand past 500,000 values; write the values out "
        "instead of repeating them with aliases"
    )


def test_shared_aliases_within_the_budget_are_fine() -> None:
    text = b"casegraph: 1\ncase: {id: x}\nq: &q {ref: s}\nactors:\n  - {id: a, source: *q}\n"
    value, problems = yamlsafe.load_yaml(text, "x.yaml")
    assert problems == []
    assert value["actors"][0]["source"] == {"ref": "s"}


# -- regressions in the checker ---------------------------------------------------------


def test_format_version_must_be_the_integer_one() -> None:
    # Regression: 1.0 passed and became the invalid literal "1.0"^^xsd:integer.
    assert MALFORMED_CASES["version-float.yaml"] == [
        "1: casegraph: unsupported format version the number 1.0; this casegraph reads "
        "version 1: write `casegraph: 1`"
    ]


def test_an_id_with_a_trailing_newline_is_refused() -> None:
    # Regression: `$` matched before a final newline, so "bad-ids\n" became an IRI with a
    # newline in it and `casegraph stats` crashed with a traceback.
    assert MALFORMED_CASES["bad-ids.yaml"][0] == (
        "3: case.id: id 'bad-ids\\n' must be lower-case letters, digits and hyphens "
        "(e.g. police-prevent)"
    )


def test_a_required_key_given_as_null_is_reported_once() -> None:
    # Regression: `casegraph:` with no value was reported twice (missing, and version nothing).
    assert MALFORMED_CASES["null-required.yaml"] == [
        "1: actors: missing required key `actors`",
        "1: casegraph: unsupported format version nothing; this casegraph reads version 1: "
        "write `casegraph: 1`",
        "2: case: must be a mapping, not nothing",
    ]


def test_under_goes_only_with_interventions() -> None:
    # Regression: `under` was accepted on any kind of event.
    assert MALFORMED_CASES["wrong-event-kind-keys.yaml"][-1] == (
        "15: events[tasking].under: `under` goes only with events of kind intervention, not "
        "tasking; remove it or change the kind"
    )


# -- invalid input loads nothing ---------------------------------------------------------


def test_loading_a_valid_and_an_invalid_file_loads_nothing() -> None:
    dataset = CaseDataset()
    dataset.load(FIXTURES / "minimal.yaml")
    before = dataset.nquads()
    with pytest.raises(InvalidInput) as raised:
        dataset.load(FIXTURES / "every-key.yaml", MALFORMED / "dangling-refs.yaml")
    assert [p.path for p in raised.value.problems] == [str(MALFORMED / "dangling-refs.yaml")] * 4
    assert dataset.case_ids() == ["fictional-2019-a"]
    assert dataset.nquads() == before


def test_load_raises_for_any_invalid_file() -> None:
    with pytest.raises(InvalidInput) as raised:
        load(FIXTURES / "minimal.yaml", MALFORMED / "not-utf8.yaml")
    assert str(raised.value) == (
        f"{MALFORMED / 'not-utf8.yaml'}:4: not UTF-8 (byte 39); save the file as UTF-8"
    )
