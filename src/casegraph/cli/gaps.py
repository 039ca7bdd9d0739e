"""Gap and query commands: gaps, queries, query, sparql.

Each command makes one library call (casegraph.gaps.catalogue) and formats what comes back;
the rules live in the catalogue's SPARQL files, never here.
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import click

from casegraph.cli.options import format_option, input_options

if TYPE_CHECKING:
    from casegraph.gaps.catalogue import FindingCheck, GapResult, NotAssessed, Reconciliation
    from casegraph.store.engines import Rows

_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


# -- gaps -------------------------------------------------------------------------------

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


@click.command()
@input_options
@click.option(
    "--only",
    multiple=True,
    metavar="ID",
    help="Run only this gap (repeat the option, or separate ids with commas).",
)
@click.option(
    "--basis",
    "bases",
    multiple=True,
    metavar="BASIS",
    help="Show only results on this basis: stated, recorded or absent (repeat, or "
    "separate with commas).",
)
@format_option("table", "json", "csv", "markdown")
@click.option(
    "--fail-on",
    multiple=True,
    metavar="ID",
    help="Exit 1 when a result of this gap is shown (repeat, or separate ids with commas).",
)
def gaps(
    open_cases: Any,
    only: tuple[str, ...],
    bases: tuple[str, ...],
    fmt: str,
    fail_on: tuple[str, ...],
) -> None:
    """Run the gap catalogue and reconcile it with the reviewer's findings.

    Each result has a basis: stated (a finding themed with the gap names it),
    recorded (it rests on facts the case records) or absent (it rests only on
    something not being recorded). Where a case is silent_on an aspect, the clauses
    resting on its absence are not assessed, and the report says so.

    The table gives counts per basis and per gap, each result with its basis, what
    was not assessed and why, and the findings in three groups: corroborated,
    related and uncorroborated. `--format json` gives an array of results with the
    keys gap, case, entity, label, detail, evidence, sources, findings, basis,
    stated_by (and actor for the per-actor gaps).

    Exit 0, or 1 with --fail-on when any result of those gaps is shown.
    """
    from casegraph.gaps.catalogue import gaps as run
    from casegraph.gaps.catalogue import not_assessed, reconcile, silent_aspects

    wanted = _gap_ids(only, "--only")
    failing = _gap_ids(fail_on, "--fail-on")
    shown_bases = _bases(bases)
    missing = [gap for gap in failing if wanted and gap not in wanted]
    if missing:
        raise click.UsageError(
            f"--fail-on {', '.join(missing)} is not among the --only gaps, "
            "so it would never be checked; add it to --only"
        )
    dataset = open_cases()
    results = run(dataset, wanted or None)
    shown = [r for r in results if r.basis in shown_bases]
    if fmt == "json":
        click.echo(json.dumps([r.to_dict() for r in shown], indent=2, ensure_ascii=False))
    elif fmt == "csv":
        click.echo(_gaps_csv(shown), nl=False)
    else:
        report = _Report(
            results=shown,
            hidden=len(results) - len(shown),
            bases=shown_bases,
            ran=wanted or _all_gap_ids(),
            reconciliation=reconcile(dataset, results, wanted or None),
            not_assessed=not_assessed(silent_aspects(dataset), wanted or None),
            cases=len(dataset.case_ids()),
        )
        click.echo(_gaps_markdown(report) if fmt == "markdown" else _gaps_table(report))
    found = sorted({r.gap for r in shown if r.gap in failing})
    if found:
        click.echo(f"found: {', '.join(found)} (--fail-on)", err=True)
        sys.exit(1)


def _all_gap_ids() -> list[str]:
    from casegraph.gaps.catalogue import list_queries

    return [q.name for q in list_queries()]


def _gap_ids(values: Iterable[str], option: str) -> list[str]:
    """Split comma-separated ids and check each; an unknown id is a usage error."""
    from casegraph.gaps.catalogue import UnknownQuery, check_gap_ids

    names = [part.strip() for value in values for part in value.split(",") if part.strip()]
    try:
        return check_gap_ids(names)
    except UnknownQuery as exc:
        raise click.BadParameter(str(exc), param_hint=f"'{option}'") from None


def _bases(values: Iterable[str]) -> list[str]:
    """The --basis values, in the order stated, recorded, absent (all when none given)."""
    from casegraph.gaps.catalogue import BASES, suggest

    names = {part.strip() for value in values for part in value.split(",") if part.strip()}
    for name in sorted(names - set(BASES)):
        near = suggest(name, BASES)
        hint = f"; did you mean {near[0]!r}?" if near else ""
        raise click.BadParameter(
            f"no basis named {name!r}{hint} (choose from {', '.join(BASES)})",
            param_hint="'--basis'",
        )
    return [basis for basis in BASES if basis in names] if names else list(BASES)


def _descriptions() -> dict[str, str]:
    from casegraph.gaps.catalogue import list_queries

    return {q.name: q.description for q in list_queries()}


def _short(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _who(result: GapResult) -> str:
    return f"{result.entity} (actor {result.actor})" if result.actor else result.entity


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


@dataclass
class _Report:
    """What the table and markdown reports show (results already filtered by --basis)."""

    results: list[GapResult]
    hidden: int
    bases: list[str]
    ran: list[str]
    reconciliation: Reconciliation
    not_assessed: list[NotAssessed]
    cases: int

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


def _gaps_table(report: _Report) -> str:
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
            lines.append(f"  {r.case} {_who(r)}: {_short(r.label)}")
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
            lines.append(f"    {check.case} {check.finding}: {_short(check.label, 80)}")
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
    from casegraph.cells import markdown_cell

    return markdown_cell(value)


def _gaps_markdown(report: _Report) -> str:
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
    from casegraph.cells import csv_text

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


# -- queries, query, sparql --------------------------------------------------------------


@click.command()
@format_option("table", "json")
@click.option(
    "--show",
    "show",
    metavar="NAME",
    help="Print the SPARQL text of the named query instead (to read, copy or adapt).",
)
def queries(fmt: str, show: str | None) -> None:
    """List the gap catalogue's named queries with their descriptions."""
    from casegraph.gaps.catalogue import UnknownQuery, get_query, list_queries

    if show is not None:
        try:
            text = get_query(show).sparql
        except UnknownQuery as exc:
            raise click.BadParameter(str(exc), param_hint="'--show'") from None
        click.echo(text if text.endswith("\n") else text + "\n", nl=False)
        return

    catalogue = list_queries()
    if fmt == "json":
        click.echo(
            json.dumps(
                [{"name": q.name, "description": q.description} for q in catalogue],
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    width = max(len(q.name) for q in catalogue)
    for q in catalogue:
        click.echo(f"{q.name:<{width}}  {q.description}")


@click.command("query")
@click.argument("name")
@input_options
@format_option("table", "json", "csv")
def query_command(name: str, open_cases: Any, fmt: str) -> None:
    """Run one named catalogue query (see `casegraph queries`) and print its raw rows."""
    from casegraph.gaps.catalogue import UnknownQuery, get_query
    from casegraph.gaps.catalogue import query as run

    try:
        sparql = get_query(name).sparql
    except UnknownQuery as exc:
        raise click.BadParameter(str(exc), param_hint="'NAME'") from None
    click.echo(_rows(run(open_cases(), sparql), fmt), nl=False)


@click.command()
@click.argument("text", metavar="QUERY_OR_@FILE")
@input_options
@click.option(
    "--bind",
    "binds",
    nargs=2,
    multiple=True,
    metavar="NAME VALUE",
    help="Bind ?NAME to VALUE as a plain literal: always data, never query text "
    "(?NAME need not be in SELECT).",
)
@click.option(
    "--bind-iri",
    "bind_iris",
    nargs=2,
    multiple=True,
    metavar="NAME IRI",
    help="Bind ?NAME to an IRI: <...>, a full IRI, or a prefixed name such as "
    "cg:event-kind-decision.",
)
@format_option("table", "json", "csv")
@click.option(
    "--full-iris",
    is_flag=True,
    help="Tables show full IRIs instead of prefixed names (case:channel-exit).",
)
def sparql(
    text: str,
    open_cases: Any,
    binds: tuple[tuple[str, str], ...],
    bind_iris: tuple[tuple[str, str], ...],
    fmt: str,
    full_iris: bool,
) -> None:
    """Run your own read-only SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE).

    QUERY_OR_@FILE is the query text, or @FILE to read it from a file (@- for
    standard input). The prefixes cg, gap, rdf, rdfs, xsd, dcterms, prov, org and skos
    are pre-bound; each case is a named graph, and the default graph is their union.
    Values given with --bind and --bind-iri are bound as data, never pasted into the
    query. Updates are refused. Exit 1 when the query is malformed or refused.
    """
    from casegraph.gaps.catalogue import query as run
    from casegraph.store.queryguard import check_query
    from casegraph.vocab import IRI

    source = _read_query(text)
    bindings: dict[str, Any] = {}
    for name, value in binds:
        bindings[_variable(name, "--bind")] = value
    for name, value in bind_iris:
        bindings[_variable(name, "--bind-iri")] = IRI(_iri(value))
    from casegraph.gaps.userquery import check_prefixes

    _run(lambda: check_query(source))  # before loading anything
    _run(lambda: check_prefixes(source))
    rows = _run(lambda: run(open_cases(), source, bindings))
    click.echo(_rows(rows, fmt, full_iris), nl=False)


def _read_query(text: str) -> str:
    if not text.startswith("@"):
        return text
    from casegraph.errors import InvalidInput
    from casegraph.read.limits import read_bounded

    name = text[1:]
    try:
        if name == "-":
            return sys.stdin.read()
        return read_bounded(name, "query_bytes").decode("utf-8")
    except InvalidInput as exc:
        reason = exc.problems[0].message
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    raise click.BadParameter(f"cannot read {name}: {reason}", param_hint="'QUERY_OR_@FILE'")


def _variable(name: str, option: str) -> str:
    bare = name[1:] if name[:1] in "?$" else name
    if not _VARIABLE.match(bare):
        raise click.BadParameter(
            f"{name!r} is not a SPARQL variable name (letters, digits, _)", param_hint=f"'{option}'"
        )
    return bare


def _iri(value: str) -> str:
    import pyoxigraph

    from casegraph.vocab import PREFIXES

    iri = value[1:-1] if value.startswith("<") and value.endswith(">") else value
    prefix, _, local = iri.partition(":")
    if prefix in PREFIXES and not local.startswith("//"):
        iri = PREFIXES[prefix] + local
    try:
        if not _SCHEME.match(iri):
            raise ValueError("it has no scheme")
        pyoxigraph.NamedNode(iri)  # the strictest IRI check at hand
    except ValueError as exc:
        raise click.BadParameter(
            f"{value!r} is not an IRI ({exc}); write <https://...> or a "
            "prefixed name such as cg:event-kind-decision, or use --bind "
            "for a literal",
            param_hint="'--bind-iri'",
        ) from None
    return iri


def _run(call: Any) -> Any:
    """Run a library call; a query error becomes a one-line message and exit 1."""
    from casegraph.errors import QueryError

    try:
        return call()
    except QueryError as exc:
        raise click.ClickException(" ".join(str(exc).split())) from None


def _rows(rows: Rows, fmt: str, full_iris: bool = True) -> str:
    """Rows as JSON, CSV (full IRIs: for machines) or a table (prefixed names unless
    ``full_iris``: for people)."""
    if fmt == "json":
        return json.dumps(list(rows.dicts()), indent=2, ensure_ascii=False, default=str) + "\n"
    if fmt == "csv":
        from casegraph.cells import csv_text

        return csv_text(rows.variables, rows.rows)
    show: Any = str
    if not full_iris:
        from casegraph.gaps.userquery import cases_in, compact

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


COMMANDS = [gaps, queries, query_command, sparql]
