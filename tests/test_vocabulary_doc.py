"""docs/vocabulary.md is what the ontology and the format's table say today.

Rewrite it after a deliberate change with::

    .venv/bin/python -m casegraph.read.vocabulary > docs/vocabulary.md
"""

from __future__ import annotations

from pathlib import Path

from casegraph.read.vocabulary import key_sources, vocabulary_markdown

DOC = Path(__file__).resolve().parents[1] / "docs" / "vocabulary.md"


def test_the_vocabulary_document_is_up_to_date():
    assert DOC.read_text(encoding="utf-8") == vocabulary_markdown(), (
        "docs/vocabulary.md is stale: run "
        "`.venv/bin/python -m casegraph.read.vocabulary > docs/vocabulary.md`"
    )


def test_it_names_every_class_and_the_key_behind_each_property():
    text = DOC.read_text(encoding="utf-8")
    for term in ("`cg:Event`", "`cg:Panel`", "`cg:Citation`", "`cg:hearsIn`", "`cg:sha256`"):
        assert term in text
    assert "| `cg:by` | `event.by` | cg:Event | cg:Actor |" in text
    assert key_sources()["https://w3id.org/casegraph/ns#file"] == ["source.file"]
