"""Bounded reads (issue 17): regular files only, size limits before parsing, limits on
text, lists, integers and values, unreadable folders, and --check-first."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from casegraph.cli import main
from casegraph.errors import InvalidInput
from casegraph.read.inputs import iter_input_files

MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal.yaml"
MINIMAL_ID = "fictional-2019-a"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def assert_problem(result: Result, code: int, message: str) -> None:
    assert result.exit_code == code, result.output
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def other_case(text_change: str = "", case_id: str = "other-case") -> str:
    text = MINIMAL.read_text(encoding="utf-8").replace(MINIMAL_ID, case_id)
    return text.replace("casegraph: 1\n", f"casegraph: 1\n{text_change}", 1)


@pytest.mark.parametrize(
    ("target", "kind"), [("/dev/zero", "a device"), ("/dev/null", "a device"), (None, "a FIFO")]
)
@pytest.mark.parametrize("suffix", [".yaml", ".ttl", ".nt"])
def test_only_regular_files_are_read_even_through_links(
    target: str | None, kind: str, suffix: str, tmp_path: Path
) -> None:
    link = tmp_path / f"input{suffix}"
    if target is None:
        os.mkfifo(link)  # opened for reading, a FIFO would wait for a writer forever
    else:
        link.symlink_to(target)
    assert_problem(run("validate", str(link)), 1, f"input{suffix}:0: not a regular file ({kind})")


def test_the_size_limit_is_checked_before_reading_and_can_be_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.ttl"
    with big.open("wb") as handle:  # a sparse 2 GiB file: reading it would take 2 GiB
        handle.truncate(2 * 1024**3)
    assert_problem(run("validate", str(big)), 1, "big.ttl:0: file is larger than 64 MiB, the limit")
    case = tmp_path / "case.yaml"
    case.write_text(other_case("# " + "x" * 2_000_000 + "\n"), encoding="utf-8")
    monkeypatch.setenv("CASEGRAPH_MAX_YAML_MB", "1")
    assert_problem(run("validate", str(case)), 1, "set CASEGRAPH_MAX_YAML_MB")
    monkeypatch.setenv("CASEGRAPH_MAX_YAML_MB", "3")
    assert run("validate", "--no-shapes", str(case)).exit_code == 0
    monkeypatch.setenv("CASEGRAPH_MAX_YAML_MB", "lots")
    assert_problem(run("validate", str(case)), 2, "CASEGRAPH_MAX_YAML_MB='lots'")


def test_a_query_file_is_read_bounded(tmp_path: Path) -> None:
    link = tmp_path / "q.rq"
    link.symlink_to("/dev/zero")
    result = run("sparql", f"@{link}", str(MINIMAL))
    assert_problem(result, 2, "not a regular file (a device)")


@pytest.mark.parametrize(
    "command",
    [
        ["validate"],
        ["stats"],
        ["gaps"],
        ["export"],
        ["sparql", "ASK {}"],
        ["path", "person-a", "teacher"],
    ],
)
def test_an_integer_of_5000_digits_is_a_line_not_a_crash(
    command: list[str], tmp_path: Path
) -> None:
    case = tmp_path / "big.yaml"
    case.write_text(other_case("extra: " + "9" * 5000 + "\n"), encoding="utf-8")
    args = [*command, str(case)] if command[0] != "path" else ["path", str(case), *command[1:]]
    assert_problem(run(*args), 1, "big.yaml:2: a number of 5,000 characters")


def test_a_folder_with_a_huge_integer_still_loads_its_valid_case(tmp_path: Path) -> None:
    folder = tmp_path / "cases"
    folder.mkdir()
    (folder / "big.yaml").write_text(other_case("extra: " + "9" * 5000 + "\n"), encoding="utf-8")
    (folder / "ok.yaml").write_bytes(MINIMAL.read_bytes())
    store = tmp_path / "store"
    result = run("load", str(folder), "--store", str(store))
    assert_problem(result, 1, "big.yaml:2: a number of 5,000 characters")
    assert "Loaded 1 case" in result.stdout
    assert run("cases", "--store", str(store)).stdout.startswith(MINIMAL_ID)


def test_long_text_and_long_lists_are_refused_with_their_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(other_case(f"note: {'y' * 100_001}\n"), encoding="utf-8")
    assert_problem(run("validate", str(case)), 1, "case.yaml:2: a text of 100,001 characters")
    monkeypatch.setenv("CASEGRAPH_MAX_LIST_ITEMS", "3")
    case.write_text(other_case("note: [1, 2, 3, 4]\n"), encoding="utf-8")
    assert_problem(run("validate", str(case)), 1, "case.yaml:2: note has 4 items, more than")


def test_a_long_literal_in_rdf_is_refused(tmp_path: Path) -> None:
    ttl = tmp_path / "case.nt"
    label = "z" * 200_000
    ttl.write_text(
        f'<https://w3id.org/casegraph/case/x> <{RDFS_LABEL}> "{label}" .\n'
        '<https://w3id.org/casegraph/case/x> <http://x/n> "'
        + "1" * 5000
        + '"^^<http://www.w3.org/2001/XMLSchema#integer> .\n',
        encoding="utf-8",
    )
    result = run("validate", str(ttl))
    assert_problem(result, 1, "case.nt:1: a literal of 200,000 characters is longer")
    assert "case.nt:1: an integer of 5,000 digits is longer" in result.stderr


def test_many_plain_values_are_not_called_aliases(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 45,000 plain events were refused as "aliases expand"; the limit, lowered here so
    # the test is quick, is on values, and the message now says so.
    monkeypatch.setenv("CASEGRAPH_MAX_YAML_NODES", "2000")
    events = "".join(f"  - {{id: e{i}, kind: contact}}\n" for i in range(400))
    case = tmp_path / "case.yaml"
    case.write_text(other_case(f"more_events:\n{events}"), encoding="utf-8")
    result = run("validate", str(case))
    assert_problem(result, 1, "the file holds more than 2,000 values; split the case")
    assert "aliases" not in result.stderr


def test_an_unreadable_subfolder_is_an_error_not_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "cases" / "locked").mkdir(parents=True)
    (tmp_path / "cases" / "ok.yaml").write_bytes(MINIMAL.read_bytes())
    real_scandir = os.scandir

    def scandir(path: str | os.PathLike[str] = ".") -> object:
        if str(path).endswith("locked"):  # as chmod 000 does for a user other than root
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    with pytest.raises(InvalidInput, match="locked:0: cannot read folder: Permission denied"):
        list(iter_input_files([tmp_path / "cases"]))
    result = run("validate", str(tmp_path / "cases"))
    assert_problem(result, 1, "cannot read folder: Permission denied")


def test_check_first_loads_nothing_when_two_files_share_a_case_id(tmp_path: Path) -> None:
    folder = tmp_path / "cases"
    folder.mkdir()
    (folder / "a.yaml").write_bytes(MINIMAL.read_bytes())
    (folder / "b.yaml").write_bytes(MINIMAL.read_bytes())
    store = tmp_path / "store"
    result = run("load", "--check-first", str(folder), "--store", str(store))
    assert_problem(result, 1, f"b.yaml:1: case id '{MINIMAL_ID}' is also used by")
    assert "nothing was loaded" in result.stderr
    assert run("cases", "--store", str(store)).stdout == ""
