"""The view command: draw cases as one self-contained, offline HTML file."""

from __future__ import annotations

from typing import Any

import click

from casegraph.cli.options import html_output_option, input_options

DEFAULT_OUTPUT = "casegraph-view.html"


@click.command()
@input_options
@html_output_option(DEFAULT_OUTPUT)
@click.option(
    "--layout",
    type=click.Choice(["network", "timeline"]),
    default="network",
    show_default=True,
    help="network: every item and relation; timeline: events in one lane per actor.",
)
@click.option(
    "--highlight",
    "highlight",
    multiple=True,
    metavar="gaps|GAP_ID",
    help="Mark the items with gaps: 'gaps' for the whole catalogue, or gap ids "
    "(repeat the option, or separate ids with commas).",
)
@click.option("--title", help="The page title (default: the case title).")
def view(
    open_cases: Any,
    output: str,
    layout: str,
    highlight: tuple[str, ...],
    title: str | None,
) -> None:
    """Draw cases as an interactive HTML page: one file that works offline.

    The network view shows every item and relation; the timeline puts events in one
    lane per actor, in date order, with hand-overs as arrows between lanes. Hover or
    click an item to see its details and source quotes; search, filter by type, and
    (with --highlight) see the gaps found, outlined in red.

    Prints the path written and the number of nodes and edges.
    """
    from casegraph.output import check_output
    from casegraph.views import gap_highlights, network_view, timeline_view, write_html

    wanted = _highlight_ids(highlight)
    check_output(output, open_cases.inputs)
    dataset = open_cases()
    graph = dataset.to_networkx()
    highlights = gap_highlights(dataset, wanted or None) if wanted is not None else None
    build = timeline_view if layout == "timeline" else network_view
    net = build(graph, highlights=highlights, title=title)
    path = write_html(net, output, open_cases.inputs)
    marked = sum(1 for node in net.nodes if node.get("badge"))
    click.echo(
        f"{path}: {layout} view, {len(net.nodes)} nodes, {len(net.edges)} edges"
        + (f", {marked} with gaps" if highlights is not None else "")
    )


def _highlight_ids(values: tuple[str, ...]) -> list[str] | None:
    """None: no highlights; []: every gap; else the gap ids asked for."""
    names = [part.strip() for value in values for part in value.split(",") if part.strip()]
    if not names:
        return None
    if "gaps" in names:
        if len(names) > 1:
            raise click.BadParameter(
                "give 'gaps' (every gap) or gap ids, not both", param_hint="'--highlight'"
            )
        return []
    from casegraph.gaps.catalogue import UnknownQuery, check_gap_ids

    try:
        return check_gap_ids(names)
    except UnknownQuery as exc:
        raise click.BadParameter(str(exc), param_hint="'--highlight'") from None


COMMANDS = [view]
