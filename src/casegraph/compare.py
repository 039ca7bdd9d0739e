"""Cross-case comparison: two cases side by side.

:func:`compare` puts two cases next to each other: their gap profiles (results per
gap id), the actors and duties each has, how long each stage lasted and the themes of
the reviewer's findings. (The gaps that recur across a corpus are
casegraph.gaps.recurrence's.)

Everything is read with SPARQL and the gap catalogue (casegraph.gaps.catalogue), so it works
the same on files in memory, an embedded store and a remote endpoint.

Matching between two cases (ids are local to a case, so "police" in one case and
"police" in another are only the same kind of thing, not the same agency):

- **actors** match when both their id and their type are equal;
- **duties** match when their labels are equal, ignoring case and spacing (a duty
  without a label is matched by id);
- **stages** match by name; **finding themes** by value (a gap id or free text).

A stage's **duration** runs from its first entry to its last exit: the events with
``stage: {name, effect: enter}`` and ``{effect: exit}``. A partial date stands for
its whole month or year, so a duration is a range: at least the exit's earliest day
minus the entry's latest day, at most the exit's latest day minus the entry's
earliest day (the same when both are whole dates). It is unknown when any entry or
exit of the stage is undated, and open when the stage has no exit (or no entry).
"""

from __future__ import annotations

import difflib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casegraph.dataset import case_dataset, load
from casegraph.errors import InvalidArgument, UnknownNode
from casegraph.gaps.catalogue import gaps
from casegraph.gaps.registry import GAP_IDS
from casegraph.text import shorten
from casegraph.vocab import GAP, enum_value, item_id

if TYPE_CHECKING:
    from casegraph.dataset import CaseDataset
    from casegraph.gaps.catalogue import GapResult


class UnknownCase(UnknownNode):
    """A case id that is not in the dataset (or a dataset whose case must be named)."""

    def __init__(self, message: str, name: str = "", suggestions: Sequence[str] = ()):
        self.name = name
        self.suggestions = list(suggestions)
        Exception.__init__(self, message)


# -- what one case holds -------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Actor:
    """An actor of one case: its id, type and label."""

    id: str
    type: str
    label: str

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "type": self.type, "label": self.label}


@dataclass(frozen=True, order=True)
class Duty:
    """A duty of one case: its id, label and owners (responsible or accountable holders)."""

    id: str
    label: str
    owners: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """What duties are matched by across cases: the label, case and spacing ignored."""
        return " ".join(self.label.split()).casefold() if self.label else f"#{self.id}"

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "owners": list(self.owners)}


@dataclass(frozen=True)
class Stage:
    """A named stage of one case and how long it lasted, in days (a range).

    ``entered`` and ``exited`` are the ids of the events that enter and exit it.
    ``min_days``/``max_days`` are None when the duration is not known: the stage has
    no entry or no exit (``status`` "open"), or one of them is undated ("unknown").
    """

    name: str
    entered: tuple[str, ...]
    exited: tuple[str, ...]
    min_days: int | None = None
    max_days: int | None = None

    @property
    def status(self) -> str:
        """ "known", "unknown" (an entry or exit is undated) or "open" (no entry or exit)."""
        if not self.entered or not self.exited:
            return "open"
        return "known" if self.min_days is not None else "unknown"

    @property
    def duration(self) -> str:
        """The duration as text: "61 days", "427 to 822 days", "unknown" or "open"."""
        if self.min_days is None or self.max_days is None:
            return "open (no exit)" if self.status == "open" and self.entered else self.status
        if self.min_days == self.max_days:
            return f"{self.min_days} day{'' if self.min_days == 1 else 's'}"
        return f"{self.min_days} to {self.max_days} days"

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "entered": list(self.entered),
            "exited": list(self.exited),
            "min_days": self.min_days,
            "max_days": self.max_days,
            "status": self.status,
            "duration": self.duration,
        }


@dataclass
class CaseProfile:
    """What :func:`compare` reads of one case."""

    case: str
    title: str | None
    gaps: dict[str, int]
    results: list[GapResult]
    actors: list[Actor]
    duties: list[Duty]
    stages: dict[str, Stage]
    themes: list[str]
    result_keys: list[ResultKey] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "case": self.case,
            "title": self.title,
            "gaps": dict(self.gaps),
            "actors": [a.to_dict() for a in self.actors],
            "duties": [d.to_dict() for d in self.duties],
            "stages": {name: s.to_dict() for name, s in self.stages.items()},
            "themes": list(self.themes),
        }


# -- the comparison -------------------------------------------------------------------------


@dataclass(frozen=True)
class GapCounts:
    """One gap id with its number of results in case A and in case B."""

    gap: str
    a: int
    b: int

    def to_dict(self) -> dict[str, Any]:
        return {"gap": self.gap, "a": self.a, "b": self.b}


@dataclass(frozen=True, order=True)
class ResultKey:
    """A gap result as compare matches it: by gap, the reported item's kind and id, and
    the actor (per-actor gaps); ``label`` is shown, never matched."""

    gap: str
    kind: str
    entity: str
    actor: str = ""
    label: str = ""

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.gap, self.kind, self.entity, self.actor)

    def to_dict(self) -> dict[str, Any]:
        out = {"gap": self.gap, "kind": self.kind, "entity": self.entity, "label": self.label}
        if self.actor:
            out["actor"] = self.actor
        return out


@dataclass
class Matched:
    """Items of two cases matched by a key: pairs found in both, and those in one only."""

    shared: list[tuple[Any, Any]] = field(default_factory=list)
    only_a: list[Any] = field(default_factory=list)
    only_b: list[Any] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        def plain(item: Any) -> Any:
            return item.to_dict() if hasattr(item, "to_dict") else item

        return {
            "shared": [{"a": plain(a), "b": plain(b)} for a, b in self.shared],
            "only_a": [plain(x) for x in self.only_a],
            "only_b": [plain(x) for x in self.only_b],
        }


@dataclass
class Comparison:
    """Two cases side by side (see the module docstring for how items are matched).

    ``gaps`` has one row per catalogue gap id; ``shared_gaps`` are the ids found in
    both cases, ``gaps_only_a``/``gaps_only_b`` those found in one. ``results`` matches
    the results themselves (:class:`ResultKey`: gap, item kind, item id, actor), so the
    ones found in one case and not the other are listed, not only counted. ``stages``
    pairs each stage name with the stage in A and in B (None: no such stage).
    """

    a: CaseProfile
    b: CaseProfile
    gaps: list[GapCounts]
    actors: Matched
    duties: Matched
    stages: list[tuple[str, Stage | None, Stage | None]]
    themes: Matched
    results: Matched = field(default_factory=Matched)

    @property
    def shared_gaps(self) -> list[str]:
        return [row.gap for row in self.gaps if row.a and row.b]

    @property
    def gaps_only_a(self) -> list[str]:
        return [row.gap for row in self.gaps if row.a and not row.b]

    @property
    def gaps_only_b(self) -> list[str]:
        return [row.gap for row in self.gaps if row.b and not row.a]

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": {"case": self.a.case, "title": self.a.title},
            "b": {"case": self.b.case, "title": self.b.title},
            "gaps": {
                "counts": [row.to_dict() for row in self.gaps],
                "shared": self.shared_gaps,
                "only_a": self.gaps_only_a,
                "only_b": self.gaps_only_b,
            },
            "results": self.results.to_dict(),
            "actors": self.actors.to_dict(),
            "duties": self.duties.to_dict(),
            "stages": [
                {
                    "name": name,
                    "a": None if sa is None else sa.to_dict(),
                    "b": None if sb is None else sb.to_dict(),
                }
                for name, sa, sb in self.stages
            ],
            "themes": self.themes.to_dict(),
        }


def compare(
    data: CaseDataset | tuple[CaseDataset | str | Path, CaseDataset | str | Path],
    case_a: str | None = None,
    case_b: str | None = None,
) -> Comparison:
    """Compare two cases: gap profiles, actors, duties, stage durations, finding themes.

    Args:
        data: one dataset holding both cases, or a pair ``(first, second)`` whose items
            are datasets or case files (a case file is loaded); a pair can compare two
            versions of the same case, which one dataset cannot hold.
        case_a: the first case's id; with a pair it may be left out when the first
            item holds one case.
        case_b: likewise for the second.

    Returns:
        A :class:`Comparison`.

    Raises:
        UnknownCase: a case id is not in its dataset, or is left out where the
            dataset holds several cases.
        InvalidInput: a case file given in a pair is invalid.
    """
    if isinstance(data, tuple):
        if len(data) != 2:
            raise InvalidArgument(f"give a pair of datasets or case files, not {len(data)} items")
        first, second = (_as_dataset(item) for item in data)
    else:
        first = second = data
        if case_a is None or case_b is None:
            ids = first.case_ids()
            if len(ids) != 2 or case_a is not None or case_b is not None:
                raise UnknownCase(
                    "name the two cases to compare"
                    + (f" (the dataset holds {_few(ids)})" if ids else " (the dataset is empty)")
                )
            case_a, case_b = ids
    a = profile(first, case_a)
    b = profile(second, case_b)
    return Comparison(
        a=a,
        b=b,
        gaps=[GapCounts(gap, a.gaps.get(gap, 0), b.gaps.get(gap, 0)) for gap in _gap_order(a, b)],
        actors=_match(a.actors, b.actors, lambda x: (x.id, x.type)),
        duties=_match(a.duties, b.duties, lambda d: d.key),
        stages=[
            (name, a.stages.get(name), b.stages.get(name))
            for name in sorted(set(a.stages) | set(b.stages))
        ],
        themes=_match(a.themes, b.themes, lambda t: t),
        results=_match(a.result_keys, b.result_keys, lambda r: r.key),
    )


def _as_dataset(item: CaseDataset | str | Path) -> CaseDataset:
    if isinstance(item, str | Path):
        return load(item)
    return item


def _gap_order(a: CaseProfile, b: CaseProfile) -> list[str]:
    extra = sorted((set(a.gaps) | set(b.gaps)) - set(GAP_IDS))
    return [*GAP_IDS, *extra]


def _few(ids: Sequence[str], limit: int = 5) -> str:
    shown = ", ".join(ids[:limit])
    more = f" and {len(ids) - limit} more" if len(ids) > limit else ""
    noun = "case" if len(ids) == 1 else "cases"
    return f"{len(ids)} {noun}: {shown}{more}"


def _match(items_a: Iterable[Any], items_b: Iterable[Any], key: Any) -> Matched:
    by_key_b: dict[Any, Any] = {}
    for item in items_b:
        by_key_b.setdefault(key(item), item)
    seen: set[Any] = set()
    matched = Matched()
    for item in items_a:
        k = key(item)
        if k in seen:
            continue
        seen.add(k)
        if k in by_key_b:
            matched.shared.append((item, by_key_b[k]))
        else:
            matched.only_a.append(item)
    matched.only_b = [item for k, item in by_key_b.items() if k not in seen]
    return matched


# -- reading one case -----------------------------------------------------------------------

_TITLE = "SELECT ?title WHERE { GRAPH ?g { ?g dcterms:title ?title } }"

_ACTORS = """
SELECT ?actor ?type ?label WHERE {
  GRAPH ?g {
    ?actor a cg:Actor .
    OPTIONAL { ?actor cg:actorType ?type }
    OPTIONAL { ?actor rdfs:label ?label }
  }
}
"""

_DUTIES = """
SELECT ?duty ?label ?owner WHERE {
  GRAPH ?g {
    ?duty a cg:Duty .
    OPTIONAL { ?duty rdfs:label ?label }
    OPTIONAL {
      ?duty cg:holding ?holding .
      ?holding cg:holder ?owner ;
               cg:role ?role .
      VALUES ?role { cg:role-responsible cg:role-accountable }
    }
  }
}
"""

_STAGES = """
SELECT ?event ?name ?effect ?earliest ?latest WHERE {
  GRAPH ?g {
    ?event cg:stageName ?name ;
           cg:stageEffect ?effect .
    OPTIONAL { ?event cg:earliest ?earliest ; cg:latest ?latest }
  }
}
"""

_KINDS = """
SELECT ?item ?class WHERE {
  GRAPH ?g { ?item a ?class FILTER (STRSTARTS(STR(?class), STR(cg:))) }
}
"""

_THEMES = "SELECT DISTINCT ?theme WHERE { GRAPH ?g { ?finding a cg:Finding ; cg:theme ?theme } }"


def profile(dataset: CaseDataset, case_id: str | None = None) -> CaseProfile:
    """Read what :func:`compare` needs of one case.

    Args:
        dataset: the dataset holding the case (memory, store or endpoint).
        case_id: the case; may be left out when the dataset holds exactly one.

    Raises:
        UnknownCase: no such case, or several cases and none named.
    """
    case_id, single = _pick_case(dataset, case_id)
    # The catalogue runs over a whole dataset: give it one holding this case alone.
    own = single if single is not None else _copy_case(dataset, case_id)
    results = gaps(own)
    counts = Counter(r.gap for r in results)
    titles = [str(row[0]) for row in own.query(_TITLE).rows]
    actors = sorted(
        {
            Actor(item_id(actor), enum_value(kind, "actor-type") if kind else "", str(label or ""))
            for actor, kind, label in own.query(_ACTORS).rows
        }
    )
    duty_labels: dict[str, str] = {}
    owners: dict[str, set[str]] = defaultdict(set)
    for duty, label, owner in own.query(_DUTIES).rows:
        key = item_id(duty)
        if label is not None and (key not in duty_labels or str(label) < duty_labels[key]):
            duty_labels[key] = str(label)
        duty_labels.setdefault(key, "")
        if owner is not None:
            owners[key].add(item_id(owner))
    duties = sorted(
        Duty(key, label, tuple(sorted(owners[key]))) for key, label in duty_labels.items()
    )
    themes = sorted({_theme(row[0]) for row in own.query(_THEMES).rows})
    kinds = {  # items only: a citation or holding (IRI with a #) shares its item's id
        item_id(item): _kind(str(cls))
        for item, cls in own.query(_KINDS).rows
        if "#" not in str(item)
    }
    keys = list(  # in the catalogue's order, as gaps() returns them
        dict.fromkeys(
            ResultKey(r.gap, kinds.get(r.entity, "item"), r.entity, r.actor or "", r.label)
            for r in results
        )
    )
    return CaseProfile(
        case=case_id,
        title=min(titles) if titles else None,
        gaps={gap: counts.get(gap, 0) for gap in GAP_IDS} | dict(counts),
        results=results,
        actors=actors,
        duties=duties,
        stages=_stages(own.query(_STAGES).dicts()),
        themes=themes,
        result_keys=keys,
    )


def _kind(cls: str) -> str:
    """``https://w3id.org/casegraph/ns#Event`` -> ``event``."""
    return cls.rsplit("#", 1)[-1].rsplit("/", 1)[-1].lower()


def _pick_case(dataset: CaseDataset, case_id: str | None) -> tuple[str, CaseDataset | None]:
    """The case id to read, and the dataset itself when it holds that case alone."""
    ids = dataset.case_ids()
    if case_id is None:
        if len(ids) != 1:
            held = _few(ids) if ids else "no cases"
            raise UnknownCase(f"name the case to compare: the dataset holds {held}")
        return ids[0], dataset
    if case_id not in ids:
        near = difflib.get_close_matches(case_id, ids, n=3, cutoff=0.6)
        near += [i for i in ids if case_id and case_id in i and i not in near][: 3 - len(near)]
        hint = f"; did you mean {', '.join(repr(s) for s in near)}?" if near else ""
        raise UnknownCase(f"no case {case_id!r} in the dataset{hint}", case_id, near)
    return case_id, dataset if len(ids) == 1 else None


def _copy_case(dataset: CaseDataset, case_id: str) -> CaseDataset:
    """A new in-memory dataset holding one case of ``dataset`` (a few hundred triples)."""
    return case_dataset(dataset, [case_id])


def _day(value: Any) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _stages(rows: Iterable[dict[str, Any]]) -> dict[str, Stage]:
    """Stages from (event, name, effect, earliest, latest) rows."""
    enters: dict[str, dict[str, tuple[date | None, date | None]]] = defaultdict(dict)
    exits: dict[str, dict[str, tuple[date | None, date | None]]] = defaultdict(dict)
    for row in rows:
        name = str(row["name"])
        effect = enum_value(row["effect"], "stage-effect")
        when = (_day(row.get("earliest")), _day(row.get("latest")))
        target = enters if effect == "enter" else exits if effect == "exit" else None
        if target is not None:
            target[name][item_id(row["event"])] = when
    stages = {}
    for name in sorted(set(enters) | set(exits)):
        into, out = enters.get(name, {}), exits.get(name, {})
        low = high = None
        spans = [*into.values(), *out.values()]
        if into and out and all(first and last for first, last in spans):
            # the stage runs from its first entry to its last exit
            start_first = min(first for first, _ in into.values() if first)
            start_last = min(last for _, last in into.values() if last)
            end_first = max(first for first, _ in out.values() if first)
            end_last = max(last for _, last in out.values() if last)
            low = max(0, (end_first - start_last).days)
            high = max(0, (end_last - start_first).days)
        stages[name] = Stage(name, tuple(sorted(into)), tuple(sorted(out)), low, high)
    return stages


def _theme(value: Any) -> str:
    text = str(value)
    return text[len(GAP) :] if text.startswith(GAP) else text


# -- text ---------------------------------------------------------------------------------------


def format_comparison(comparison: Comparison) -> str:
    """The comparison as text a person reads."""
    a, b = comparison.a, comparison.b
    lines = [f"A: {a.case}" + (f"  {a.title}" if a.title else "")]
    lines.append(f"B: {b.case}" + (f"  {b.title}" if b.title else ""))
    width = max(len(row.gap) for row in comparison.gaps)
    lines += ["", f"Gaps (results per gap){'':<{max(0, width - 20)}}     A    B"]
    for row in comparison.gaps:
        if row.a or row.b:
            lines.append(f"  {row.gap:<{width}}  {row.a:>4} {row.b:>4}")
    quiet = [row.gap for row in comparison.gaps if not row.a and not row.b]
    if quiet:
        lines.append(f"  found in neither: {', '.join(quiet)}")
    lines.append(f"  shared: {_list(comparison.shared_gaps)}")
    lines.append(f"  only in A: {_list(comparison.gaps_only_a)}")
    lines.append(f"  only in B: {_list(comparison.gaps_only_b)}")
    lines += [
        "",
        _heading("Results (matched by gap, item kind, item and actor)", comparison.results),
    ]
    for title, found in (
        ("only in A", comparison.results.only_a),
        ("only in B", comparison.results.only_b),
    ):
        lines.append(f"  {title}:" + ("" if found else " none"))
        groups: dict[tuple[str, str], list[ResultKey]] = defaultdict(list)
        for r in found:
            groups[(r.gap, r.kind)].append(r)
        for (gap, kind), group in groups.items():
            lines.append(f"    {gap}, {kind}:")
            lines += [
                f"      {r.entity}"
                + (f" (for {r.actor})" if r.actor else "")
                + f": {shorten(r.label, 60, fold=True, trim='')}"
                for r in group
            ]
    lines += ["", _heading("Actors (matched by id and type)", comparison.actors)]
    lines.append(f"  shared: {_list(f'{x.id} ({x.type})' for x, _ in comparison.actors.shared)}")
    lines.append(f"  only in A: {_list(f'{x.id} ({x.type})' for x in comparison.actors.only_a)}")
    lines.append(f"  only in B: {_list(f'{x.id} ({x.type})' for x in comparison.actors.only_b)}")
    lines += ["", _heading("Duties (matched by label)", comparison.duties)]
    for title, duties in (
        ("shared", [x for x, _ in comparison.duties.shared]),
        ("only in A", comparison.duties.only_a),
        ("only in B", comparison.duties.only_b),
    ):
        lines.append(f"  {title}:" + ("" if duties else " none"))
        lines += [f"    {d.id}: {shorten(d.label or d.id, 80, fold=True, trim='')}" for d in duties]
    lines += ["", "Stage durations"]
    if not comparison.stages:
        lines.append("  no stages recorded in either case")
    name_width = max((len(name) for name, _, _ in comparison.stages), default=0)
    for name, sa, sb in comparison.stages:
        left = sa.duration if sa else "no such stage"
        right = sb.duration if sb else "no such stage"
        lines.append(f"  {name:<{name_width}}  A: {left:<20}  B: {right}")
    lines += ["", _heading("Finding themes", comparison.themes)]
    lines.append(f"  shared: {_list(x for x, _ in comparison.themes.shared)}")
    lines.append(f"  only in A: {_list(comparison.themes.only_a)}")
    lines.append(f"  only in B: {_list(comparison.themes.only_b)}")
    return "\n".join(lines)


def _heading(title: str, matched: Matched) -> str:
    return (
        f"{title}: {len(matched.shared)} shared, {len(matched.only_a)} only in A, "
        f"{len(matched.only_b)} only in B"
    )


def _list(items: Iterable[str]) -> str:
    items = list(items)
    return ", ".join(items) if items else "none"
