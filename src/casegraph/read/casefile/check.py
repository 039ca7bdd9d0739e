"""Check a case file against format version 1 and normalise it.

Every problem in a file is collected, each with its line, key path and a fix, so a
reviewer can mend a file in one pass. Only a file with no problems yields a CaseFile.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casegraph.errors import InvalidInput, Problem
from casegraph.read.casefile.spec import (
    CITATION,
    ENUMS,
    FORMAT_VERSION,
    HOLDER,
    ID_PATTERN,
    ITEM_FIELDS,
    TOP_FIELDS,
    Field,
)
from casegraph.read.casefile.yamlsafe import LList, LMap, YamlRefused, load_yaml
from casegraph.read.limits import read_bounded
from casegraph.time.dates import PartialDate, parse_date
from casegraph.time.order import Chronology, Contradiction, Timed

_ID = re.compile(ID_PATTERN)


@dataclass
class CaseFile:
    """A checked case file: normalised data plus what the graph needs to cite lines."""

    path: str
    data: dict[str, Any]
    kinds: dict[str, str] = field(default_factory=dict)  # item id -> item kind
    # key path -> line ("sources[report].file", "events[e].source[0].quote"), for
    # checks made after the format check (quotes against a source's file)
    lines: dict[str, int] = field(default_factory=dict)

    @property
    def case_id(self) -> str:
        return str(self.data["case"]["id"])


def read_case_file(path: str | Path) -> CaseFile:
    """Read and check one case file.

    Raises:
        InvalidInput: with every problem found; nothing of the file is returned (also
            when the file cannot be read, is not a regular file or is too large).
    """
    data = read_bounded(path, "yaml_bytes")
    return check_case_bytes(data, str(path))


def check_case_bytes(data: bytes, path: str) -> CaseFile:
    """Check case file bytes (see :func:`read_case_file`)."""
    try:
        doc, problems = load_yaml(data, path)
    except YamlRefused as refused:
        raise InvalidInput([refused.problem]) from None
    checker = _Checker(path)
    checker.problems.extend(problems)
    result = checker.run(doc)
    if checker.problems:
        raise InvalidInput(checker.problems)
    assert result is not None
    return result


MAX_SUGGESTIONS = 20


def _no_suggestion(word: str, choices: list[str] | tuple[str, ...]) -> str:
    return ""


def _suggest(word: str, choices: list[str] | tuple[str, ...]) -> str:
    near = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {near[0]!r}?" if near else ""


def _a(noun: str) -> str:
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int | float):
        return f"the number {value}"
    return repr(value)


class _Checker:
    def __init__(self, path: str):
        self.path = path
        self.problems: list[Problem] = []
        self.kinds: dict[str, str] = {}
        self.id_lines: dict[str, int] = {}
        self.dates: dict[str, PartialDate] = {}
        self.key_lines: dict[str, int] = {}  # key path -> line, for whole-file rules
        # References are checked once every id is known: (line, key, id, allowed kinds).
        self.pending_refs: list[tuple[int, str, str, tuple[str, ...]]] = []

    def problem(self, line: int, key: str, message: str) -> None:
        self.problems.append(Problem(self.path, line, message, key))

    # -- top level -----------------------------------------------------------------

    def run(self, doc: Any) -> CaseFile | None:
        if doc is None:
            self.problem(
                1,
                "",
                "the file is empty; a case file is a mapping of keys (casegraph, "
                "case, actors, ...)",
            )
            return None
        if not isinstance(doc, LMap):
            line = getattr(doc, "line", 1)
            self.problem(
                line,
                "",
                f"a case file must be a mapping of keys (casegraph, case, "
                f"actors, ...), not {_describe(doc)}",
            )
            return None
        data = self.mapping(doc, TOP_FIELDS, "")
        self.resolve_refs()
        self.check_order(data)
        self.check_part_of(doc, data)
        return CaseFile(self.path, data, dict(self.kinds), dict(self.key_lines))

    def mapping(
        self,
        node: LMap,
        fields: dict[str, Field],
        where: str,
        item_kind: str = "",
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in node.items():
            line = node.key_lines[key]
            keypath = f"{where}.{key}" if where else key
            self.key_lines[keypath] = line
            spec = fields.get(key)
            if spec is None:
                self.problem(
                    line,
                    keypath,
                    f"unknown key{_suggest(key, list(fields))}"
                    " (see `casegraph schema` for the keys allowed here)",
                )
                continue
            if spec.kinds and item_kind and item_kind not in spec.kinds:
                kinds = ", ".join(spec.kinds)
                self.problem(
                    line,
                    keypath,
                    f"`{key}` goes only with events of kind {kinds}, "
                    f"not {item_kind}; remove it or change the kind",
                )
                continue
            if value is None and spec.nullable:
                continue
            checked = self.value(value, spec, keypath, line, node.raw.get(key), item=where)
            if checked is not None:
                out[key] = checked
        for key, spec in fields.items():
            # A non-nullable key given as null was reported by value(); report it once.
            if spec.required and (key not in node or (node[key] is None and spec.nullable)):
                keypath = f"{where}.{key}" if where else key
                self.problem(node.line, keypath, f"missing required key `{key}`")
        return out

    def value(
        self, value: Any, spec: Field, keypath: str, line: int, raw: str | None, item: str
    ) -> Any:
        kind = spec.type
        if kind == "version":
            if not isinstance(value, int) or isinstance(value, bool) or value != FORMAT_VERSION:
                self.problem(
                    line,
                    keypath,
                    f"unsupported format version {_describe(value)};"
                    f" this casegraph reads version {FORMAT_VERSION}: "
                    "write `casegraph: 1`",
                )
                return None
            return value
        if kind == "items":
            return self.items(value, keypath, line, str(spec.target))
        if kind == "map":
            if not isinstance(value, LMap):
                self.problem(line, keypath, f"must be a mapping, not {_describe(value)}")
                return None
            return self.mapping(value, spec.fields, keypath)
        if kind == "citations":
            return self.citations(value, keypath, line)
        if kind == "holders":
            return self.holders(value, keypath, line)
        if kind == "refs":
            return self.refs(value, keypath, line, spec.target)
        if kind in ("enums", "themes"):
            return self.listed(value, spec, keypath, line, raw)
        if value is None:
            self.problem(line, keypath, "must have a value")
            return None
        if isinstance(value, LMap | LList):
            self.problem(line, keypath, f"must be a single value, not {_describe(value)}")
            return None
        if kind == "ref":
            return self.ref(value, keypath, line, spec.target)
        if kind == "count":
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                self.problem(
                    line, keypath, f"must be a whole number of zero or more, not {_describe(value)}"
                )
                return None
            return value
        text = raw if raw is not None and not isinstance(value, str) else value
        text = str(text)
        if kind == "id":
            if not _ID.fullmatch(text):
                self.problem(
                    line,
                    keypath,
                    f"id {text!r} must be lower-case letters, digits "
                    "and hyphens (e.g. police-prevent)",
                )
                return None
            return text
        if kind == "date":
            try:
                parsed = parse_date(text)
            except ValueError as exc:
                self.problem(line, keypath, str(exc))
                return None
            self.dates[keypath] = parsed
            return parsed.text
        if kind == "enum":
            allowed = ENUMS[str(spec.target)]
            if text not in allowed:
                self.problem(
                    line,
                    keypath,
                    f"{text!r} is not one of: {', '.join(allowed)}{_suggest(text, allowed)}",
                )
                return None
            return text
        if kind in ("text", "url"):
            return text
        raise AssertionError(f"unknown field type {kind}")  # pragma: no cover

    def items(self, value: Any, keypath: str, line: int, item_kind: str) -> list[dict[str, Any]]:
        if not isinstance(value, LList):
            self.problem(
                line,
                keypath,
                f"must be a list of {keypath} (each starting `- id:`), not {_describe(value)}",
            )
            return []
        if keypath == "actors" and not value:
            self.problem(line, keypath, "needs at least one actor")
        out = []
        for index, (item, item_line) in enumerate(zip(value, value.item_lines, strict=True)):
            where = f"{keypath}[{index}]"
            if not isinstance(item, LMap):
                self.problem(
                    item_line,
                    where,
                    f"each item must be a mapping with an id, not {_describe(item)}",
                )
                continue
            item_id = item.get("id")
            if isinstance(item_id, str):
                where = f"{keypath}[{item_id}]"
            event_kind = item.get("kind") if item_kind == "event" else ""
            if not isinstance(event_kind, str) or event_kind not in ENUMS["event-kind"]:
                event_kind = ""
            checked = self.mapping(item, ITEM_FIELDS[item_kind], where, item_kind=event_kind)
            if "id" in checked:
                self.register_id(checked["id"], item_kind, item.key_lines["id"], where)
            if item_kind == "event" and "date" in checked:
                self.dates[f"{checked.get('id')}.date"] = self.dates[f"{where}.date"]
            out.append(checked)
        return out

    def register_id(self, item_id: str, kind: str, line: int, where: str) -> None:
        if item_id in self.kinds:
            self.problem(
                line,
                f"{where}.id",
                f"id {item_id!r} is already used on line "
                f"{self.id_lines[item_id]} (by {_a(self.kinds[item_id])}); ids must be "
                "unique across the whole file",
            )
            return
        self.kinds[item_id] = kind
        self.id_lines[item_id] = line

    def as_list(self, value: Any, keypath: str, line: int) -> list[tuple[Any, int]]:
        if isinstance(value, LList):
            return list(zip(value, value.item_lines, strict=True))
        if isinstance(value, LMap):
            self.problem(line, keypath, "must be an id or a list of ids, not a mapping")
            return []
        return [(value, line)]

    def ref(self, value: Any, keypath: str, line: int, target: Any) -> str | None:
        if not isinstance(value, str) or not _ID.fullmatch(value):
            self.problem(line, keypath, f"must be an id, not {_describe(value)}")
            return None
        self.pending_refs.append((line, keypath, value, tuple(target)))
        return value

    def refs(self, value: Any, keypath: str, line: int, target: Any) -> list[str]:
        out: dict[str, None] = {}  # ordered and de-duplicated in one pass (a list was quadratic)
        for item, item_line in self.as_list(value, keypath, line):
            ref = self.ref(item, keypath, item_line, target)
            if ref is not None:
                out[ref] = None
        return list(out)

    def listed(
        self, value: Any, spec: Field, keypath: str, line: int, raw: str | None
    ) -> list[str]:
        """One value or a list of them (``silent_on`` aspects, finding themes), each once.

        A value given twice is an error rather than dropped: a repeated theme or aspect
        is most often a slip for another one.
        """
        entries: list[tuple[Any, int, str | None]]
        if isinstance(value, LList):
            entries = list(zip(value, value.item_lines, [None] * len(value), strict=True))
        else:
            entries = [(value, line, raw)]
        noun = "aspect" if spec.type == "enums" else "theme"
        out: list[str] = []
        first_line: dict[str, int] = {}
        for entry, entry_line, entry_raw in entries:
            if entry is None or isinstance(entry, LMap | LList):
                self.problem(
                    entry_line,
                    keypath,
                    f"each {noun} must be a single word or phrase, not {_describe(entry)}",
                )
                continue
            text = str(entry_raw if entry_raw is not None and not isinstance(entry, str) else entry)
            if spec.type == "enums":
                allowed = ENUMS[str(spec.target)]
                if text not in allowed:
                    self.problem(
                        entry_line,
                        keypath,
                        f"{text!r} is not one of: {', '.join(allowed)}{_suggest(text, allowed)}",
                    )
                    continue
            if text in first_line:
                self.problem(
                    entry_line,
                    keypath,
                    f"{noun} {text!r} is listed twice (first on line {first_line[text]}); "
                    "list each once",
                )
                continue
            first_line[text] = entry_line
            out.append(text)
        return out

    def citations(self, value: Any, keypath: str, line: int) -> list[dict[str, Any]]:
        entries = value if isinstance(value, LList) else LList([value])
        lines = value.item_lines if isinstance(value, LList) else [line]
        out: list[dict[str, Any]] = []
        for entry, entry_line in zip(entries, lines, strict=True):
            if not isinstance(entry, LMap):
                self.problem(
                    entry_line,
                    keypath,
                    'must be {ref: <source-id>, quote: "..."} '
                    f"or a list of them, not {_describe(entry)}",
                )
                continue
            self.key_lines[f"{keypath}[{len(out)}]"] = entry_line
            if "quote" in entry.key_lines:
                self.key_lines[f"{keypath}[{len(out)}].quote"] = entry.key_lines["quote"]
            out.append(self.mapping(entry, CITATION, keypath))
        return out

    def holders(self, value: Any, keypath: str, line: int) -> list[dict[str, Any]]:
        if not isinstance(value, LList):
            self.problem(line, keypath, "must be a list of {actor, role, basis}")
            return []
        out = []
        for entry, entry_line in zip(value, value.item_lines, strict=True):
            if not isinstance(entry, LMap):
                self.problem(
                    entry_line,
                    keypath,
                    "each holder must be {actor: <id>, role: "
                    "responsible|accountable|consulted|informed}, "
                    f"not {_describe(entry)}",
                )
                continue
            out.append(self.mapping(entry, HOLDER, keypath))
        return out

    # -- whole-file rules ------------------------------------------------------------

    def resolve_refs(self) -> None:
        known = list(self.kinds)
        suggested = 0
        for line, keypath, ref, allowed in self.pending_refs:
            kind = self.kinds.get(ref)
            # Each suggestion scans every id: past the first few (a file with 50,000
            # dangling references took minutes), a message goes without one.
            suggest = _suggest if suggested < MAX_SUGGESTIONS else _no_suggestion
            if kind is None:
                suggested += 1
            if kind is None and allowed == ("source",):
                sources = [i for i, k in self.kinds.items() if k == "source"]
                listed = (
                    f"the sources are: {', '.join(sources)}"
                    if sources
                    else "the file has no sources: add them under `sources:`"
                )
                hint = suggest(ref, sources)
                listed = listed[:1].upper() + listed[1:] if hint else listed
                self.problem(
                    line, keypath, f"no source has id {ref!r}{hint}{' ' if hint else '; '}{listed}"
                )
            elif kind is None:
                self.problem(line, keypath, f"no item has id {ref!r}{suggest(ref, known)}")
            elif "*" not in allowed and kind not in allowed:
                wanted = " or ".join(allowed)
                self.problem(
                    line, keypath, f"{ref!r} is {_a(kind)}, but this key needs {_a(wanted)}"
                )

    def check_part_of(self, doc: LMap, data: dict[str, Any]) -> None:
        """An actor cannot be part of itself, directly or through others (a -> b -> a)."""
        parent = {
            a["id"]: a.get("part_of")
            for a in data.get("actors") or []
            if isinstance(a, dict) and isinstance(a.get("id"), str)
        }
        lines: dict[str, int] = {}
        raw = doc.get("actors")
        for item in raw if isinstance(raw, LList) else []:
            if isinstance(item, LMap) and isinstance(item.get("id"), str):
                lines[item["id"]] = item.key_lines.get("part_of", item.line)
        done: set[str] = set()
        for start in parent:
            chain: dict[str, int] = {}  # actor -> its place on this walk
            node: Any = start
            while isinstance(node, str) and node in parent and node not in done:
                if node in chain:
                    cycle = list(chain)[chain[node] :]
                    first = min(cycle, key=lambda a: (lines.get(a, 0), a))
                    ring = cycle[cycle.index(first) :] + cycle[: cycle.index(first)]
                    self.problem(
                        lines.get(first, 1),
                        f"actors[{first}].part_of",
                        f"part_of goes round in a circle ({' -> '.join([*ring, first])}); "
                        "an actor cannot be part of itself",
                    )
                    break
                chain[node] = len(chain)
                node = parent[node]
            done.update(chain)

    def check_order(self, data: dict[str, Any]) -> None:
        events = {
            ev["id"]: Timed(
                self.dates.get(f"{ev['id']}.date"), ev.get("after", []), ev.get("before", [])
            )
            for ev in data.get("events", [])
            if "id" in ev
        }
        found = Chronology(events).contradictions()
        cycle_links = [f for f in found if f.dated is None and f.event != f.other]
        for link in [f for f in found if f not in cycle_links]:
            keypath = f"events[{link.event}].{link.key}"
            line = self.key_lines.get(keypath, self.id_lines.get(link.event, 1))
            self.problem(line, keypath, link.message())
        for links in _cycles(cycle_links):
            self.report_cycle(links, events)

    def report_cycle(self, links: list[Contradiction], events: dict[str, Timed]) -> None:
        """One problem for one cycle of after/before links: the chain, each step's date,
        and the link the dates say is wrong (where they say one is)."""
        chain = _chain(links)
        when = {eid: (ev.date.text if ev.date else "undated") for eid, ev in events.items()}
        shown = " -> ".join(f"{eid} ({when[eid]})" for eid in chain)
        steps = ", ".join(f"{f.event} {f.key} {f.other}" for f in links)
        blame = None
        for f in links:
            earlier, later = (f.other, f.event) if f.key == "after" else (f.event, f.other)
            a, b = events[earlier].date, events[later].date
            if a is not None and b is not None and a.earliest > b.latest:
                blame = f
                break
        culprit = blame or links[0]
        keypath = f"events[{culprit.event}].{culprit.key}"
        line = self.key_lines.get(keypath, self.id_lines.get(culprit.event, 1))
        if blame is not None:
            fix = (
                f"the dates say `{blame.event} {blame.key}: {blame.other}` is the one to fix "
                f"({blame.event} is {when[blame.event]}, {blame.other} is {when[blame.other]})"
            )
        else:
            fix = "remove or turn round one of these links"
        self.problem(
            line,
            keypath,
            f"the after/before links make a cycle: {shown} (links: {steps}); {fix}",
        )


def _cycles(links: list[Contradiction]) -> list[list[Contradiction]]:
    """The links grouped by the cycle (connected events) they belong to, in file order."""
    groups: list[tuple[set[str], list[Contradiction]]] = []
    for link in links:
        ends = {link.event, link.other}
        joined = [g for g in groups if g[0] & ends]
        merged_ids = set(ends).union(*(g[0] for g in joined))
        merged_links = [lk for g in joined for lk in g[1]] + [link]
        groups = [g for g in groups if g not in joined] + [(merged_ids, merged_links)]
    return [g[1] for g in groups]


def _chain(links: list[Contradiction]) -> list[str]:
    """A walk round the cycle, earliest event first: ids in time order, back to the start."""
    later: dict[str, list[str]] = {}
    for f in links:
        earlier, after = (f.other, f.event) if f.key == "after" else (f.event, f.other)
        later.setdefault(earlier, []).append(after)
    start = min(later)
    path = [start]
    seen = {start}
    while True:
        options = sorted(later.get(path[-1], []))
        if start in options and len(path) > 1:
            return [*path, start]
        step = next((o for o in options if o not in seen), None)
        if step is None:
            return [*path, start]
        path.append(step)
        seen.add(step)


__all__ = ["CaseFile", "check_case_bytes", "read_case_file"]
