"""A first draft of a case file from a review's own text (`casegraph draft`).

The draft proposes actors, events, concerns, findings and recommendations, each with
the exact sentence it came from as its quote (a slice of the source's text, so
verbatim by construction) and a ``# draft:`` comment saying how sure the proposal is.
It is a start that a person corrects, not a finished case: it never invents a fact
the sentence does not carry, and the file it writes always validates.

Modules: ``sentences`` (the text cut into quotable sentences), ``lexicon`` (the words
recognised), ``extract`` (the proposals) and ``render`` (the commented YAML).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from casegraph.draft.extract import Actors, Events, Proposal, concerns, lists, slug, stated_findings
from casegraph.draft.render import render
from casegraph.draft.sentences import split
from casegraph.read.sourcetext import SourceText, read_source


@dataclass
class Draft:
    """A drafted case: its YAML text and the proposals in it."""

    text: str
    case_id: str
    proposals: list[Proposal]

    def count(self, kind: str) -> int:
        return sum(1 for p in self.proposals if p.kind == kind)


def draft_case(
    source: str | Path, output: str | Path | None = None, case_id: str | None = None
) -> Draft:
    """Draft a case file from a review's text (.txt, .md, .html or a text .pdf).

    Args:
        source: the document.
        output: where the case file will be written; the source's ``file:`` is given
            relative to it (default: the current directory).
        case_id: the case's id (default: from the source's file name).

    Raises:
        casegraph.read.sourcetext.SourceError: the source cannot be read as text.
        OSError: the source cannot be read.
    """
    doc = read_source(source)
    # abspath, not resolve: a path through a symbolic link stays as the user gave it
    out_dir = os.path.dirname(os.path.abspath(output)) if output else os.getcwd()
    relative = os.path.relpath(os.path.abspath(source), out_dir)
    return draft_text(doc, case_id or slug(Path(source).stem), Path(relative).as_posix())


def draft_text(doc: SourceText, case_id: str, file: str) -> Draft:
    """Draft a case file from a document's text (see :func:`draft_case`)."""
    sentences = split(doc.text)
    actors = Actors(sentences, doc.text)
    findings, recs, used = lists(sentences, actors)
    findings += stated_findings(sentences, doc.text, used, len(findings) + 1)
    events = Events(sentences, actors, used)
    found_concerns = concerns(sentences, actors, events, used)
    proposals = [
        *actors.items.values(),
        *found_concerns,
        *events.items,
        *findings,
        *recs,
    ]
    title = next((s.text for s in sentences if not s.item), case_id)
    text = render(doc, case_id, title, file, proposals)
    return Draft(text, case_id, proposals)


__all__ = ["Draft", "draft_case", "draft_text"]
