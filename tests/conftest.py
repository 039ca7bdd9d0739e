"""What the tests share: the paths of the fixtures, the command-line runner and a
case-file writer. Test modules import the constants and helpers (``from conftest
import FIXTURES, cli``); pytest provides the fixtures."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from casegraph.cli import main

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
FIXTURES = TESTS / "fixtures"
MINIMAL = FIXTURES / "minimal.yaml"
REAL_CASE = REPO / "data" / "cases" / "prevent-amess-2014.yaml"


def cli(*args: str, stdin: str | None = None) -> Result:
    """Run the ``casegraph`` command line in this process (standard error kept apart)."""
    return CliRunner().invoke(main, list(args), input=stdin)


def cli_outputs(*args: str) -> tuple[int, str, str]:
    """The exit code, standard output and standard error of a ``casegraph`` command."""
    result = cli(*args)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def write_case(tmp_path: Path) -> Callable[..., Path]:
    """Write a case file and return its path.

    Call as ``write_case(text)`` (into tmp_path) or ``write_case(directory, text)``;
    ``name=`` sets the file name (default case.yaml). ``text`` may be str (written as
    UTF-8) or bytes (written as is).
    """

    def write(*args: Path | str | bytes, name: str = "case.yaml") -> Path:
        folder, text = (args[0], args[1]) if len(args) == 2 else (tmp_path, args[0])
        assert isinstance(folder, Path) and isinstance(text, str | bytes)
        path = folder / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def real_case_path() -> Path:
    """The real case (data/cases/prevent-amess-2014.yaml); skips when it is not there yet."""
    if not REAL_CASE.exists():
        pytest.skip(f"the real case {REAL_CASE.relative_to(REPO)} is not in the tree")
    return REAL_CASE
