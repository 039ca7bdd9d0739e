"""Where things are in an RDF source file, and rdflib kept quiet while reading one.

Shared by the RDF reader (casegraph.read.rdfinput) and the SHACL shapes
(casegraph.read.shacl), which both report problems as FILE:LINE.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Iterator
from pathlib import Path

from casegraph.vocab import split_item_iri

_PREFIX_DECL = re.compile(r"(?im)^\s*@?prefix\s+([\w-]*):\s*<([^>]*)>")
_LOCAL = re.compile(r"^[\w-]+$")


@contextlib.contextmanager
def quiet_rdflib() -> Iterator[None]:
    """Silence rdflib's logged tracebacks for ill-typed literals (e.g. "abc"^^xsd:integer).

    rdflib logs them at WARNING with a traceback, which would reach the user's terminal;
    casegraph reports such values itself, as problems with a file and line.
    """
    import logging  # only when RDF is read: a case file never pays for it

    logger = logging.getLogger("rdflib.term")
    before = logger.disabled
    logger.disabled = True
    try:
        yield
    finally:
        logger.disabled = before


class SourceLines:
    """Finds the line of a source file that best shows a node, for FILE:LINE messages.

    Tries, in order: the node's IRI opening a line (a Turtle subject), as a JSON-LD
    ``@id``, anywhere in angle brackets; then, for an item IRI, ``id: <item id>`` (a
    case file); a fragment node (a citation, a holding) falls back to its item. Line 1
    when nothing matches.
    """

    def __init__(self, text: str):
        self.text = text
        self._cache: dict[str, int] = {}

    @functools.cached_property
    def lines(self) -> list[str]:
        # Split only when a problem needs a line: a valid corpus file never pays for it.
        return self.text.splitlines()

    @functools.cached_property
    def prefixes(self) -> list[tuple[str, str]]:
        return [(name, base) for name, base in _PREFIX_DECL.findall(self.text)]

    @classmethod
    def of_file(cls, path: str) -> SourceLines:
        try:
            return cls(Path(path).read_text(encoding="utf-8-sig", errors="replace"))
        except OSError:
            return cls("")

    def line_of(self, node: str) -> int:
        if node not in self._cache:
            self._cache[node] = self._find(node)
        return self._cache[node]

    def _find(self, node: str) -> int:
        candidates = [node]
        if "#" in node:
            candidates.append(node.split("#", 1)[0])
        for iri in candidates:
            escaped = re.escape(iri)
            patterns = [rf"^\s*<{escaped}>", rf'"@id"\s*:\s*"{escaped}"']
            short = [
                re.escape(f"{name}:{iri[len(base) :]}")
                for name, base in self.prefixes
                if iri.startswith(base) and _LOCAL.match(iri[len(base) :])
            ]
            patterns += [rf"^\s*{name}(?=[\s;,.])" for name in short]
            patterns.append(rf"<{escaped}>")
            patterns += [rf"(?<![\w:-]){name}(?=[\s;,.)\]])" for name in short]
            parts = split_item_iri(iri)
            if parts:
                local = re.escape(parts[1] or parts[0])
                patterns.append(rf"""^[\s-]*id\s*:\s*["']?{local}["']?\s*(#.*)?$""")
                patterns.append(rf"\bid\s*:\s*[\"']?{local}[\"']?\s*[,}}]")
            for pattern in patterns:
                compiled = re.compile(pattern)
                for number, line in enumerate(self.lines, 1):
                    if compiled.search(line):
                        return number
        return 1
