"""Path and knowledge commands: path, knew."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

import click

from casegraph.cli.options import CaseSource, format_option, source_options
from casegraph.read.casefile.spec import RELATIONS


def trailing_inputs(**names: str) -> Callable[..., Any]:
    """``FILE... NAME...``, ``--store DIR`` and ``--endpoint URL``: the last positional
    arguments are the ``names`` (keyword = metavar); the ones before them are case files.

    The command receives ``open_cases`` (returns the CaseDataset) and one keyword per name.
    """
    metavars = list(names.values())
    metavar = "[FILE]... " + " ".join(metavars)

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        @click.argument(
            "args", nargs=-1, required=True, metavar=metavar, type=click.Path(path_type=str)
        )
        @source_options
        @functools.wraps(func)
        def wrapper(
            args: tuple[str, ...],
            store: str | None,
            endpoint: str | None,
            engine: str,
            case_ids: tuple[str, ...],
            **kwargs: Any,
        ) -> Any:
            if store and endpoint:
                raise click.UsageError("give --store DIR or --endpoint URL, not both")
            files, given = args[: len(args) - len(names)], args[len(args) - len(names) :]
            wanted = " and ".join(metavars)
            if len(given) < len(names):
                raise click.UsageError(f"give {wanted} after the case files")
            if not files and not (store or endpoint):
                raise click.UsageError(
                    f"give the case files (or --store DIR, or --endpoint URL) before {wanted}"
                )
            if files and (store or endpoint):
                raise click.UsageError("give case files or --store DIR or --endpoint URL, not both")

            named = dict(zip(names, given, strict=True))
            open_cases = CaseSource(files, store, endpoint, engine, case_ids)
            return func(open_cases=open_cases, **named, **kwargs)

        return wrapper

    return decorate


def _relations(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> Any:
    chosen = [r.strip() for item in value for r in item.split(",") if r.strip()]
    for rel in chosen:
        if rel not in RELATIONS:
            import difflib

            near = difflib.get_close_matches(rel, RELATIONS, n=1)
            hint = f"; did you mean {near[0]!r}?" if near else ""
            raise click.BadParameter(
                f"unknown relation {rel!r}{hint} (relations: {', '.join(RELATIONS)})"
            )
    return tuple(chosen) or None


@click.command()
@trailing_inputs(source="FROM", target="TO")
@click.option(
    "--all",
    "every",
    is_flag=True,
    help="All simple paths up to --max-length steps, shortest first.",
)
@click.option(
    "--max-length",
    type=click.IntRange(min=1),
    metavar="N",
    help="Longest path in steps (with --all: default 6). All simple paths grow "
    "exponentially with N.",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=1000,
    show_default=True,
    metavar="N",
    help="With --all: stop at N paths (the shortest), and say so.",
)
@click.option(
    "--via",
    multiple=True,
    metavar="REL[,REL...]",
    callback=_relations,
    help="Only these relations (repeat or comma-separate): by, to, with, about, ...",
)
@click.option(
    "--directed/--undirected",
    default=False,
    show_default=True,
    help="Follow edges only the way they are recorded (event to the actors it "
    "names), or both ways (default: information moves both ways along "
    "by/to).",
)
@click.option(
    "--time-respecting",
    is_flag=True,
    help="No event on the path may be provably earlier than an event before it.",
)
@click.option(
    "--same-source", is_flag=True, help="Only paths whose every step one source document supports."
)
@click.option(
    "--through-findings",
    is_flag=True,
    help="Let paths pass through findings and recommendations (not only end there).",
)
@format_option("text", "json")
def path(
    open_cases: Any,
    source: str,
    target: str,
    every: bool,
    max_length: int | None,
    limit: int,
    via: tuple[str, ...] | None,
    directed: bool,
    time_respecting: bool,
    same_source: bool,
    through_findings: bool,
    fmt: str,
) -> None:
    """The shortest path (or all paths) between two items of a case.

    FROM and TO are ids or labels, matched case-insensitively: an exact id, then an
    exact label, then a unique part of one; in a dataset of several cases write
    case-id/item-id. Each step shows the relation, the date and the quotes of the
    sources behind it, and each path says whether one source supports it all or it is
    stitched across several (weaker evidence).

    Exit 0 with a path, 1 when a name is unknown or ambiguous or no path exists.
    """
    from casegraph.graph.pathresult import format_paths, paths_json
    from casegraph.graph.paths import find_paths

    found = find_paths(
        open_cases(),
        source,
        target,
        every=every,
        cutoff=max_length,
        limit=limit,
        via=via,
        directed=directed,
        time_respecting=time_respecting,
        same_source=same_source,
        through_review=through_findings,
    )
    if fmt == "json":
        click.echo(json.dumps(paths_json(found), indent=2, ensure_ascii=False))
    else:
        click.echo(format_paths(found))
    if getattr(found, "truncated", False):
        click.echo(
            f"Stopped at {len(found):,} paths (--limit {limit}); more exist. "
            "Narrow the search with --max-length or --via, or raise --limit.",
            err=True,
        )


@click.command()
@trailing_inputs(actor="ACTOR")
@click.option(
    "--at",
    metavar="EVENT_OR_DATE",
    help="Only flows that could have happened by this event (id or label) or "
    "date (YYYY, YYYY-MM or YYYY-MM-DD).",
)
@format_option("text", "json")
def knew(open_cases: Any, actor: str, at: str | None, fmt: str) -> None:
    """What could have reached ACTOR (by --at), and through which chain.

    Concerns start with whoever identified them; information flows through events
    from those who take part to those who hear, never back in time. Also lists the
    concerns in the case by then that could not have reached ACTOR. Computed from the
    recorded flows only.

    Exit 0 on success, 1 when a name is unknown or ambiguous.
    """
    from casegraph.graph.knowledge import format_knowledge, knew_in

    result = knew_in(open_cases(), actor, at)
    if fmt == "json":
        click.echo(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
    else:
        click.echo(format_knowledge(result))


COMMANDS = [path, knew]
