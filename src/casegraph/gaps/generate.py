"""Write the gap lists of the ontology and the shapes from the gap registry.

The ontology's gap concept scheme (``ontology/casegraph.ttl``, from its
``skos:hasTopConcept`` line to the end of the file) and the shapes' list of gap themes
(``ontology/shapes.ttl``, the ``sh:in ( gap:... )`` list) are generated from the
gaps' homes. The test suite fails when they are stale; after adding or changing a
gap, run::

    python -m casegraph.gaps.generate
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from casegraph.gaps.registry import registry

ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology"

_TOP = "    skos:hasTopConcept gap:"
_THEMES = re.compile(r"sh:in \( (?:gap:[a-z-]+ )+\)")


def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def ontology_text(current: str) -> str:
    """``casegraph.ttl`` with its gap concepts written from the registry."""
    head = current[: current.index(_TOP)]
    gaps = registry().values()
    parts = [_TOP[: -len("gap:")] + ", ".join(f"gap:{gap.id}" for gap in gaps) + " .\n"]
    for gap in gaps:
        parts.append(
            f"\ngap:{gap.id} a skos:Concept ;\n"
            f"    skos:prefLabel {_literal(gap.label)} ;\n"
            f"    skos:altLabel {_literal(gap.id.replace('-', ' '))} ;\n"
            f"    skos:notation {_literal(gap.id)} ;\n"
            f"    skos:definition {_literal(gap.definition)} ;\n"
            f"    skos:scopeNote {_literal(gap.scope_note)} ;\n"
            "    skos:inScheme cg:scheme-gap ;\n"
            "    skos:topConceptOf cg:scheme-gap .\n"
        )
    return head + "".join(parts)


def shapes_text(current: str) -> str:
    """``shapes.ttl`` with the list of gap themes written from the registry."""
    themes = "sh:in ( " + "".join(f"gap:{gap} " for gap in registry()) + ")"
    return _THEMES.sub(themes, current)


def main() -> int:
    """Rewrite both files in place; print the ones that changed."""
    for name, render in (("casegraph.ttl", ontology_text), ("shapes.ttl", shapes_text)):
        path = ONTOLOGY / name
        current = path.read_text(encoding="utf-8")
        wanted = render(current)
        if wanted != current:
            path.write_text(wanted, encoding="utf-8")
            print(f"rewrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
