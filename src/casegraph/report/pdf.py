"""``report --pdf``: print the report to PDF with headless Chromium, when it is installed.

Chromium prints with the report's print stylesheet (page breaks between sections,
no table row split, static pictures instead of the interactive views). It is run on
the written HTML file with no network (the page's CSP allows none anyway).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from casegraph.errors import CaseGraphError
from casegraph.output import write_output

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIMEOUT_S = 180


def find_chromium() -> str | None:
    """The Chromium to print with: ``CASEGRAPH_CHROMIUM``, else the first on PATH."""
    chosen = os.environ.get("CASEGRAPH_CHROMIUM")
    if chosen:
        return chosen if (Path(chosen).exists() or shutil.which(chosen)) else None
    return next((found for name in CANDIDATES if (found := shutil.which(name))), None)


def print_pdf(html_path: str | Path, pdf_path: str | Path) -> Path:
    """Print an HTML file to PDF (A4) with headless Chromium.

    Raises:
        CaseGraphError: Chromium is not installed, or it failed or timed out.
    """
    browser = find_chromium()
    if browser is None:
        raise CaseGraphError(
            "report --pdf needs Chromium to print, and none was found: install it "
            "(apt-get install chromium) or set CASEGRAPH_CHROMIUM to its path; "
            "or open the HTML report and print it from your browser"
        )
    target = Path(pdf_path).resolve()
    with tempfile.TemporaryDirectory(prefix="casegraph-pdf-") as profile:
        printed = Path(profile) / "report.pdf"
        command = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            "--run-all-compositor-stages-before-draw",
            f"--print-to-pdf={printed}",
            Path(html_path).resolve().as_uri(),
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            raise CaseGraphError(f"Chromium did not finish printing in {TIMEOUT_S} s") from None
        except OSError as exc:
            raise CaseGraphError(f"cannot run Chromium ({browser}): {exc.strerror}") from None
        if done.returncode != 0 or not printed.exists() or printed.stat().st_size == 0:
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise CaseGraphError(f"Chromium could not print the report: {last}")
        # Through the one atomic writer: a failed print leaves the previous PDF intact.
        return write_output(target, printed.read_bytes())
