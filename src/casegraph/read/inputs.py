"""Read input files into cases ready to add: one :class:`LoadedCase` per case.

Case files go through the checker and the RDF mapping; RDF files through the RDF
reader and the SHACL shapes. Reading is all-or-nothing across the files given: every
file is checked and every problem is reported together.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from casegraph.errors import InvalidInput, Problem
from casegraph.read.loaded import LoadedCase

CASE_SUFFIXES = (".yaml", ".yml")
RDF_SUFFIXES = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".trig": "trig",
    ".nq": "nquads",
    # the names of `export --to` formats, which users give as extensions too
    ".turtle": "turtle",
    ".ntriples": "nt",
    ".nquads": "nquads",
    ".json-ld": "json-ld",
}
# What `export` writes that is not RDF: read by Gephi and Neo4j, not by casegraph.
GRAPH_SUFFIXES = (".graphml", ".gexf")


def iter_input_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Expand folders into the case and RDF files below them, in a stable order.

    Links to folders are not followed (no loops); a link to a file is yielded, and the
    reader refuses it unless its target is a regular file.

    Raises:
        InvalidInput: a folder (or a folder below it) cannot be read; skipping it would
            load a corpus with cases silently missing.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(_files_below(path))
        else:
            yield path


def _files_below(folder: Path) -> Iterator[Path]:
    def unreadable(error: OSError) -> None:
        where = error.filename or str(folder)
        raise InvalidInput([Problem(str(where), 0, f"cannot read folder: {error.strerror}")])

    for root, _, names in os.walk(folder, onerror=unreadable):
        for name in names:
            child = Path(root, name)
            if child.suffix in CASE_SUFFIXES or child.suffix in RDF_SUFFIXES:
                yield child


def _identity(path: Path) -> Path:
    """The file a path names, so one file given twice (or by two paths) is noticed."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def read_inputs(paths: Iterable[str | Path]) -> list[LoadedCase]:
    """Check every input and turn it into triples, or raise with every problem found."""
    problems: list[Problem] = []
    cases: list[LoadedCase] = []
    seen: dict[str, str] = {}
    files = list(iter_input_files(paths))
    if not files:
        raise InvalidInput([Problem(str(p), 0, "no case or RDF files here") for p in paths])
    given: dict[Path, Path] = {}
    for path in files:
        same = given.setdefault(_identity(path), path)
        if same is not path:
            problems.append(
                Problem(
                    str(path),
                    0,
                    "given twice"
                    + (f" (also as {same})" if str(same) != str(path) else "")
                    + "; each file is read once",
                )
            )
            continue
        try:
            loaded = read_input(path)
        except InvalidInput as invalid:
            problems.extend(invalid.problems)
            continue
        for case in loaded:
            if case.case_id in seen:
                problems.append(
                    Problem(
                        str(path),
                        1,
                        f"case id {case.case_id!r} is also used by "
                        f"{seen[case.case_id]}; give each case its own id",
                    )
                )
            seen[case.case_id] = str(path)
            cases.append(case)
    if problems:
        raise InvalidInput(problems)
    return cases


def read_input(path: Path) -> list[LoadedCase]:
    """Check one file (case file or RDF) and return its cases as triples."""
    if not path.exists():
        raise InvalidInput([Problem(str(path), 0, "no such file")])
    if path.suffix in RDF_SUFFIXES:
        # Readers load only for a file of their kind (a store never needs them).
        from casegraph.read.rdfinput import read_rdf
        from casegraph.read.shacl import check_shapes

        # RDF skips the case-file checker, so the SHACL shapes are its graph-level check.
        cases = read_rdf(path, RDF_SUFFIXES[path.suffix])
        problems = [problem for case in cases for problem in check_shapes(case)]
        if problems:
            raise InvalidInput(problems)
        return cases
    if path.suffix in GRAPH_SUFFIXES:
        raise InvalidInput(
            [
                Problem(
                    str(path),
                    0,
                    f"{path.suffix[1:]} is an export for graph tools (Gephi, Neo4j), which "
                    "casegraph does not read back; give the case file or an RDF export "
                    "(export --to turtle)",
                )
            ]
        )
    if path.suffix not in CASE_SUFFIXES:
        raise InvalidInput(
            [
                Problem(
                    str(path),
                    0,
                    "unknown file type; casegraph reads case files "
                    "(.yaml, .yml) and RDF (.ttl, .turtle, .nt, .nq, .jsonld, .json, .trig)",
                )
            ]
        )
    # Readers load only for a file of their kind (a store never needs them).
    from casegraph.read.casefile.check import read_case_file
    from casegraph.read.mapping import case_ntriples

    try:
        case = read_case_file(path)
    except OSError as exc:
        raise InvalidInput([Problem(str(path), 0, f"cannot read: {exc.strerror}")]) from None
    return [LoadedCase(case.case_id, str(path), case_ntriples(case), case)]
