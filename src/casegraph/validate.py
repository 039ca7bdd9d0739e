"""Validation of input files: the format checker for case files, SHACL for the graph.

Case files are checked in Python (fast, with lines and fixes); the checker enforces
every rule the SHACL shapes state, so the graph of a valid case file conforms to them
by construction (tests/test_cli_validate.py checks that on generated cases). The
shapes are the check RDF input gets beyond parsing, applied when it is read; on case
files they run only when asked (``shapes=True``), so validating a long case does not
pay pySHACL's per-node cost (tens of seconds at thousands of events).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from casegraph.errors import InvalidInput, Problem
from casegraph.read.casefile.quotes import check_quotes
from casegraph.read.inputs import RDF_SUFFIXES, read_inputs


def validate(paths: Iterable[str | Path], shapes: bool = False) -> list[Problem]:
    """Every problem in the given files (an empty list when all are valid).

    Quotes citing a source that names its ``file`` are checked against that file's
    text (:mod:`casegraph.read.casefile.quotes`).

    Args:
        paths: case files, RDF files or folders of them.
        shapes: also apply the SHACL shapes to the graph of each case file (RDF files
            are always shape-checked).
    """
    try:
        cases = read_inputs(paths)
    except InvalidInput as invalid:
        return invalid.problems
    problems: list[Problem] = []
    for case in cases:
        if case.casefile is not None:
            problems.extend(check_quotes(case.casefile))
    if not shapes:
        return sorted(problems)
    from casegraph.read.shacl import check_shapes  # only when the shapes are asked for

    for case in cases:
        if Path(case.path).suffix not in RDF_SUFFIXES:  # RDF was shape-checked on reading
            problems.extend(check_shapes(case))
    return sorted(problems)
