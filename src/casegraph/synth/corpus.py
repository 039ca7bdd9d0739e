"""Writing a synthetic corpus: each case's file, the truth file and the manifest.

Case ``index`` of a corpus with ``seed`` draws on its own random stream, so a case is
the same whatever the corpus size, and the same seed gives byte-identical files.
"""

from __future__ import annotations

import contextlib
import json
import random
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from casegraph.errors import CaseGraphError, InvalidArgument
from casegraph.gaps.registry import GAP_IDS
from casegraph.output import check_output, write_output
from casegraph.synth.builder import CaseBuilder
from casegraph.synth.pathway import build
from casegraph.synth.plants import resolve_rates
from casegraph.synth.truth import evaluate
from casegraph.synth.yamltext import render

FILES_PER_FOLDER = 1000
TruthRow = dict[str, str | None]


@dataclass(frozen=True)
class CorpusSummary:
    """What :func:`write_corpus` wrote.

    ``planted`` counts the cases each gap was planted in; ``results`` counts the
    truth rows per gap (a plant can cause several results, and other gaps).
    """

    out_dir: Path
    cases: int
    seed: int
    rates: dict[str, float]
    planted: dict[str, int]
    results: dict[str, int]
    truth_rows: int


def generate_case(
    index: int, seed: int, rates: Mapping[str, float] | None = None
) -> tuple[str, list[TruthRow]]:
    """Generate one case.

    Args:
        index: the case's number in the corpus (0 or more).
        seed: the corpus seed (0 or more).
        rates: per-gap planting probabilities overriding :data:`DEFAULT_RATES`.

    Returns:
        The YAML text of the case file and its truth rows
        (``{"gap", "case", "entity", "actor"}``, as :func:`truth.evaluate` gives).

    Raises:
        ValueError: a negative index or seed, or bad rates.
    """
    text, truth, _, _ = _generate(index, seed, resolve_rates(rates))
    return text, truth


def case_path(cases_dir: Path, case_id: str, index: int, cases: int) -> Path:
    """Where case ``index`` of a corpus of ``cases`` goes (folders of 1,000 past 1,000)."""
    if cases <= FILES_PER_FOLDER:
        return cases_dir / f"{case_id}.yaml"
    width = max(2, len(str((cases - 1) // FILES_PER_FOLDER)))
    return cases_dir / f"{index // FILES_PER_FOLDER:0{width}d}" / f"{case_id}.yaml"


def write_corpus(
    out_dir: str | Path,
    cases: int,
    seed: int,
    rates: Mapping[str, float] | None = None,
    progress: Callable[[int, int], None] | None = None,
    overwrite: bool = False,
    narrative: bool = False,
    pdf: bool = True,
) -> CorpusSummary:
    """Write a corpus: ``cases/<case-id>.yaml``, ``truth.jsonl`` and ``manifest.json``.

    Args:
        out_dir: the directory to write into (created if missing).
        cases: how many cases.
        seed: the corpus seed; the same seed gives byte-identical files.
        rates: per-gap planting probabilities overriding :data:`DEFAULT_RATES`.
        progress: called as ``progress(done, total)`` every 1,000 cases and at the end.
        overwrite: replace an existing ``cases`` folder instead of refusing.
        narrative: also write each case as a review's text, ``narratives/<case-id>.txt``
            (:mod:`casegraph.synth.narrative`), to measure `casegraph draft` against.
        pdf: with ``narrative``, also print each text to ``narratives/<case-id>.pdf``
            (headless Chromium).

    Returns:
        A :class:`CorpusSummary`.

    Raises:
        CaseGraphError: ``out_dir/cases`` already holds files and ``overwrite`` is false,
            or it holds files that an earlier ``write_corpus`` did not write (see
            :func:`remove_previous_corpus`); or PDFs were asked for and Chromium is
            missing or fails.
        ValueError: a negative count or seed, or bad rates.
    """
    if cases < 0 or seed < 0:
        raise InvalidArgument(f"cases and seed must be 0 or more, not {cases} and {seed}")
    resolved = resolve_rates(rates)
    out = Path(out_dir)
    cases_dir = out / "cases"
    for name in ("truth.jsonl", "manifest.json"):
        check_output(out / name)  # never written through a link, into a folder or a device
    if cases_dir.exists() and any(cases_dir.iterdir()):
        if not overwrite:
            raise CaseGraphError(
                f"{cases_dir} already holds files; choose an empty directory or overwrite it"
            )
        remove_previous_corpus(out)
    cases_dir.mkdir(parents=True, exist_ok=True)
    stories = out / "narratives"  # each narrative replaces its own file; nothing is removed
    planted = dict.fromkeys(GAP_IDS, 0)
    results = dict.fromkeys(GAP_IDS, 0)
    rows = 0
    made: set[Path] = set()
    written: list[str] = []
    with (out / "truth.jsonl").open("w", encoding="utf-8", newline="\n") as truth_file:
        for index in range(cases):
            text, truth, gaps, data = _generate(index, seed, resolved)
            path = case_path(cases_dir, _case_id(seed, index), index, cases)
            if narrative:
                _write_narrative(case_path(stories, _case_id(seed, index), index, cases), data, pdf)
            if path.parent not in made:
                path.parent.mkdir(parents=True, exist_ok=True)
                made.add(path.parent)
            path.write_text(text, encoding="utf-8", newline="\n")
            written.append(path.relative_to(cases_dir).as_posix())
            for row in truth:
                truth_file.write(json.dumps(row) + "\n")
                results[str(row["gap"])] += 1
            rows += len(truth)
            for gap in gaps:
                planted[gap] += 1
            if progress is not None and ((index + 1) % 1000 == 0 or index + 1 == cases):
                progress(index + 1, cases)
    manifest = {
        "generator": "casegraph.synth",
        "seed": seed,
        "cases": cases,
        "rates": resolved,
        "planted": planted,
        "counts": results,
        "truth_rows": rows,
        # What --overwrite may remove: only these files of cases/ (see remove_previous_corpus).
        "files": written,
    }
    write_output(out / "manifest.json", json.dumps(manifest, indent=2) + "\n")
    return CorpusSummary(out, cases, seed, resolved, planted, results, rows)


def remove_previous_corpus(out_dir: Path) -> None:
    """Remove the case files an earlier :func:`write_corpus` wrote into ``out_dir/cases``.

    Only the files its ``manifest.json`` lists are removed (and the folders they leave
    empty); if ``cases/`` holds anything else, nothing is removed: those may be a
    user's own case files, and --overwrite must never lose them.

    Raises:
        CaseGraphError: no readable manifest lists the files, or other files are there.
    """
    cases_dir = out_dir / "cases"
    manifest = out_dir / "manifest.json"
    try:
        listed = json.loads(manifest.read_text(encoding="utf-8"))["files"]
        names = {str(name) for name in listed}
    except (OSError, ValueError, KeyError, TypeError):
        raise CaseGraphError(
            f"{cases_dir} holds files that synth did not write ({manifest} does not list "
            "them), so --overwrite leaves them alone; choose an empty directory"
        ) from None
    present = {
        p.relative_to(cases_dir).as_posix()
        for p in cases_dir.rglob("*")
        if p.is_symlink() or not p.is_dir()
    }
    foreign = sorted(present - names)
    if foreign:
        shown = ", ".join(foreign[:3]) + (
            f" and {len(foreign) - 3} more" if len(foreign) > 3 else ""
        )
        raise CaseGraphError(
            f"{cases_dir} holds files that synth did not write ({shown}); --overwrite "
            "removes only synth's own files: move those or choose an empty directory"
        )
    for name in sorted(present):
        (cases_dir / name).unlink()
    for folder in sorted((p for p in cases_dir.rglob("*") if p.is_dir()), reverse=True):
        with contextlib.suppress(OSError):  # a folder that is not empty stays
            folder.rmdir()


def _write_narrative(path: Path, data: dict[str, Any], pdf: bool) -> None:
    # only with --narrative
    from casegraph.synth.narrative import narrative, narrative_html

    path.parent.mkdir(parents=True, exist_ok=True)
    text = narrative(data)
    write_output(path.with_suffix(".txt"), text)
    if pdf:
        from casegraph.report.pdf import find_chromium, print_pdf  # only for PDFs

        if find_chromium() is None:
            raise CaseGraphError(
                "synth --narrative prints PDFs with Chromium, and none was found: install "
                "it (scripts/ensure-chromium) or give --no-pdf for the texts alone"
            )
        with tempfile.TemporaryDirectory(prefix="casegraph-narrative-") as tmp:
            html = Path(tmp) / "narrative.html"
            html.write_text(narrative_html(text), encoding="utf-8")
            print_pdf(html, path.with_suffix(".pdf"))


def _case_id(seed: int, index: int) -> str:
    return f"synth-{seed}-{index:06d}"


def _generate(
    index: int, seed: int, rates: dict[str, float]
) -> tuple[str, list[TruthRow], list[str], dict[str, Any]]:
    if index < 0 or seed < 0:
        raise InvalidArgument("index and seed must be 0 or more")
    case_id = _case_id(seed, index)
    builder = CaseBuilder(random.Random(f"casegraph-synth:{seed}:{index}"), case_id, rates)
    data = build(builder)
    truth = evaluate(data)
    # A cheap guard on the builder: every plant shows up, and a case with none is clean.
    # (The truth itself is the evaluator's output, side effects of plants included.)
    found = {str(row["gap"]) for row in truth}
    planted = [g for g in GAP_IDS if g in builder.plan]
    missing = [g for g in planted if g not in found]
    if missing or (not planted and truth):
        raise AssertionError(
            f"synthetic case {case_id}: planted {planted} ({builder.plan}) but the rules "
            f"report {sorted(found)}"
        )
    return render(data), truth, planted, data
