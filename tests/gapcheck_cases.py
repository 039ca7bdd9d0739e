"""Helpers for the gap tests: case files from YAML text into one dataset."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from casegraph.dataset import CaseDataset
from casegraph.read.casefile.check import CaseFile, check_case_bytes
from casegraph.read.loaded import LoadedCase
from casegraph.read.mapping import case_ntriples
from casegraph.store.engines import make_engine

# Actors most scenarios use: a panel p (members b, chair c) and a panel q whose only
# member is the panel p (membership is one level deep, so b and c are not q's members).
ACTORS = """\
actors:
  - {id: a, type: person, label: Alice}
  - {id: b, type: police, label: Police}
  - {id: c, type: local-authority, label: Council}
  - {id: d, type: school}
  - {id: p, type: panel, members: [b], chair: c}
  - {id: q, type: panel, members: [p]}
  - {id: x, type: government}
"""


def case_text(body: str, case_id: str = "t", actors: bool = True) -> str:
    """A whole case file: header, the shared actors (unless ``actors=False``) and ``body``."""
    head = f"casegraph: 1\ncase: {{id: {case_id}}}\n"
    return head + (ACTORS if actors else "") + textwrap.dedent(body)


def check(text: str, path: str = "<test>") -> CaseFile:
    return check_case_bytes(text.encode("utf-8"), path)


def dataset_of(cases: Iterable[CaseFile], engine: str = "oxigraph") -> CaseDataset:
    """One dataset holding every checked case."""
    dataset = CaseDataset(make_engine(engine))
    for case in cases:
        dataset.add(LoadedCase(case.case_id, case.path, case_ntriples(case)))
    return dataset
