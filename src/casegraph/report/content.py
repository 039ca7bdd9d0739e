"""What a report says, as data: gathered from the library, before any HTML is written.

One :class:`CaseReport` per case (summary, chronology, gaps, reconciliation, one part
per agency) and, for several cases, the recurrence of each gap by actor type and by
year. The gap results and the "later" order come from the library (casegraph.gaps,
casegraph.recurrence, casegraph.views.placing); nothing here re-derives a rule.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from casegraph.dataset import CaseDataset as Dataset
from casegraph.errors import UnknownCase
from casegraph.gaps.catalogue import gaps, list_queries, reconcile
from casegraph.gaps.recurrence import recurring
from casegraph.read.loaded import LoadedCase
from casegraph.report.chronology import ChronologyRow, chronology
from casegraph.vocab import case_iri, item_iri

if TYPE_CHECKING:
    import networkx as nx

    from casegraph.dataset import CaseDataset
    from casegraph.gaps.catalogue import FindingCheck, GapResult
    from casegraph.gaps.recurrence import RecurringGap

# The per-actor gaps whose actor was left out of something (see docs/gaps.md).
LEFT_OUT_GAPS = ("excluded-knowledge-holder", "broken-feedback-loop")
HEARD_RELATIONS = ("to", "informed", "with", "consulted")


@dataclass
class GapGroup:
    """The results of one gap in one case, split by basis when results carry one."""

    gap: str
    description: str
    results: list[GapResult]

    def by_basis(self) -> list[tuple[str | None, list[GapResult]]]:
        """``[(basis, results)]``; one group with basis None when results carry no basis."""
        groups: dict[str | None, list[GapResult]] = defaultdict(list)
        for result in self.results:
            basis = getattr(result, "basis", None)
            groups[str(basis) if basis else None].append(result)
        return sorted(groups.items(), key=lambda item: (item[0] is None, item[0] or ""))


@dataclass
class Agency:
    """One actor's part in a case: duties held, events done, heard, and left out of."""

    id: str
    label: str
    type: str
    members: list[str]
    held: list[dict[str, str]]  # {duty, role, basis, discharged}
    did: list[ChronologyRow]
    heard: list[tuple[str, ChronologyRow]]  # (relation, row)
    left_out: list[GapResult]

    @property
    def empty(self) -> bool:
        return not (self.held or self.did or self.heard or self.left_out)


@dataclass
class CaseReport:
    """Everything the report says about one case."""

    id: str
    title: str
    period: tuple[str, str]
    review: dict[str, Any]
    sources: list[dict[str, str]]
    silent_on: list[str]
    subject: str
    counts: dict[str, int]
    rows: list[ChronologyRow]
    gaps: list[GapGroup]
    findings: list[FindingCheck]
    unnamed: list[GapResult]
    agencies: list[Agency]
    labels: dict[str, str] = field(default_factory=dict)  # item id -> label


@dataclass
class YearCount:
    """For one gap: in how many cases of each year it was found, out of the year's cases."""

    gap: str
    by_year: dict[str, int]


@dataclass
class Report:
    """A whole report: its cases and, for several cases, the recurrence of each gap."""

    title: str
    cases: list[CaseReport]
    results: list[GapResult]
    recurring: list[RecurringGap] = field(default_factory=list)
    years: dict[str, int] = field(default_factory=dict)  # year -> cases
    by_year: list[YearCount] = field(default_factory=list)
    graph: Any = None  # the NetworkX projection the views are drawn from
    highlights: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def build_report(
    dataset: CaseDataset, cases: Sequence[str] | None = None, title: str | None = None
) -> Report:
    """Gather a report on some or all cases of a dataset.

    Args:
        dataset: the cases (files in memory, a store or an endpoint).
        cases: case ids to report on; all when None.
        title: the report's title; by default the case title, or "N cases".

    Raises:
        UnknownCase: a case id is not in the dataset.
    """
    known = dataset.case_ids()
    wanted = list(cases) if cases else known
    missing = [c for c in wanted if c not in known]
    if missing:
        raise UnknownCase(missing, known)
    if len(wanted) < len(known):
        # The catalogue runs over a whole dataset: give it the chosen cases alone, so a
        # report on two cases of a large store does not run it on every case.
        dataset = _subset(dataset, wanted)
    graph = dataset.to_networkx(wanted)
    results = gaps(dataset)
    check = reconcile(dataset, results)
    descriptions = {q.name: q.description for q in list_queries()}
    order = {q.name: n for n, q in enumerate(list_queries())}
    highlights = _highlights(graph, results)
    gap_ids = {iri: [g["gap"] for g in found] for iri, found in highlights.items()}
    rows = chronology(graph, gap_ids)
    rows_by_case: dict[str, list[ChronologyRow]] = defaultdict(list)
    for row in rows:
        rows_by_case[row.case].append(row)
    nodes_of: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for iri, attrs in graph.nodes(data=True):
        if attrs.get("id"):
            nodes_of[str(attrs.get("case", ""))][iri] = attrs
    reports = []
    for case_id in wanted:
        case_results = [r for r in results if r.case == case_id]
        reports.append(
            _case_report(
                graph,
                case_id,
                nodes_of[case_id],
                rows_by_case[case_id],
                case_results,
                [f for f in check.findings if f.case == case_id],
                [r for r in check.unnamed if r.case == case_id],
                descriptions,
                order,
            )
        )
    if title is None:
        title = reports[0].title if len(reports) == 1 else f"{len(reports)} cases"
    report = Report(title, reports, results, graph=graph, highlights=highlights)
    if len(reports) > 1:
        report.recurring = recurring(dataset, 1, results)
        report.years, report.by_year = _by_year(reports, [r.gap for r in report.recurring])
    return report


def _subset(dataset: CaseDataset, wanted: list[str]) -> CaseDataset:
    """A copy of some cases of a dataset, in memory."""

    subset = Dataset()
    for case_id in wanted:
        subset.add(LoadedCase(case_id, "", dataset.nquads(case_id)))
    return subset


def _by_year(
    reports: list[CaseReport], gap_order: list[str]
) -> tuple[dict[str, int], list[YearCount]]:
    """Cases per year (the year the case's period starts) and, per gap, cases per year."""
    years: dict[str, int] = defaultdict(int)
    found: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for case in reports:
        year = _year(case)
        years[year] += 1
        for group in case.gaps:
            found[group.gap][year].add(case.id)
    ordered = dict(sorted(years.items()))
    return ordered, [
        YearCount(gap, {year: len(found[gap].get(year, ())) for year in ordered})
        for gap in gap_order
    ]


def _year(case: CaseReport) -> str:
    start = case.period[0] or next((r.date for r in case.rows if r.date), "")
    return start[:4] if start else "undated"


def _highlights(
    graph: nx.MultiDiGraph, results: Iterable[GapResult]
) -> dict[str, list[dict[str, Any]]]:
    """Gap results as the views' highlights (item IRI -> gaps), for items in the graph."""
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in results:
        iri = item_iri(r.case, r.entity)
        entry: dict[str, Any] = {"gap": r.gap, "detail": r.detail}
        for key in ("actor", "label", "evidence", "findings"):
            value = getattr(r, key, None)
            if value:
                entry[key] = list(value) if isinstance(value, list) else value
        basis = getattr(r, "basis", None)
        if basis:
            entry["basis"] = str(basis)
        found[iri].append(entry)
    return dict(found)


def _case_report(
    graph: nx.MultiDiGraph,
    case_id: str,
    items: Mapping[str, Mapping[str, Any]],
    rows: list[ChronologyRow],
    results: list[GapResult],
    findings: list[FindingCheck],
    unnamed: list[GapResult],
    descriptions: Mapping[str, str],
    order: Mapping[str, int],
) -> CaseReport:
    attrs = graph.nodes[case_iri(case_id)] if case_iri(case_id) in graph else {}
    labels = {str(a["id"]): str(a.get("label", a["id"])) for a in items.values()}
    counts: dict[str, int] = defaultdict(int)
    for a in items.values():
        counts[str(a.get("type", "other"))] += 1
    by_gap: dict[str, list[GapResult]] = defaultdict(list)
    for r in results:
        by_gap[r.gap].append(r)
    groups = [
        GapGroup(gap, descriptions.get(gap, ""), found)
        for gap, found in sorted(by_gap.items(), key=lambda kv: (order.get(kv[0], 99), kv[0]))
    ]
    sources = [
        {k: str(a[k]) for k in ("id", "label", "kind", "url", "published") if a.get(k)}
        for a in items.values()
        if a.get("type") == "source"
    ]
    silent = attrs.get("silent_on") or []
    if isinstance(silent, str):
        silent = [silent]
    subject = ""
    for _, v, key in graph.out_edges(case_iri(case_id), keys=True):
        if key == "subject":
            subject = str(graph.nodes[v].get("label", v))
    if not subject and attrs.get("subject"):
        subject = labels.get(str(attrs["subject"]).rsplit("/", 1)[-1], str(attrs["subject"]))
    return CaseReport(
        id=case_id,
        title=str(attrs.get("title") or attrs.get("label") or case_id),
        period=(str(attrs.get("period_start") or ""), str(attrs.get("period_end") or "")),
        review=dict(attrs.get("review") or {}),
        sources=sorted(sources, key=lambda s: s.get("id", "")),
        silent_on=sorted(str(s).rsplit("/", 1)[-1] for s in silent),
        subject=subject,
        counts=dict(counts),
        rows=rows,
        gaps=groups,
        findings=findings,
        unnamed=unnamed,
        agencies=_agencies(graph, case_id, items, rows, results),
        labels=labels,
    )


def _agencies(
    graph: nx.MultiDiGraph,
    case_id: str,
    items: Mapping[str, Mapping[str, Any]],
    rows: list[ChronologyRow],
    results: list[GapResult],
) -> list[Agency]:
    """One part per actor that is not part of another (its people folded into it)."""
    actors = {iri: a for iri, a in items.items() if a.get("type") == "actor"}
    parent: dict[str, str] = {}
    for iri in actors:
        for _, v, key in graph.out_edges(iri, keys=True):
            if key == "part_of" and v in actors:
                parent[iri] = v
    top = {iri: parent.get(iri, iri) for iri in actors}
    row_of = {r.iri: r for r in rows}
    agencies: dict[str, Agency] = {}
    for iri, a in actors.items():
        if top[iri] != iri:
            continue
        agencies[iri] = Agency(
            id=str(a["id"]),
            label=str(a.get("label", a["id"])),
            type=str(a.get("kind") or a.get("actor_type") or ""),
            members=sorted(
                str(actors[m].get("label", m)) for m in actors if top[m] == iri and m != iri
            ),
            held=[],
            did=[],
            heard=[],
            left_out=[],
        )
    for iri, a in items.items():
        if a.get("type") == "duty":
            done = [v for _, v, k in graph.out_edges(iri, keys=True) if k == "discharged_by"]
            for _, v, key, attrs in graph.out_edges(iri, keys=True, data=True):
                if key == "holder" and v in top:
                    agencies[top[v]].held.append(
                        {
                            "duty": str(a.get("label", a.get("id"))),
                            "holder": str(actors[v].get("label", v)),
                            "role": str(attrs.get("role") or ""),
                            "basis": str(attrs.get("basis") or ""),
                            "discharged": (
                                ", ".join(str(graph.nodes[d].get("label", d)) for d in done)
                                or "not discharged"
                            ),
                        }
                    )
    for row in rows:
        seen: set[tuple[str, str]] = set()
        for _, v, key in graph.out_edges(row.iri, keys=True):
            if v not in top:
                continue
            agency = agencies[top[v]]
            if key == "by":
                if ("by", agency.id) not in seen:
                    agency.did.append(row)
                    seen.add(("by", agency.id))
            elif key in HEARD_RELATIONS and (key, agency.id) not in seen:
                agency.heard.append((key, row))
                seen.add((key, agency.id))
    for r in results:
        if r.gap in LEFT_OUT_GAPS and r.actor:
            iri = item_iri(case_id, r.actor)
            if iri in top:
                agencies[top[iri]].left_out.append(r)
    for agency in agencies.values():
        agency.heard.sort(key=lambda pair: row_of[pair[1].iri].n)
    return sorted(
        agencies.values(),
        key=lambda a: (a.empty, a.type in ("person", "subject"), a.label.lower()),
    )
