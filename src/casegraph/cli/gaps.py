"""Gap and query commands: gaps, queries, query, sparql.

Each command makes one library call (casegraph.gaps.catalogue) and formats what comes back;
the rules live in the catalogue's SPARQL files, never here.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import click

from casegraph.cli.options import format_option, input_options

if TYPE_CHECKING:
    from casegraph.gaps.catalogue import GapResult, Reconciliation
    from casegraph.store.engines import Rows

_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


# -- gaps -------------------------------------------------------------------------------


@click.command()
@input_options
@click.option(
    "--only",
    multiple=True,
    metavar="ID",
    help="Run only this gap (repeat the option, or separate ids with commas).",
)
@format_option("table", "json", "csv", "markdown")
@click.option(
    "--fail-on",
    multiple=True,
    metavar="ID",
    help="Exit 1 when this gap is found (repeat, or separate ids with commas).",
)
def gaps(open_cases: Any, only: tuple[str, ...], fmt: str, fail_on: tuple[str, ...]) -> None:
    """Run the gap catalogue and reconcile it with the reviewer's findings.

    The table groups results by gap, with counts, and ends with each finding
    corroborated (by which gaps) or not, and the gaps no finding names.
    `--format json` gives an array of results with the keys gap, case, entity,
    label, detail, evidence, sources, findings (and actor for the per-actor gaps).

    Exit 0, or 1 with --fail-on when any of those gaps is found.
    """
    from casegraph.gaps.catalogue import gaps as run
    from casegraph.gaps.catalogue import reconcile

    wanted = _gap_ids(only, "--only")
    failing = _gap_ids(fail_on, "--fail-on")
    missing = [gap for gap in failing if wanted and gap not in wanted]
    if missing:
        raise click.UsageError(
            f"--fail-on {', '.join(missing)} is not among the --only gaps, "
            "so it would never be checked; add it to --only"
        )
    dataset = open_cases()
    results = run(dataset, wanted or None)
    if fmt == "json":
        click.echo(json.dumps([r.to_dict() for r in results], indent=2, ensure_ascii=False))
    elif fmt == "csv":
        click.echo(_gaps_csv(results), nl=False)
    else:
        ran = wanted or _all_gap_ids()
        report = reconcile(dataset, results)
        render = _gaps_markdown if fmt == "markdown" else _gaps_table
        click.echo(render(results, ran, report, len(dataset.case_ids())))
    found = sorted({r.gap for r in results if r.gap in failing})
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


def _descriptions() -> dict[str, str]:
    from casegraph.gaps.catalogue import list_queries

    return {q.name: q.description for q in list_queries()}


def _short(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _who(result: GapResult) -> str:
    return f"{result.entity} (actor {result.actor})" if result.actor else result.entity


def _report_parts(
    results: Sequence[GapResult], cases: int
) -> tuple[dict[str, list[GapResult]], dict[str, str], str]:
    """What both report formats start from: results by gap, descriptions, "case(s)"."""
    by_gap: dict[str, list[GapResult]] = defaultdict(list)
    for result in results:
        by_gap[result.gap].append(result)
    return by_gap, _descriptions(), "case" if cases == 1 else "cases"


def _gaps_table(
    results: Sequence[GapResult], ran: Sequence[str], report: Reconciliation, cases: int
) -> str:
    by_gap, descriptions, noun = _report_parts(results, cases)
    lines = [f"{len(results)} gap result{'' if len(results) == 1 else 's'} in {cases} {noun}", ""]
    width = max((len(gap) for gap in ran), default=0)
    lines += [f"  {gap:<{width}}  {len(by_gap.get(gap, []))}" for gap in ran]
    for gap in ran:
        if not by_gap.get(gap):
            continue
        lines += ["", f"{gap} ({len(by_gap[gap])}): {descriptions.get(gap, '')}"]
        for r in by_gap[gap]:
            lines.append(f"  {r.case} {_who(r)}: {_short(r.label)}")
            lines.append(f"      {r.detail}")
            extra = []
            if r.evidence:
                extra.append(f"evidence: {', '.join(r.evidence)}")
            extra.append(f"findings: {', '.join(r.findings) or 'none'}")
            lines.append(f"      {'; '.join(extra)}")
    lines += ["", "Reconciliation with the reviewer's findings"]
    if not report.findings:
        lines.append("  no findings recorded")
    for check in report.findings:
        lines.append(f"  {check.case} {check.finding}: {_short(check.label, 80)}")
        lines.append(f"      {_corroboration(check.corroborated_by)}")
    lines += ["", f"Gaps no finding names ({len(report.unnamed)})"]
    lines += [f"  {r.gap}: {r.case} {_who(r)}" for r in report.unnamed]
    return "\n".join(lines)


def _corroboration(backing: Sequence[tuple[str, str, str | None]]) -> str:
    if not backing:
        return "uncorroborated: no gap result points to it"
    by_gap: dict[str, list[str]] = defaultdict(list)
    for gap, entity, actor in backing:
        by_gap[gap].append(f"{entity}/{actor}" if actor else entity)
    return "corroborated by " + "; ".join(
        f"{gap} ({', '.join(entities)})" for gap, entities in by_gap.items()
    )


def _cell(value: Any) -> str:
    return " ".join(str(value).split()).replace("|", "\\|")


def _gaps_markdown(
    results: Sequence[GapResult], ran: Sequence[str], report: Reconciliation, cases: int
) -> str:
    by_gap, descriptions, noun = _report_parts(results, cases)
    lines = [
        "# Gap report",
        "",
        f"{len(results)} results in {cases} {noun}.",
        "",
        "| gap | results |",
        "|---|---:|",
    ]
    lines += [f"| {gap} | {len(by_gap.get(gap, []))} |" for gap in ran]
    for gap in ran:
        if not by_gap.get(gap):
            continue
        lines += [
            "",
            f"## {gap} ({len(by_gap[gap])})",
            "",
            _cell(descriptions.get(gap, "")),
            "",
            "| case | entity | actor | label | detail | evidence | findings |",
            "|---|---|---|---|---|---|---|",
        ]
        lines += [
            f"| {r.case} | {r.entity} | {r.actor or ''} | {_cell(r.label)} | "
            f"{_cell(r.detail)} | {', '.join(r.evidence)} | {', '.join(r.findings)} |"
            for r in by_gap[gap]
        ]
    lines += [
        "",
        "## Reconciliation",
        "",
        "| case | finding | text | corroborated by |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {c.case} | {c.finding} | {_cell(c.label)} | "
        f"{_cell(_corroboration(c.corroborated_by))} |"
        for c in report.findings
    ]
    lines += ["", f"### Gaps no finding names ({len(report.unnamed)})", ""]
    lines += [f"- {r.gap}: {r.case} {_who(r)}" for r in report.unnamed]
    return "\n".join(lines)


def _gaps_csv(results: Sequence[GapResult]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["gap", "case", "entity", "actor", "label", "detail", "evidence", "findings", "sources"]
    )
    for r in results:
        writer.writerow(
            [
                r.gap,
                r.case,
                r.entity,
                r.actor or "",
                r.label,
                r.detail,
                " ".join(r.evidence),
                " ".join(r.findings),
                json.dumps(r.sources, ensure_ascii=False),
            ]
        )
    return out.getvalue()


# -- queries, query, sparql --------------------------------------------------------------


@click.command()
@format_option("table", "json")
def queries(fmt: str) -> None:
    """List the gap catalogue's named queries with their descriptions."""
    from casegraph.gaps.catalogue import list_queries

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
    click.echo(_rows(_run(lambda: run(open_cases(), sparql)), fmt), nl=False)


@click.command()
@click.argument("text", metavar="QUERY_OR_@FILE")
@input_options
@click.option(
    "--bind",
    "binds",
    nargs=2,
    multiple=True,
    metavar="NAME VALUE",
    help="Bind ?NAME to VALUE as a plain literal: always data, never query text. "
    "?NAME must be in SELECT (or use SELECT *).",
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
def sparql(
    text: str,
    open_cases: Any,
    binds: tuple[tuple[str, str], ...],
    bind_iris: tuple[tuple[str, str], ...],
    fmt: str,
) -> None:
    """Run your own read-only SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE).

    QUERY_OR_@FILE is the query text, or @FILE to read it from a file (@- for
    standard input). The prefixes cg, gap, rdf, rdfs, xsd, dcterms, prov, org and skos
    are pre-bound; each case is a named graph, and the default graph is their union.
    Values given with --bind and --bind-iri are bound as data, never pasted into the
    query. Updates are refused. Exit 1 when the query is malformed or refused.
    """
    from casegraph.gaps.catalogue import query as run
    from casegraph.store.engines import IRI
    from casegraph.store.queryguard import check_query

    source = _read_query(text)
    bindings: dict[str, Any] = {}
    for name, value in binds:
        bindings[_variable(name, "--bind")] = value
    for name, value in bind_iris:
        bindings[_variable(name, "--bind-iri")] = IRI(_iri(value))
    _run(lambda: check_query(source))  # before loading anything
    click.echo(_rows(_run(lambda: run(open_cases(), source, bindings)), fmt), nl=False)


def _read_query(text: str) -> str:
    if not text.startswith("@"):
        return text
    name = text[1:]
    try:
        if name == "-":
            return sys.stdin.read()
        with open(name, encoding="utf-8") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise click.BadParameter(
            f"cannot read {name}: {reason}", param_hint="'QUERY_OR_@FILE'"
        ) from None


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


def _rows(rows: Rows, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(list(rows.dicts()), indent=2, ensure_ascii=False, default=str) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(rows.variables)
        writer.writerows([["" if v is None else v for v in row] for row in rows.rows])
        return out.getvalue()
    cells = [["" if v is None else " ".join(str(v).split()) for v in row] for row in rows.rows]
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
