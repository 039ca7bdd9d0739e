"""The user documentation covers the whole format and catalogue, and stands alone.

docs/case-format.md must name every key of the format and every value of its closed
lists; docs/gaps.md every gap id and every clause exactly as the catalogue declares it
(each gap's home, casegraph/gaps/rules/<id>.py). No file of the project may point a reader at a path
outside the repository (``../shared``, a machine's ``/work/...``): a clone does not
have them.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from casegraph.gaps.registry import GAP_IDS, registry
from casegraph.read.casefile.spec import (
    CITATION,
    ENUMS,
    HOLDER,
    ITEM_FIELDS,
    TOP_FIELDS,
    Field,
)

REPO = Path(__file__).resolve().parents[1]
CASE_FORMAT = REPO / "docs" / "case-format.md"
GAPS = REPO / "docs" / "gaps.md"
# Paths of one machine or of a tree beside the repository, which a clone does not have.
OUTSIDE = ("../shared", "/work/")


def _keys(fields: dict[str, Field]) -> Iterator[str]:
    for key, spec in fields.items():
        yield key
        yield from _keys(spec.fields)


def format_keys() -> list[str]:
    keys = set(_keys(TOP_FIELDS)) | set(_keys(CITATION)) | set(_keys(HOLDER))
    for fields in ITEM_FIELDS.values():
        keys |= set(_keys(fields))
    return sorted(keys)


@pytest.mark.parametrize("key", format_keys())
def test_case_format_doc_names_every_key(key: str) -> None:
    assert f"`{key}`" in CASE_FORMAT.read_text(encoding="utf-8"), key


@pytest.mark.parametrize("enum", sorted(ENUMS))
def test_case_format_doc_names_every_value(enum: str) -> None:
    text = CASE_FORMAT.read_text(encoding="utf-8")
    missing = [value for value in ENUMS[enum] if f"`{value}`" not in text]
    assert missing == [], enum


def test_the_key_list_is_the_whole_format() -> None:
    keys = format_keys()
    assert {"silent_on", "theme", "casegraph", "quote", "basis", "effect"} <= set(keys)
    assert len(keys) == 71


def test_gaps_doc_names_every_gap_and_its_clauses() -> None:
    text = GAPS.read_text(encoding="utf-8")
    for gap_id in GAP_IDS:
        assert f"`{gap_id}`" in text, gap_id
    for gap in registry().values():
        for clause in gap.clauses:
            row = (
                f"| {gap.id} | `{clause.name}` | {clause.basis} | {clause.aspect or '-'} "
                f"| {clause.text} |"
            )
            assert row in text, f"docs/gaps.md does not give this clause as declared: {row}"


def _project_files() -> list[Path]:
    """The files of the repository (what a clone has)."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return [REPO / name for name in listed.decode().split("\0") if name]


def test_no_project_file_points_outside_the_repository() -> None:
    found = []
    for path in _project_files():
        if path == Path(__file__) or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # images and other binary files
        found += [f"{path.relative_to(REPO)}: {bad}" for bad in OUTSIDE if bad in text]
    assert found == []
