"""The gap catalogue: named SPARQL queries, each result traced to entities and sources.

Each gap of product.md's catalogue is one query, ``casegraph/gaps/rules/<gap-id>.rq``
(package data; its first comment line is its description). The rules live there, in
plain SPARQL 1.1 over the helper triples materialised at load time
(casegraph.read.derive), so the same text runs on rdflib, Oxigraph and a SPARQL server.
This module only shapes what the queries return.

What a catalogue query returns, one row per fact behind a result:

- ``?g``: the case graph; ``?entity``: the item reported;
- ``?actor``: the actor the result is about (the two per-actor gaps only);
- ``?evidence``: one id involved (several rows give several; it may be unbound);
- ``?clause``: the clause of the rule the row matched (the clauses declared in the
  gap's home, casegraph/gaps/rules/<id>.py; a gap with one clause need not bind it);
- any other variable: a fact for the detail sentence (a count, a status, a nature).

A row whose clause rests on an absence is dropped when its case lists the clause's
aspect in ``silent_on`` (the sources are silent, so the absence is no evidence). The
rows left are grouped into one :class:`GapResult` per (gap, case, entity, actor).
Labels, quoted sources and the reviewer findings that name each entity are then
fetched for all results at once, with a few set-based queries (never one query per
result). Each result's ``basis`` says what it rests on (docs/gaps.md): ``stated``
(a finding themed with this gap names its entity), ``recorded`` (some clause that
matched rests on recorded facts) or ``absent`` (every clause that matched rests on
something not recorded).
"""

from __future__ import annotations

import difflib
import functools
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from casegraph.errors import QueryError
from casegraph.gaps.detail import Facts, Found
from casegraph.gaps.gap import Clause
from casegraph.gaps.registry import GAP_IDS, PER_ACTOR_GAPS, registry
from casegraph.gaps.stored import (
    FINDINGS,
    RESULTS,
    STORED_QUERY,
    current_values,
    parse_value,
    results_graphs,
)
from casegraph.gaps.userquery import bind, check_prefixes
from casegraph.vocab import CG, GAP, LABEL_KEYS, SAFE_IRI, item_id, results_iri

if TYPE_CHECKING:
    from casegraph.dataset import CaseDataset
    from casegraph.store.engines import Bindings, Rows

# Variables with a fixed meaning in catalogue rows; any other is a fact for the detail.
_STRUCTURE = ("g", "entity", "actor", "evidence", "clause")

# What a result rests on, strongest first (docs/gaps.md, "Evidence basis").
BASES = ("stated", "recorded", "absent")

# How many IRIs one look-up query names in its VALUES block.
_BATCH = 2000


@dataclass
class GapResult:
    """One gap found: a catalogue id, the entity it reports and what backs it.

    Identified by (gap, case, entity, actor); ``actor`` is set only for the per-actor
    gaps (broken-feedback-loop, excluded-knowledge-holder).
    """

    gap: str
    case: str
    entity: str
    label: str
    detail: str
    evidence: list[str] = field(default_factory=list)
    sources: list[dict[str, str | None]] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    actor: str | None = None
    basis: str = "absent"
    stated_by: list[str] = field(default_factory=list)
    clauses: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str, str, str | None]:
        """The result's identity: (gap, case, entity, actor)."""
        return (self.gap, self.case, self.entity, self.actor)

    def to_dict(self) -> dict[str, Any]:
        """The result as the interface contract gives it (``actor`` only for per-actor gaps)."""
        out: dict[str, Any] = {
            "gap": self.gap,
            "case": self.case,
            "entity": self.entity,
            "label": self.label,
            "detail": self.detail,
            "evidence": list(self.evidence),
            "sources": [dict(source) for source in self.sources],
            "findings": list(self.findings),
            "basis": self.basis,
            "stated_by": list(self.stated_by),
        }
        if self.gap in PER_ACTOR_GAPS:
            out["actor"] = self.actor
        return out


@dataclass(frozen=True)
class CatalogueQuery:
    """One named query of the catalogue: its name (file stem), description and text."""

    name: str
    description: str
    sparql: str


ResultKey = tuple[str, str, str | None]  # (gap, entity, actor) within one case


@dataclass
class FindingCheck:
    """One reviewer finding and how the gap results bear on it (docs/gaps.md).

    ``status`` is one of:

    - ``corroborated``: some result's ``stated_by`` lists it (the reviewer states the
      gap and the graph finds it);
    - ``related``: no result states it, but some result's ``findings`` lists it (its
      evidence shares the result's entity, under another theme or none);
    - ``uncorroborated``: neither, and every gap that could have stated or related it
      was assessed;
    - ``not-assessed``: neither, but a gap that could bear on it was not assessed here
      (left out with ``--only``, or not assessed because the sources are silent on
      what it rests on); ``not_assessed`` says which. Calling such a finding
      uncorroborated would blame the graph for a question it was not asked.
    """

    case: str
    finding: str
    label: str
    themes: list[str] = field(default_factory=list)
    stated_by: list[ResultKey] = field(default_factory=list)
    related_by: list[ResultKey] = field(default_factory=list)
    not_assessed: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.stated_by:
            return "corroborated"
        if self.related_by:
            return "related"
        return "not-assessed" if self.not_assessed else "uncorroborated"

    def to_dict(self) -> dict[str, Any]:
        def keys(found: list[ResultKey]) -> list[dict[str, str]]:
            return [
                {"gap": gap, "entity": entity, **({"actor": actor} if actor else {})}
                for gap, entity, actor in found
            ]

        return {
            "case": self.case,
            "finding": self.finding,
            "label": self.label,
            "themes": list(self.themes),
            "status": self.status,
            "stated_by": keys(self.stated_by),
            "related_by": keys(self.related_by),
            "not_assessed": list(self.not_assessed),
        }


@dataclass
class Reconciliation:
    """Gap results against the reviewer's findings, both ways.

    ``findings``: every finding of the cases with its status (see FindingCheck);
    ``unnamed``: the results no finding names (neither ``stated_by`` nor ``findings``):
    gaps the reviewer did not name.
    """

    findings: list[FindingCheck]
    unnamed: list[GapResult]

    def having(self, status: str) -> list[FindingCheck]:
        return [check for check in self.findings if check.status == status]

    def to_dict(self) -> dict[str, Any]:
        return {
            "findings": [check.to_dict() for check in self.findings],
            "unnamed": [
                {
                    "gap": r.gap,
                    "case": r.case,
                    "entity": r.entity,
                    **({"actor": r.actor} if r.actor else {}),
                }
                for r in self.unnamed
            ],
        }


@dataclass(frozen=True)
class NotAssessed:
    """A gap, or some of its clauses, not assessed in a case because its sources are silent.

    ``clauses`` are the clauses left out (all of the rule's when ``whole``); ``aspects``
    the aspects of ``silent_on`` that silenced them.
    """

    case: str
    gap: str
    clauses: tuple[Clause, ...]
    aspects: tuple[str, ...]
    whole: bool

    def sentence(self) -> str:
        """ "unanswered-finding not assessed: the sources are silent on recommendations"."""
        silent = " and ".join(self.aspects)
        if self.whole:
            return f"{self.gap} not assessed: the sources are silent on {silent}"
        which = "; ".join(clause.text for clause in self.clauses)
        return f"{self.gap} assessed in part: not on {which}, as the sources are silent on {silent}"


class UnknownQuery(QueryError):
    """A gap id or catalogue query name that is not in the catalogue."""

    def __init__(self, name: str, suggestions: list[str]):
        self.name = name
        self.suggestions = suggestions
        hint = f"; did you mean {' or '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        super().__init__(f"no gap query named {name!r}{hint} (see `casegraph queries`)")


# -- the catalogue ----------------------------------------------------------------------


@functools.cache
def _catalogue() -> dict[str, CatalogueQuery]:
    from importlib.resources import files

    folder = files("casegraph.gaps") / "rules"
    names = sorted(
        (entry.name[: -len(".rq")] for entry in folder.iterdir() if entry.name.endswith(".rq")),
        key=lambda name: (GAP_IDS.index(name) if name in GAP_IDS else len(GAP_IDS), name),
    )
    queries = {}
    for name in names:
        text = (folder / f"{name}.rq").read_text(encoding="utf-8")
        # The file opens with its PREFIX lines (a block ending in a blank line), so that
        # it runs as it is anywhere; the description is the first comment after them.
        body = text.split("\n\n", 1)[1] if text.startswith("PREFIX") else text
        first = body.lstrip().splitlines()[0] if body.strip() else ""
        description = first.lstrip("#").strip() if first.startswith("#") else ""
        queries[name] = CatalogueQuery(name, description, text)
    return queries


def list_queries() -> list[CatalogueQuery]:
    """The catalogue's queries, in catalogue order (product.md's table)."""
    return list(_catalogue().values())


def get_query(name: str) -> CatalogueQuery:
    """One catalogue query by name.

    Raises:
        UnknownQuery: no query has this name (with near-miss suggestions).
    """
    catalogue = _catalogue()
    if name not in catalogue:
        raise UnknownQuery(name, suggest(name, list(catalogue)))
    return catalogue[name]


def suggest(name: str, choices: Sequence[str]) -> list[str]:
    """Near misses for a mistyped name."""
    return difflib.get_close_matches(name, list(choices), n=2, cutoff=0.6)


def check_gap_ids(names: Iterable[str]) -> list[str]:
    """Validate gap ids; returns them in catalogue order without duplicates.

    Raises:
        UnknownQuery: for the first id that is not a catalogue query.
    """
    wanted = set()
    for name in names:
        get_query(name)
        wanted.add(name)
    return [name for name in _catalogue() if name in wanted]


def query(dataset: CaseDataset, sparql: str, bindings: Bindings | None = None) -> Rows:
    """Run a read-only SPARQL query over the dataset; the project's prefixes are pre-bound.

    Args:
        dataset: the cases to query (memory, store or endpoint).
        sparql: a SELECT, ASK, CONSTRUCT or DESCRIBE query.
        bindings: variable values, bound as data and never pasted into the text (a
            VALUES block of escaped terms, so a bound variable need not be selected);
            wrap a value in casegraph.store.engines.IRI to bind an IRI, not a literal.

    Raises:
        QueryError: the query uses an unknown prefix, is an update, is malformed, or
            failed.
    """
    check_prefixes(sparql)
    return dataset.query(bind(sparql, bindings))


def run_query(dataset: CaseDataset, name: str) -> Rows:
    """Run one catalogue query as it is and return its raw rows.

    Raises:
        UnknownQuery: no catalogue query has this name.
    """
    return dataset.query(get_query(name).sparql)


# -- gap results --------------------------------------------------------------------------


def gaps(
    dataset: CaseDataset, only: Iterable[str] | None = None, live: bool = False
) -> list[GapResult]:
    """Run the gap catalogue (or part of it) and trace each result.

    Cases loaded into a store with their results (casegraph.gaps.stored) give the
    results stored with them, when the rules that made them are the running ones;
    every other case is computed live by the catalogue's queries. Either way the
    results are the same.

    Args:
        dataset: the cases to check.
        only: gap ids to run; all of the catalogue when None.
        live: run the queries for every case, ignoring stored results.

    Returns:
        One result per (gap, case, entity, actor), sorted by catalogue order, case,
        entity and actor. Clauses that rest on an aspect a case is ``silent_on`` do
        not match in that case (see the module docstring).

    Raises:
        UnknownQuery: a gap id in ``only`` is not in the catalogue.
        QueryError: a query failed on this engine.
    """
    names = check_gap_ids(only) if only is not None else list(_catalogue())
    stored = {} if live else stored_results(dataset)
    if not stored:
        return live_gaps(dataset, names)
    wanted = set(names)
    results = [
        GapResult(**fields)
        for stored_fields in stored.values()
        for fields in stored_fields
        if fields["gap"] in wanted
    ]
    cases = dataset.case_ids()
    results += live_for(dataset, [case for case in cases if case not in stored], names, len(cases))
    return _sorted(results)


def stored_results(dataset: CaseDataset) -> dict[str, list[dict[str, Any]]]:
    """The stored results (GapResult's fields) of each case whose stored results are current
    (casegraph.gaps.stored), by case id; cases without one are left out."""
    return _stored(dataset, RESULTS)


def live_for(
    dataset: CaseDataset, cases: Sequence[str], names: list[str] | None, total: int
) -> list[GapResult]:
    """The live results of some cases of ``dataset`` (which holds ``total`` cases)."""
    wanted = set(cases)
    parts = _parts(dataset, cases, total)
    return [r for part in parts for r in live_gaps(part, names) if r.case in wanted]


def results_to_store(
    dataset: CaseDataset, cases: Sequence[str], total: int
) -> dict[str, tuple[list[GapResult], list[FindingEntry]]]:
    """What is stored of each of ``cases`` (results and findings), computed live."""
    found: dict[str, tuple[list[GapResult], list[FindingEntry]]] = {c: ([], []) for c in cases}
    for part in _parts(dataset, cases, total):
        for result in live_gaps(part, None):
            if result.case in found:
                found[result.case][0].append(result)
        for case, entries in live_findings(part).items():
            if case in found:
                found[case][1].extend(entries)
    return found


# Cases left to compute live, when others have stored results: copied into memory in
# groups of this many when they are few (at most a quarter of the cases); else the
# queries run over the whole dataset, which costs less than copying most of it.
_LIVE_GROUP = 256


def _parts(dataset: CaseDataset, cases: Sequence[str], total: int) -> list[CaseDataset]:
    """Datasets holding ``cases`` (of the ``total`` in ``dataset``) to query live: copies
    of a few of them at a time, or the whole dataset (the caller keeps what it wants)."""
    if not cases:
        return []
    if 4 * len(cases) > total:
        return [dataset]
    return [
        dataset.copy(cases[start : start + _LIVE_GROUP])
        for start in range(0, len(cases), _LIVE_GROUP)
    ]


def _stored(dataset: CaseDataset, predicate: str) -> dict[str, Any]:
    """One value of each case's current stored results (casegraph.gaps.stored), parsed,
    by case id."""
    graphs = results_graphs(dataset.engine.graphs())
    if not graphs:
        return {}
    template = STORED_QUERY.replace("?predicate", f"<{predicate}>")
    if getattr(dataset.engine, "cuts_answers", False):  # a server: a few thousand at a time
        answers = dataset.query_many(iri_batches(template, graphs))
    else:  # one pass over the stored results reads less than a seek per case
        answers = [dataset.query(template.replace("VALUES ?r { %s }", ""))]
    texts = current_values(row for rows in answers for row in rows.rows)
    wanted = set(graphs)
    return {case: parse_value(text) for case, text in texts.items() if results_iri(case) in wanted}


def live_gaps(dataset: CaseDataset, names: list[str] | None) -> list[GapResult]:
    """The catalogue (the ``names`` gaps, or all) run by its queries over ``dataset``."""
    names = list(_catalogue()) if names is None else names
    found: dict[tuple[str, str, str, str | None], Found] = {}
    answers = dataset.query_many([get_query(name).sparql for name in names] + [_SILENCES])
    silent = _silences(answers[-1].dicts())
    for name, rows in zip(names, answers[:-1], strict=True):
        for row in rows.dicts():
            entity = row.get("entity")
            if entity is None or row.get("g") is None:
                continue
            clause = _clause(name, row.get("clause"))
            if clause.aspect is not None and clause.aspect in silent.get(str(row["g"]), ()):
                continue  # the sources are silent on this: the absence is no evidence
            actor = row.get("actor")
            key = (name, str(row["g"]), str(entity), None if actor is None else str(actor))
            item = found.get(key)
            if item is None:
                item = found[key] = Found(name, *key[1:])
            item.clauses.add(clause.name)
            if row.get("evidence") is not None:
                item.evidence.add(str(row["evidence"]))
            for var, value in row.items():
                if var not in _STRUCTURE and value is not None:
                    item.facts[var].add(value)
    return _shape(dataset, list(found.values()))


def _clause(gap: str, name: Any) -> Clause:
    """The clause a catalogue row matched: the one it binds to ?clause, else the only one."""
    clauses = registry()[gap].clauses
    if name is None and len(clauses) == 1:
        return clauses[0]
    for clause in clauses:
        if clause.name == str(name):
            return clause
    raise QueryError(
        f"the {gap} query returned a row with ?clause {name!r}; its clauses are "
        f"{', '.join(c.name for c in clauses)} (its home, casegraph/gaps/rules)"
    )


def silent_aspects(dataset: CaseDataset) -> dict[str, frozenset[str]]:
    """Each case's ``silent_on`` aspects, by case id (cases silent on nothing left out)."""
    return {
        item_id(graph): frozenset(aspects)
        for graph, aspects in _silences(dataset.query(_SILENCES).dicts()).items()
    }


def not_assessed(
    silent: Mapping[str, Iterable[str]], only: Iterable[str] | None = None
) -> list[NotAssessed]:
    """The gaps (or clauses) each case's silences leave out, among the gaps run.

    Args:
        silent: case id -> the aspects its sources are silent on (see silent_aspects).
        only: the gap ids run; all of the catalogue when None.
    """
    names = check_gap_ids(only) if only is not None else list(_catalogue())
    out = []
    for case in sorted(silent):
        aspects = set(silent[case])
        for gap in names:
            left = tuple(
                c for c in registry()[gap].clauses if c.aspect is not None and c.aspect in aspects
            )
            if left:
                out.append(
                    NotAssessed(
                        case,
                        gap,
                        left,
                        tuple(sorted({str(c.aspect) for c in left})),
                        whole=len(left) == len(registry()[gap].clauses),
                    )
                )
    return out


def _basis(gap: str, clauses: Iterable[str], stated_by: Sequence[str]) -> str:
    """stated, recorded or absent (docs/gaps.md, "Evidence basis")."""
    if stated_by:
        return "stated"
    recorded = {c.name for c in registry()[gap].clauses if c.recorded}
    return "recorded" if recorded & set(clauses) else "absent"


def _shape(dataset: CaseDataset, found: list[Found]) -> list[GapResult]:
    """Turn gathered rows into results, with labels, sources and findings looked up in bulk."""
    for f in found:
        if f.actor:
            f.evidence.add(f.actor)  # the per-actor gaps always name their actor
    entities = {f.entity for f in found}
    involved = entities | {iri for f in found for iri in f.evidence}
    # All look-ups in one call, so that they run at once (see CaseDataset.query_many).
    label_qs = iri_batches(_LABELS, involved)
    citation_qs = iri_batches(_CITATIONS, involved)
    finding_qs = iri_batches(_FINDINGS, entities)
    answers = dataset.query_many(label_qs + citation_qs + finding_qs)
    ends = (len(label_qs), len(label_qs) + len(citation_qs), len(answers))
    labels = _labels(_rows_of(answers[: ends[0]]))
    citations = _citations(_rows_of(answers[ends[0] : ends[1]]))
    findings = _findings(_rows_of(answers[ends[1] : ends[2]]))
    results = []
    for f in found:
        naming = findings.get(f.entity, {})
        stated_by = sorted(finding for finding, themes in naming.items() if f.gap in themes)
        evidence = sorted({item_id(iri): iri for iri in f.evidence}.items())
        sources: list[dict[str, str | None]] = []
        seen: set[tuple[str, str | None]] = set()
        for iri in [f.entity, *(iri for _, iri in evidence)]:
            for ref, quote in citations.get(iri, ()):
                if (ref, quote) not in seen:
                    seen.add((ref, quote))
                    sources.append({"ref": ref, "quote": quote})
        results.append(
            GapResult(
                gap=f.gap,
                case=item_id(f.graph),
                entity=item_id(f.entity),
                label=labels.get(f.entity) or item_id(f.entity),
                detail=registry()[f.gap].detail(Facts(f, labels)),
                evidence=[eid for eid, _ in evidence],
                sources=sources,
                findings=sorted(naming),
                actor=item_id(f.actor) if f.actor else None,
                basis=_basis(f.gap, f.clauses, stated_by),
                stated_by=stated_by,
                clauses=[c.name for c in registry()[f.gap].clauses if c.name in f.clauses],
            )
        )
    return _sorted(results)


def _sorted(results: list[GapResult]) -> list[GapResult]:
    """Results in catalogue order, then by case, entity and actor."""
    order = {name: index for index, name in enumerate(_catalogue())}
    results.sort(
        key=lambda r: (order.get(r.gap, len(order)), r.gap, r.case, r.entity, r.actor or "")
    )
    return results


def reconcile(
    dataset: CaseDataset,
    results: Iterable[GapResult],
    only: Iterable[str] | None = None,
    silent: Mapping[str, Iterable[str]] | None = None,
) -> Reconciliation:
    """Match gap results with the reviewer's findings of the dataset's cases.

    Args:
        dataset: the cases the results came from.
        results: the results of :func:`gaps` (all of them, whatever a report shows).
        only: the gap ids that ran, when not the whole catalogue. A finding no result
            states or relates to is then "not-assessed" rather than "uncorroborated"
            when a gap that could bear on it did not run (see FindingCheck).
        silent: the cases' silences (:func:`silent_aspects`), when already read.

    Returns:
        Every finding with its status and the (gap, entity, actor) of the results that
        state it or relate to it, and the results no finding names.
    """
    results = list(results)
    ran = set(check_gap_ids(only)) if only is not None else set(_catalogue())
    left_out = sorted(set(_catalogue()) - ran, key=list(_catalogue()).index)
    silenced: dict[str, set[str]] = defaultdict(set)
    for gap in not_assessed(silent_aspects(dataset) if silent is None else silent, ran):
        if gap.whole:
            silenced[gap.case].add(gap.gap)
    stated: dict[tuple[str, str], list[ResultKey]] = defaultdict(list)
    related: dict[tuple[str, str], list[ResultKey]] = defaultdict(list)
    for result in results:
        for finding in result.findings:
            by = stated if finding in result.stated_by else related
            by[(result.case, finding)].append((result.gap, result.entity, result.actor))
    checks = []
    for case, entries in case_findings(dataset).items():
        for finding, label, themes in entries:
            gap_themes = [gap for gap in _catalogue() if gap in themes]
            unassessed = set(left_out) | silenced.get(case, set())
            checks.append(
                FindingCheck(
                    case=case,
                    finding=finding,
                    label=label or finding,
                    themes=list(themes),
                    stated_by=stated.get((case, finding), []),
                    related_by=related.get((case, finding), []),
                    not_assessed=(
                        [gap for gap in gap_themes if gap in unassessed] if gap_themes else left_out
                    ),
                )
            )
    checks.sort(key=lambda c: (c.case, _natural(c.finding)))
    return Reconciliation(checks, [r for r in results if not r.findings])


FindingEntry = tuple[str, "str | None", list[str]]  # (finding id, label, sorted themes)


def case_findings(dataset: CaseDataset) -> dict[str, list[FindingEntry]]:
    """Each case's reviewer findings, with their labels and themes, by case id: read
    from the case's stored results where they are current, else queried."""
    stored = _stored(dataset, FINDINGS)
    found = {
        case: [(finding, label, list(themes)) for finding, label, themes in entries]
        for case, entries in stored.items()
    }
    if len(found) < len(cases := dataset.case_ids()):
        missing = [case for case in cases if case not in found]
        for part in _parts(dataset, missing, len(cases)):
            for case, entries in live_findings(part).items():
                if case in missing:
                    found[case] = entries
    return found


def live_findings(dataset: CaseDataset) -> dict[str, list[FindingEntry]]:
    """Each case's reviewer findings, queried (cases with none left out)."""
    found: dict[tuple[str, str], tuple[list[str], set[str]]] = {}
    for row in dataset.query(_FINDINGS_ALL).dicts():
        labels, themes = found.setdefault((item_id(row["g"]), item_id(row["finding"])), ([], set()))
        label = _first_label(row)
        if label is not None:
            labels.append(label)
        if row.get("theme") is not None:
            themes.add(_theme(row["theme"]))
    out: dict[str, list[FindingEntry]] = defaultdict(list)
    for (case, finding), (labels, themes) in sorted(found.items()):
        # several labels (RDF input): the least, so that every engine gives the same
        out[case].append((finding, min(labels) if labels else None, sorted(themes)))
    return dict(out)


def _natural(text: str) -> list[Any]:
    """A sort key that puts f2 before f10."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def _theme(value: Any) -> str:
    """A theme as the case file writes it: a gap id for a gap concept, else the text."""
    text = str(value)
    return text[len(GAP) :] if text.startswith(GAP) else text


# -- set-based look-ups -------------------------------------------------------------------

# Each label key in its own UNION branch: engines probe the index per item, where
# OPTIONALs after a VALUES join can make them scan every item of the dataset. (One
# pass over each item's own triples seeks less but read every cg:laterThan of an
# event when the closure was stored: 35 s against 25 s on a 60,000-case store.)
_LABELS = """
SELECT ?item ?key ?value WHERE {
  VALUES ?item { %s }
  GRAPH ?g {
    { ?item rdfs:label ?value BIND ("label" AS ?key) }
    UNION { ?item cg:outcome ?value BIND ("outcome" AS ?key) }
    UNION { ?item cg:summary ?value BIND ("summary" AS ?key) }
    UNION { ?item cg:text ?value BIND ("text" AS ?key) }
  }
}
"""

_CITATIONS = """
SELECT ?item ?citation ?ref ?quote WHERE {
  VALUES ?item { %s }
  GRAPH ?g {
    ?item cg:citation ?citation .
    ?citation cg:ref ?ref .
    OPTIONAL { ?citation cg:quote ?quote }
  }
}
"""

# Each finding whose evidence includes the item, once without and once with each of
# its themes (two seeks rather than an OPTIONAL after the VALUES join).
_FINDINGS = """
SELECT ?item ?finding ?theme WHERE {
  VALUES ?item { %s }
  GRAPH ?g {
    { ?finding cg:evidence ?item }
    UNION { ?finding cg:evidence ?item ; cg:theme ?theme }
  }
}
"""

_SILENCES = """
SELECT ?g ?aspect WHERE { GRAPH ?g { ?case a cg:Case ; cg:silentOn ?aspect } }
"""

_FINDINGS_ALL = """
SELECT ?g ?finding ?label ?text ?theme WHERE {
  GRAPH ?g {
    ?finding a cg:Finding .
    OPTIONAL { ?finding rdfs:label ?label }
    OPTIONAL { ?finding cg:text ?text }
    OPTIONAL { ?finding cg:theme ?theme }
  }
}
"""


def _rows_of(answers: Iterable[Rows]) -> list[dict[str, Any]]:
    return [row for rows in answers for row in rows.dicts()]


def iri_batches(template: str, iris: Iterable[str]) -> list[str]:
    """``template`` filled with the IRIs, at most _BATCH IRIs per query.

    The IRIs come from the engine's own results, not from a user, and one that could
    not be written as a SPARQL IRI is left out (its result falls back to its id).
    """
    safe = sorted(iri for iri in iris if SAFE_IRI.match(iri))
    return [
        template % " ".join(f"<{iri}>" for iri in safe[start : start + _BATCH])
        for start in range(0, len(safe), _BATCH)
    ]


def _first_label(row: Mapping[str, Any]) -> str | None:
    for key in LABEL_KEYS:
        value = row.get(key)
        if value is not None and str(value).strip():
            return str(value)
    return None


Citation = tuple[str, str | None]  # (source id, quote)


def _labels(rows: Iterable[dict[str, Any]]) -> dict[str, str]:
    """The label of each item: its label, else outcome, summary or text (none: absent)."""
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for row in rows:
        values = found[str(row["item"])]
        key, value = str(row["key"]), str(row["value"])
        if key not in values or value < values[key]:
            values[key] = value  # several values (RDF input): keep the first in order
    return {item: label for item, values in found.items() if (label := _first_label(values))}


def _citations(rows: Iterable[dict[str, Any]]) -> dict[str, list[Citation]]:
    """Each item's citations as (source id, quote), in the order the case file gives them."""
    found: dict[str, list[tuple[tuple[int, str], str, str | None]]] = defaultdict(list)
    for row in rows:
        quote = row.get("quote")
        found[str(row["item"])].append(
            (
                _citation_order(str(row["citation"])),
                item_id(row["ref"]),
                None if quote is None else str(quote),
            )
        )
    return {
        item: [(ref, quote) for _, ref, quote in sorted(cites, key=lambda c: c[0])]
        for item, cites in found.items()
    }


def _citation_order(iri: str) -> tuple[int, str]:
    number = iri.rsplit("#source-", 1)[-1]
    return (int(number), iri) if number.isdigit() else (1 << 30, iri)


def _findings(rows: Iterable[dict[str, Any]]) -> dict[str, dict[str, set[str]]]:
    """For each item, the findings whose evidence includes it, each with its themes."""
    found: dict[str, dict[str, set[str]]] = defaultdict(dict)
    for row in rows:
        themes = found[str(row["item"])].setdefault(item_id(row["finding"]), set())
        if row.get("theme") is not None:
            themes.add(_theme(row["theme"]))
    return found


def _silences(rows: Iterable[dict[str, Any]]) -> dict[str, set[str]]:
    """Case graph IRI -> the aspects its case is silent on."""
    prefix = f"{CG}aspect-"
    found: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        aspect = str(row["aspect"])
        if aspect.startswith(prefix):
            found[str(row["g"])].add(aspect[len(prefix) :])
    return found
