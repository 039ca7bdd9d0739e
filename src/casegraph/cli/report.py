"""The report and chronology commands (thin layers over casegraph.report)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from casegraph.cli.options import format_option, html_output_option, input_options

DEFAULT_OUTPUT = "casegraph-report.html"


@click.command("report")
@input_options
@html_output_option(DEFAULT_OUTPUT)
@click.option("--title", help="The report's title (default: the case title, or 'N cases').")
@click.option(
    "--pdf",
    "pdf",
    is_flag=True,
    help="Also print the report to PDF (next to the HTML file) with headless Chromium.",
)
@click.option("--no-views", is_flag=True, help="Leave out the interactive views (a smaller file).")
def report_command(
    open_cases: Any,
    output: str,
    title: str | None,
    pdf: bool,
    no_views: bool,
) -> None:
    """Write the reviewer's report: one self-contained HTML file to read, print and share.

    For each case: a summary, the chronology (every event in order, with the quotes
    behind it), the gaps found with their evidence and quotes, the reconciliation
    with the reviewer's findings, one part per agency, and the timeline and network
    views (interactive on screen, a static picture in print). For several cases, the
    recurrence of each gap by actor type and by year comes first, as charts with
    their tables. The file fetches nothing and runs no script of its own.

    With --pdf, also writes FILE.pdf through headless Chromium (when installed).
    """
    from casegraph.output import check_output
    from casegraph.report import build_report, find_chromium, print_pdf, write_report

    check_output(output, open_cases.inputs)
    pdf_path = Path(output).with_suffix(".pdf")
    if pdf:
        check_output(pdf_path, open_cases.inputs)
        if find_chromium() is None:
            print_pdf(output, pdf_path)  # the clear "needs Chromium" error, before any work
    dataset = open_cases()
    report = build_report(dataset, None, title)  # --case has chosen the cases
    path = write_report(report, output, views=not no_views, inputs=open_cases.inputs)
    results = len(report.results)
    click.echo(
        f"{path}: report on {len(report.cases)} case{'s' if len(report.cases) != 1 else ''}, "
        f"{sum(len(c.rows) for c in report.cases)} events, {results} gap result"
        f"{'s' if results != 1 else ''}"
    )
    if pdf:
        print_pdf(path, pdf_path)
        click.echo(f"{pdf_path}: PDF, printed by {Path(str(find_chromium())).name}")


@click.command("chronology")
@input_options
@format_option("markdown", "csv", "html")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="Write to this file instead of standard output.",
)
def chronology_command(open_cases: Any, fmt: str, output: str | None) -> None:
    """Every event in order, with who, what passed between them and the quotes.

    Events are ordered by date, and undated ones by their after/before links (the
    order never contradicts the case file); dates are shown as written. Markdown
    (default), CSV or a standalone HTML page, for pasting into a review.
    """
    from casegraph.output import check_output, write_output
    from casegraph.report import (
        chronology,
        chronology_csv,
        chronology_html,
        chronology_markdown,
    )

    if output:
        check_output(output, open_cases.inputs)
    dataset = open_cases()
    graph = dataset.to_networkx()  # --case has chosen the cases
    rows = chronology(graph)
    titles = [a.get("title") for _, a in graph.nodes(data=True) if a.get("type") == "case"]
    title = "Chronology" + (f": {titles[0]}" if len(titles) == 1 and titles[0] else "")
    if fmt == "csv":
        text = chronology_csv(rows)
    elif fmt == "html":
        text = chronology_html(rows, title)
    else:
        text = chronology_markdown(rows, title)
    if output:
        write_output(output, text, open_cases.inputs)
        click.echo(f"{output}: chronology, {len(rows)} events")
    else:
        click.echo(text, nl=False)


COMMANDS = [report_command, chronology_command]
