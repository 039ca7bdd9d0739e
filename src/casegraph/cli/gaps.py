"""Gap and query commands: gaps, queries, query, sparql.

Each command parses its options, makes one library call (casegraph.gaps.catalogue) and
prints what a renderer of casegraph.gaps.render returns; the rules live in the
catalogue's SPARQL files, never here.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from typing import Any

import click

from casegraph.cli.options import format_option, input_options

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
@click.option(
    "--live",
    is_flag=True,
    help="Run the queries for every case, ignoring the results stored with the cases "
    "at load (the same results, computed again).",
)
def gaps(
    open_cases: Any,
    only: tuple[str, ...],
    bases: tuple[str, ...],
    fmt: str,
    fail_on: tuple[str, ...],
    live: bool,
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

    From a store or endpoint, each case loaded with its results (`casegraph load`
    stores them) is read rather than queried, unless the rules have changed since.

    Exit 0, or 1 with --fail-on when any result of those gaps is shown.
    """
    from casegraph.gaps.render import gap_report, render_report

    wanted = _gap_ids(only, "--only")
    failing = _gap_ids(fail_on, "--fail-on")
    shown_bases = _bases(bases)
    missing = [gap for gap in failing if wanted and gap not in wanted]
    if missing:
        raise click.UsageError(
            f"--fail-on {', '.join(missing)} is not among the --only gaps, "
            "so it would never be checked; add it to --only"
        )
    report = gap_report(open_cases(), wanted or None, shown_bases, live)
    click.echo(render_report(report, fmt), nl=False)
    found = sorted({r.gap for r in report.results if r.gap in failing})
    if found:
        click.echo(f"found: {', '.join(found)} (--fail-on)", err=True)
        sys.exit(1)


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
    from casegraph.gaps.catalogue import UnknownQuery, get_query
    from casegraph.gaps.render import render_queries

    if show is not None:
        try:
            text = get_query(show).sparql
        except UnknownQuery as exc:
            raise click.BadParameter(str(exc), param_hint="'--show'") from None
        click.echo(text if text.endswith("\n") else text + "\n", nl=False)
        return

    click.echo(render_queries(fmt), nl=False)


@click.command("query")
@click.argument("name")
@input_options
@format_option("table", "json", "csv")
def query_command(name: str, open_cases: Any, fmt: str) -> None:
    """Run one named catalogue query (see `casegraph queries`) and print its raw rows."""
    from casegraph.gaps.catalogue import UnknownQuery, get_query
    from casegraph.gaps.catalogue import query as run
    from casegraph.gaps.render import render_rows

    try:
        sparql = get_query(name).sparql
    except UnknownQuery as exc:
        raise click.BadParameter(str(exc), param_hint="'NAME'") from None
    click.echo(render_rows(run(open_cases(), sparql), fmt), nl=False)


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
    from casegraph.gaps.render import render_rows
    from casegraph.gaps.userquery import check_prefixes
    from casegraph.store.queryguard import check_query
    from casegraph.vocab import IRI

    source = _read_query(text)
    bindings: dict[str, Any] = {}
    for name, value in binds:
        bindings[_variable(name, "--bind")] = value
    for name, value in bind_iris:
        bindings[_variable(name, "--bind-iri")] = IRI(_iri(value))
    check_query(source)  # before loading anything
    check_prefixes(source)
    click.echo(render_rows(run(open_cases(), source, bindings), fmt, full_iris), nl=False)


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


COMMANDS = [gaps, queries, query_command, sparql]
