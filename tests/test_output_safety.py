"""Nothing lost through output options (issue 17): inputs, links, empty selections,
failed writes and synth --overwrite."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from click.testing import Result
from conftest import MINIMAL
from conftest import cli as run

from casegraph.errors import CaseGraphError
from casegraph.output import OutputRefused, write_output
from casegraph.synth import write_corpus


def assert_refused(result: Result, message: str) -> None:
    assert result.exit_code == 2, result.output
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.fixture
def case(tmp_path: Path) -> Path:
    path = tmp_path / "case.yaml"
    path.write_bytes(MINIMAL.read_bytes())
    return path


@pytest.mark.parametrize("command", [["view"], ["export"], ["export", "--to", "nt"]])
def test_an_input_is_never_the_output(command: list[str], case: Path) -> None:
    before = case.read_bytes()
    assert_refused(run(*command, str(case), "-o", str(case)), "is also an input")
    assert case.read_bytes() == before


def test_a_file_of_an_input_folder_is_never_the_output(case: Path) -> None:
    before = case.read_bytes()
    result = run("export", str(case.parent), "-o", str(case))
    assert_refused(result, "is one of the inputs")
    assert case.read_bytes() == before


def test_a_hard_link_to_an_input_is_refused(case: Path, tmp_path: Path) -> None:
    link = tmp_path / "other-name.ttl"
    os.link(case, link)
    assert_refused(run("export", str(case), "-o", str(link)), "is also an input")
    assert case.read_bytes() == MINIMAL.read_bytes()


@pytest.mark.parametrize("command", ["view", "export"])
def test_a_symlinked_output_is_not_followed(command: str, case: Path, tmp_path: Path) -> None:
    target = tmp_path / "precious.txt"
    target.write_text("keep me", encoding="utf-8")
    link = tmp_path / "out.html"
    link.symlink_to(target)
    assert_refused(run(command, str(case), "-o", str(link)), "is a symbolic link")
    assert target.read_text(encoding="utf-8") == "keep me"
    assert link.is_symlink()


def test_an_output_inside_a_store_is_refused(case: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert run("load", str(case), "--store", str(store)).exit_code == 0
    result = run("export", "--store", str(store), "-o", str(store / "x.ttl"))
    assert_refused(result, "is inside the store")
    assert not (store / "x.ttl").exists()


@pytest.mark.parametrize("selection", ["TYPO", "a b", "", "<x>"])
def test_an_unknown_case_is_an_error_not_an_empty_file(
    selection: str, case: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.ttl"
    result = run("export", str(case), "--case", selection, "-o", str(out))
    assert_refused(result, "the cases are: fictional-2019-a")
    assert not out.exists()


def test_an_unwritable_output_is_a_message(case: Path, tmp_path: Path) -> None:
    result = run("export", str(case), "-o", str(tmp_path / "no-such-folder" / "out.ttl"))
    assert_refused(result, "cannot write")
    result = run("view", str(case), "-o", "/dev/null")
    assert_refused(result, "is not a regular file")


def test_a_failed_write_keeps_the_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out.ttl"
    out.write_text("previous", encoding="utf-8")
    out.chmod(0o640)

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(CaseGraphError, match="No space left on device; the previous file"):
        write_output(out, b"new contents")
    assert out.read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.ttl"]  # no temporary left
    monkeypatch.undo()
    write_output(out, "new contents")
    assert out.read_text(encoding="utf-8") == "new contents"
    assert out.stat().st_mode & 0o777 == 0o640  # the replaced file's mode is kept


def test_write_output_refuses_a_folder(tmp_path: Path) -> None:
    with pytest.raises(OutputRefused, match="is a folder"):
        write_output(tmp_path, b"x")


def test_synth_overwrite_removes_only_what_synth_wrote(tmp_path: Path) -> None:
    write_corpus(tmp_path, 3, seed=1)
    mine = tmp_path / "cases" / "my-own-case.yaml"
    mine.write_text("format: 1\n", encoding="utf-8")
    result = run("synth", "--cases", "2", "-o", str(tmp_path), "--overwrite")
    assert_refused(result, "holds files that synth did not write (my-own-case.yaml)")
    assert mine.exists()
    assert len(list((tmp_path / "cases").iterdir())) == 4  # nothing removed
    mine.unlink()
    result = run("synth", "--cases", "2", "-o", str(tmp_path), "--overwrite")
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "cases").iterdir())) == 2


def test_synth_overwrite_without_a_manifest_removes_nothing(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "real.yaml").write_text("format: 1\n", encoding="utf-8")
    result = run("synth", "--cases", "1", "-o", str(tmp_path), "--overwrite")
    assert_refused(result, "does not list them")
    assert (cases / "real.yaml").exists()


def test_synth_overwrite_removes_its_folders_of_a_thousand(tmp_path: Path) -> None:
    # As a corpus of over 1,000 cases is written: folders 00/, 01/ ... listed in the manifest.
    for name in ("00/a.yaml", "01/b.yaml"):
        (tmp_path / "cases" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "cases" / name).write_text("x", encoding="utf-8")
    (tmp_path / "manifest.json").write_text('{"files": ["00/a.yaml", "01/b.yaml"]}')
    write_corpus(tmp_path, 1, seed=2, overwrite=True)
    assert sorted(p.name for p in (tmp_path / "cases").iterdir()) == ["synth-2-000000.yaml"]


def test_synth_never_writes_through_a_linked_truth_file(tmp_path: Path) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me", encoding="utf-8")
    out = tmp_path / "corpus"
    out.mkdir()
    (out / "truth.jsonl").symlink_to(precious)
    assert_refused(run("synth", "--cases", "1", "-o", str(out)), "is a symbolic link")
    assert precious.read_text(encoding="utf-8") == "keep me"
