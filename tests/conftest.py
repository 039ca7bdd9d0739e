"""Shared fixtures: kept small and generic (paths and a case-file writer)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
REAL_CASE = REPO / "data" / "cases" / "prevent-amess-2014.yaml"


@pytest.fixture
def fixtures_dir() -> Path:
    """tests/fixtures."""
    return TESTS / "fixtures"


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
