"""What reading a file gives: one case, ready to add to a dataset or a store."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class LoadedCase:
    """One case ready to add: its id, where it came from, and its triples."""

    case_id: str
    path: str
    ntriples: str
    # the checked case file, for checks after loading (validate's quotes); None for RDF
    casefile: Any = None
