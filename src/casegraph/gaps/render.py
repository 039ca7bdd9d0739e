"""The gap report as text: the table, Markdown, CSV and JSON that ``casegraph gaps``
prints, the catalogue's listing (``casegraph queries``) and query rows
(``casegraph query`` and ``sparql``).

The command line only parses options and prints what these return, so every renderer
of the catalogue lives here, beside the report it renders.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from casegraph.cells import csv_text, markdown_cell
from casegraph.gaps.catalogue import (
    FindingCheck,
    GapResult,
    NotAssessed,
    Reconciliation,
    gaps,
    list_queries,
    not_assessed,
    reconcile,
    silent_aspects,
)
from casegraph.gaps.userquery import cases_in, compact
from casegraph.gcpause import gc_paused
from casegraph.text import shorten

if TYPE_CHECKING:
    from casegraph.dataset import CaseDataset
    from casegraph.store.engines import Rows

# What each basis means, as the report's headline says it (docs/gaps.md).
BASIS_MEANING = {
    "stated": "stated by the reviewer (a finding themed with the gap names it)",
    "recorded": "resting on facts the case records",
    "absent": "resting only on something not being recorded",
}
STATUS_MEANING = {
    "corroborated": "the reviewer states the gap and the graph finds it",
    "related": "its evidence shares an entity with a result, under another theme or none",
    "uncorroborated": "no result states it or shares its evidence",
    "not-assessed": "a gap that could bear on it did not run or was not assessed",
}
# How many cases a "not assessed" line names before it says "and N more".
_CASES_NAMED = 5


def _descriptions() -> dict[str, str]:
    return {q.name: q.description for q in list_queries()}


def _who(result: GapResult) -> str:
    return f"{result.entity} (actor {result.actor})" if result.actor else result.entity


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


@dataclass
class GapReport:
    """One run of the catalogue as ``casegraph gaps`` shows it: the results on the
    bases asked for, and (for the table and Markdown only, as they cost a few queries)
    the reconciliation with the findings and what was not assessed."""

    dataset: CaseDataset
    all_results: list[GapResult]
    wanted: list[str] | None
    bases: list[str]
    results: list[GapResult] = field(init=False)

    def __post_init__(self) -> None:
        self.results = [r for r in self.all_results if r.basis in self.bases]

    @property
    def hidden(self) -> int:
        return len(self.all_results) - len(self.results)

    @cached_property
    def ran(self) -> list[str]:
        return self.wanted or [q.name for q in list_queries()]

    @cached_property
    def silent(self) -> dict[str, frozenset[str]]:
        return silent_aspects(self.dataset)

    @cached_property
    def reconciliation(self) -> Reconciliation:
        return reconcile(self.dataset, self.all_results, self.wanted, self.silent)

    @cached_property
    def not_assessed(self) -> list[NotAssessed]:
        return not_assessed(self.silent, self.wanted)

    @cached_property
    def cases(self) -> int:
        return len(self.dataset.case_ids())

    def by_gap(self) -> dict[str, list[GapResult]]:
        found: dict[str, list[GapResult]] = defaultdict(list)
        for result in self.results:
            found[result.gap].append(result)
        return found

    def headline(self) -> str:
        noun = "case" if self.cases == 1 else "cases"
        head = f"{_plural(len(self.results), 'gap result')} in {self.cases} {noun}"
        if self.hidden:
            head += f" ({self.hidden} more not shown: --basis {','.join(self.bases)})"
        return head

    def basis_counts(self) -> list[tuple[str, int, str]]:
        counts = {basis: 0 for basis in self.bases}
        for result in self.results:
            counts[result.basis] += 1
        return [(basis, counts[basis], BASIS_MEANING[basis]) for basis in self.bases]

    def silences(self) -> list[str]:
        """One line per reason, naming the cases it applies to."""
        cases: dict[str, list[str]] = defaultdict(list)
        for item in self.not_assessed:
            cases[item.sentence()].append(item.case)
        lines = []
        for sentence, names in cases.items():
            if self.cases == 1:
                lines.append(sentence)
                continue
            listed = ", ".join(names[:_CASES_NAMED])
            if len(names) > _CASES_NAMED:
                listed += f" and {len(names) - _CASES_NAMED} more"
            lines.append(f"{sentence} ({_plural(len(names), 'case')}: {listed})")
        return lines


def _basis_tag(result: GapResult) -> str:
    if result.basis == "stated":
        return f"stated by {', '.join(result.stated_by)}"
    return result.basis


def _gaps_table(report: GapReport) -> str:
    by_gap = report.by_gap()
    descriptions = _descriptions()
    lines = [report.headline()]
    lines += [f"  {basis:<8}  {n:>3}  {meaning}" for basis, n, meaning in report.basis_counts()]
    lines.append("")
    width = max((len(gap) for gap in report.ran), default=0)
    lines += [f"  {gap:<{width}}  {len(by_gap.get(gap, []))}" for gap in report.ran]
    silences = report.silences()
    if silences:
        lines += ["", "Not assessed, because the case says its sources are silent (silent_on)"]
        lines += [f"  {line}" for line in silences]
    for gap in report.ran:
        if not by_gap.get(gap):
            continue
        lines += ["", f"{gap} ({len(by_gap[gap])}): {descriptions.get(gap, '')}"]
        for r in by_gap[gap]:
            lines.append(f"  {r.case} {_who(r)}: {shorten(r.label, 90, fold=True, trim='')}")
            lines.append(f"      [{_basis_tag(r)}] {r.detail}")
            extra = []
            if r.evidence:
                extra.append(f"evidence: {', '.join(r.evidence)}")
            extra.append(f"findings: {', '.join(r.findings) or 'none'}")
            lines.append(f"      {'; '.join(extra)}")
    lines += ["", "Reconciliation with the reviewer's findings"]
    checks = report.reconciliation.findings
    if not checks:
        lines.append("  no findings recorded")
    for status, meaning in STATUS_MEANING.items():
        group = [c for c in checks if c.status == status]
        if not checks or (status == "not-assessed" and not group):
            continue
        lines.append(f"  {status} ({len(group)}): {meaning}")
        for check in group:
            lines.append(
                f"    {check.case} {check.finding}: {shorten(check.label, 80, fold=True, trim='')}"
            )
            lines += [f"        {line}" for line in _why(check, report.ran)]
    unnamed = [r for r in report.reconciliation.unnamed if r.basis in report.bases]
    lines += ["", f"Gaps no finding names ({len(unnamed)})"]
    lines += [f"  {r.gap}: {r.case} {_who(r)} [{r.basis}]" for r in unnamed]
    return "\n".join(lines)


def _keys(found: Sequence[tuple[str, str, str | None]]) -> str:
    by_gap: dict[str, list[str]] = defaultdict(list)
    for gap, entity, actor in found:
        by_gap[gap].append(f"{entity}/{actor}" if actor else entity)
    return "; ".join(f"{gap} ({', '.join(entities)})" for gap, entities in by_gap.items())


def _why(check: FindingCheck, ran: Sequence[str]) -> list[str]:
    """The results behind a finding's status, or why it was not assessed (one per line)."""
    parts = []
    if check.stated_by:
        parts.append(f"stated by {_keys(check.stated_by)}")
    if check.related_by:
        parts.append(f"related: {_keys(check.related_by)}")
    if check.stated_by or not check.not_assessed:
        return parts
    left_out = [gap for gap in check.not_assessed if gap not in ran]
    silenced = [gap for gap in check.not_assessed if gap in ran]
    if silenced:
        parts.append(f"its gap was not assessed here (silent_on): {', '.join(silenced)}")
    if left_out and any(gap in check.themes for gap in left_out):
        parts.append(f"its gap did not run (--only): {', '.join(left_out)}")
    elif left_out and check.status == "not-assessed":
        parts.append("no gap theme, and only part of the catalogue ran (--only)")
    return parts


def _cell(value: Any) -> str:
    return markdown_cell(value)


def _gaps_markdown(report: GapReport) -> str:
    by_gap = report.by_gap()
    descriptions = _descriptions()
    lines = ["# Gap report", "", f"{report.headline()}.", "", "| basis | results | meaning |"]
    lines.append("|---|---:|---|")
    lines += [f"| {b} | {n} | {meaning} |" for b, n, meaning in report.basis_counts()]
    lines += ["", "| gap | results |", "|---|---:|"]
    lines += [f"| {gap} | {len(by_gap.get(gap, []))} |" for gap in report.ran]
    silences = report.silences()
    if silences:
        lines += ["", "## Not assessed (silent_on)", ""]
        lines += [f"- {_cell(line)}" for line in silences]
    for gap in report.ran:
        if not by_gap.get(gap):
            continue
        lines += [
            "",
            f"## {gap} ({len(by_gap[gap])})",
            "",
            _cell(descriptions.get(gap, "")),
            "",
            "| case | entity | actor | label | basis | detail | evidence | findings |",
            "|---|---|---|---|---|---|---|---|",
        ]
        lines += [
            f"| {r.case} | {r.entity} | {r.actor or ''} | {_cell(r.label)} | "
            f"{_cell(_basis_tag(r))} | {_cell(r.detail)} | {', '.join(r.evidence)} | "
            f"{', '.join(r.findings)} |"
            for r in by_gap[gap]
        ]
    lines += [
        "",
        "## Reconciliation",
        "",
        "| case | finding | text | status | results |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {c.case} | {c.finding} | {_cell(c.label)} | {c.status} | "
        f"{_cell('; '.join(_why(c, report.ran)))} |"
        for c in report.reconciliation.findings
    ]
    unnamed = [r for r in report.reconciliation.unnamed if r.basis in report.bases]
    lines += ["", f"### Gaps no finding names ({len(unnamed)})", ""]
    lines += [f"- {r.gap}: {r.case} {_who(r)} [{r.basis}]" for r in unnamed]
    return "\n".join(lines)


def _gaps_csv(results: Sequence[GapResult]) -> str:
    return csv_text(
        [
            "gap",
            "case",
            "entity",
            "actor",
            "label",
            "detail",
            "evidence",
            "findings",
            "basis",
            "stated_by",
            "sources",
        ],
        (
            [
                r.gap,
                r.case,
                r.entity,
                r.actor or "",
                r.label,
                r.detail,
                " ".join(r.evidence),
                " ".join(r.findings),
                r.basis,
                " ".join(r.stated_by),
                json.dumps(r.sources, ensure_ascii=False),
            ]
            for r in results
        ),
    )


def render_rows(rows: Rows, fmt: str, full_iris: bool = True) -> str:
    """Rows as JSON, CSV (full IRIs: for machines) or a table (prefixed names unless
    ``full_iris``: for people)."""
    if fmt == "json":
        return json.dumps(list(rows.dicts()), indent=2, ensure_ascii=False, default=str) + "\n"
    if fmt == "csv":
        return csv_text(rows.variables, rows.rows)
    show: Any = str
    if not full_iris:
        one = len(cases_in(v for row in rows.rows for v in row)) <= 1
        show = lambda value: compact(value, one)  # noqa: E731
    cells = [["" if v is None else " ".join(show(v).split()) for v in row] for row in rows.rows]
    widths = [
        max([len(var)] + [len(row[i]) for row in cells]) for i, var in enumerate(rows.variables)
    ]
    lines = ["  ".join(var.ljust(w) for var, w in zip(rows.variables, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]
    noun = "row" if len(cells) == 1 else "rows"
    lines.append(f"({len(cells)} {noun})")
    return "\n".join(lines) + "\n"


def gap_report(
    dataset: CaseDataset, wanted: list[str] | None, bases: list[str], live: bool = False
) -> GapReport:
    """Run the catalogue (the ``wanted`` gaps, or all) and keep the results on ``bases``
    (``live``: every case by the queries, none from stored results)."""
    with gc_paused():  # a corpus's results: millions of objects (casegraph.gcpause)
        return GapReport(dataset, gaps(dataset, wanted, live), wanted, bases)


def render_report(report: GapReport, fmt: str) -> str:
    """The report as ``fmt`` (table, markdown, csv or json), ending in a newline."""
    with gc_paused():  # the table reads every case's findings (casegraph.gcpause)
        return _rendered(report, fmt)


def _rendered(report: GapReport, fmt: str) -> str:
    if fmt == "json":
        return (
            json.dumps([r.to_dict() for r in report.results], indent=2, ensure_ascii=False) + "\n"
        )
    if fmt == "csv":
        return _gaps_csv(report.results)
    return (_gaps_markdown(report) if fmt == "markdown" else _gaps_table(report)) + "\n"


def render_queries(fmt: str) -> str:
    """The catalogue's named queries with their descriptions, as a table or JSON."""
    catalogue = list_queries()
    if fmt == "json":
        listed = [{"name": q.name, "description": q.description} for q in catalogue]
        return json.dumps(listed, indent=2, ensure_ascii=False) + "\n"
    width = max(len(q.name) for q in catalogue)
    return "".join(f"{q.name:<{width}}  {q.description}\n" for q in catalogue)
