"""The reviewer's report: one self-contained HTML file (and a PDF) to read, print and share.

::

    from casegraph.dataset import load
    from casegraph.report import build_report, write_report

    report = build_report(load("case.yaml"))
    write_report(report, "report.html")

:func:`build_report` gathers what the report says (casegraph.report.content);
:func:`report_html` writes it as HTML (casegraph.report.render); the chronology alone
comes from casegraph.report.chronology; :func:`print_pdf` prints with Chromium.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from casegraph.output import write_output
from casegraph.report.chronology import (
    ChronologyRow,
    chronology,
    chronology_csv,
    chronology_markdown,
)
from casegraph.report.content import Report, build_report
from casegraph.report.pdf import find_chromium, print_pdf
from casegraph.report.render import chronology_html, report_html


def write_report(
    report: Report, path: str | Path, views: bool = True, inputs: Iterable[str | Path] = ()
) -> Path:
    """Write the report as one HTML file that opens offline in any browser.

    Args:
        report: from :func:`build_report`.
        path: the file to write; it is replaced atomically.
        views: embed the interactive views (and their static pictures for print).
        inputs: the files the report was made from, which ``path`` must not be.

    Raises:
        OutputRefused: ``path`` is an input, a link or not a regular file.
    """
    return write_output(path, report_html(report, views=views), inputs)


__all__ = [
    "ChronologyRow",
    "Report",
    "build_report",
    "chronology",
    "chronology_csv",
    "chronology_html",
    "chronology_markdown",
    "find_chromium",
    "print_pdf",
    "report_html",
    "write_report",
]
