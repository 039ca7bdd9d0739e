"""docs/vocabulary.md, written from the ontology and the case-file format's own table.

Classes and properties come from ``ontology/casegraph.ttl`` (label, comment, parents,
domain and range); the case-file keys each property comes from are found by running
every key of ``casefile/spec.py`` through the mapping's ``property_iri``. A test
checks the document is what this module writes, so it cannot go stale:
``python -m casegraph.read.vocabulary > docs/vocabulary.md`` rewrites it.
"""

from __future__ import annotations

from collections import defaultdict
from importlib.resources import files

from casegraph.read.casefile.spec import CASE_FIELDS, CITATION, HOLDER, ITEM_FIELDS, Field
from casegraph.read.mapping import property_iri
from casegraph.vocab import CG, PREFIXES


def key_sources() -> dict[str, list[str]]:
    """Property IRI -> the case-file keys (``event.by``, ``case.review.title``) it comes from."""
    out: dict[str, list[str]] = defaultdict(list)

    def walk(prefix: str, fields: dict[str, Field]) -> None:
        for key, spec in fields.items():
            path = f"{prefix}.{key}"
            if spec.type == "map":
                walk(path, spec.fields)
                if prefix != "case":
                    continue
            if spec.type not in ("items", "citations", "holders", "map", "version"):
                out[property_iri(key, spec)].append(path)

    walk("case", CASE_FIELDS)
    for kind, fields in ITEM_FIELDS.items():
        walk(kind, fields)
    walk("citation", CITATION)
    walk("holder", HOLDER)
    return out


def _prefixed(iri: str) -> str:
    for name, base in PREFIXES.items():
        if iri.startswith(base):
            return f"{name}:{iri[len(base) :]}"
    return f"<{iri}>"


def vocabulary_markdown() -> str:
    """The text of docs/vocabulary.md."""
    import rdflib
    from rdflib.namespace import OWL, RDF, RDFS

    graph = rdflib.Graph()
    graph.parse(data=(files("casegraph") / "ontology" / "casegraph.ttl").read_text("utf-8"))
    keys = key_sources()

    def text(node: rdflib.term.Node, prop: rdflib.term.Node) -> str:
        value = graph.value(node, prop)
        return " ".join(str(value).split()) if value is not None else ""

    def classes(node: rdflib.term.Node) -> str:
        """A class, or a union of classes ("cg:Finding or cg:Recommendation")."""
        members = graph.value(node, OWL.unionOf)
        if isinstance(node, rdflib.BNode) and members is not None:
            return " or ".join(sorted(_prefixed(str(m)) for m in graph.items(members)))
        return _prefixed(str(node))

    def ours(kind: rdflib.term.Node) -> list[rdflib.URIRef]:
        found = {s for s in graph.subjects(RDF.type, kind) if str(s).startswith(CG)}
        return sorted((s for s in found if isinstance(s, rdflib.URIRef)), key=str)

    lines = [
        "# The casegraph vocabulary",
        "",
        "<!-- Written by `python -m casegraph.read.vocabulary > docs/vocabulary.md` from",
        "src/casegraph/ontology/casegraph.ttl; tests/test_vocabulary_doc.py keeps it so. -->",
        "",
        "Every class and property casegraph writes, with the case-file key each property "
        "comes from (see docs/case-format.md). Prefixes: "
        + ", ".join(f"`{n}:` <{iri}>" for n, iri in PREFIXES.items())
        + ".",
        "",
        "## Classes",
        "",
        "| class | label | subclass of | what it is |",
        "|---|---|---|---|",
    ]
    for cls in ours(OWL.Class):
        parents = ", ".join(sorted(_prefixed(str(p)) for p in graph.objects(cls, RDFS.subClassOf)))
        lines.append(
            f"| `{_prefixed(str(cls))}` | {text(cls, RDFS.label)} | {parents} | "
            f"{_cell(text(cls, RDFS.comment))} |"
        )
    for title, kind in (
        ("Properties between items", OWL.ObjectProperty),
        ("Properties with values", OWL.DatatypeProperty),
    ):
        lines += [
            "",
            f"## {title}",
            "",
            "| property | from the case-file key | domain | range | what it says |",
            "|---|---|---|---|---|",
        ]
        for prop in ours(kind):
            comment = text(prop, RDFS.comment)
            source = ", ".join(f"`{k}`" for k in keys.get(str(prop), []))
            source = source or ("derived" if comment.startswith("Derived") else "see the note")
            domain = ", ".join(classes(d) for d in graph.objects(prop, RDFS.domain))
            range_ = ", ".join(classes(r) for r in graph.objects(prop, RDFS.range))
            lines.append(
                f"| `{_prefixed(str(prop))}` | {source} | {domain} | {range_} | {_cell(comment)} |"
            )
    other = sorted(k for k in keys if not k.startswith(CG))
    lines += [
        "",
        "## Terms from other vocabularies",
        "",
        "| property | from the case-file key |",
        "|---|---|",
    ]
    lines += [f"| `{_prefixed(k)}` | {', '.join(f'`{x}`' for x in keys[k])} |" for k in other]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


if __name__ == "__main__":
    print(vocabulary_markdown(), end="")
