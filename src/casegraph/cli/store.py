"""Store commands: load, cases, remove (embedded store or endpoint), and synth."""

from __future__ import annotations

import contextlib
import json
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

import click

from casegraph.cli.options import endpoint_option, format_option, input_options, remote_settings
from casegraph.errors import StoreError

_TARGET_HELP = "give --store DIR (the embedded store) or --endpoint URL (a SPARQL endpoint)"


def _target_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = endpoint_option(
        "Write to a SPARQL 1.1 endpoint (its query URL; credentials: CASEGRAPH_SPARQL_USER "
        "and CASEGRAPH_SPARQL_PASSWORD, or ~/.netrc)."
    )(func)
    return click.option(
        "--store",
        metavar="DIR",
        type=click.Path(file_okay=False),
        help="The embedded store in DIR (`load` creates it if missing; `remove` never does).",
    )(func)


def _open_target(store: str | None, endpoint: str | None, create: bool = True) -> tuple[Any, str]:
    """The store or endpoint to write to; ``create=False`` for commands that only
    remove, so a mistyped store path is an error, never a new empty store."""
    if bool(store) == bool(endpoint):
        raise click.UsageError(_TARGET_HELP)
    if store:
        from casegraph.store.disk import CaseStore, is_store

        if not create and not is_store(store):
            raise StoreError(f"no store at {store}; give the folder `casegraph load` wrote")
        return CaseStore(store), store
    from casegraph.store.remote import RemoteEngine

    assert endpoint is not None
    return RemoteEngine(endpoint, **remote_settings()), endpoint


@contextlib.contextmanager
def _progress(enabled: bool | None, length: int, label: str) -> Iterator[Callable[[int], None]]:
    """A progress callback: a bar on a terminal, periodic lines when forced elsewhere."""
    tty = sys.stderr.isatty()
    if enabled is False or (enabled is None and not tty):
        yield lambda n: None
        return
    if tty:
        with click.progressbar(
            length=length, label=label, file=sys.stderr, show_pos=True, show_eta=True
        ) as bar:
            yield bar.update
        return
    done = 0
    last = time.monotonic()

    def line(n: int) -> None:
        nonlocal done, last
        done += n
        now = time.monotonic()
        if done == length or now - last >= 5:
            last = now
            click.echo(f"{label} {done:,}/{length:,}", err=True)

    yield line


def _plural(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@_target_options
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    metavar="N",
    help="Worker processes reading files (default: one per CPU).",
)
@click.option(
    "--skip-existing",
    is_flag=True,
    help="Leave cases already loaded as they are (to finish an interrupted load).",
)
@click.option(
    "--check-first",
    is_flag=True,
    help="Check every file before writing anything; load nothing if any is invalid.",
)
@click.option(
    "--verify",
    is_flag=True,
    help="Read each case back after writing it and fail, naming the quads, when the "
    "store holds anything else than what was sent.",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show progress on stderr (default: only when stderr is a terminal).",
)
@click.option(
    "--optimize/--no-optimize",
    default=None,
    help="Compact the store after loading: a slower load, faster queries (--store only). "
    "Default: only after loading 5 million triples or more (about 8,000 cases).",
)
@click.option(
    "--refresh-results",
    is_flag=True,
    help="Compute and store the gap results of every case whose stored results are "
    "missing or were made by other rules (after an upgrade); PATHS may be left out.",
)
@click.option("--batch-quads", type=click.IntRange(min=1), default=None, hidden=True)
def load(
    paths: tuple[str, ...],
    store: str | None,
    endpoint: str | None,
    jobs: int | None,
    skip_existing: bool,
    check_first: bool,
    verify: bool,
    progress: bool | None,
    optimize: bool | None,
    refresh_results: bool,
    batch_quads: int | None,
) -> None:
    """Load case files (and RDF files), or folders of them, into a store or endpoint.

    Each case is written whole or not at all: a load that is interrupted (Ctrl-C, a
    crash, kill -9) leaves the cases already written complete and the others absent.
    A case already there is replaced. An invalid file loads nothing and each of its
    problems is printed as FILE:LINE: message; the valid files still load (use
    --check-first to load nothing unless every file is valid).

    Each case's gap results are computed as it loads and stored with it, so that
    `casegraph gaps` reads them instead of querying the whole store; after an upgrade
    that changes the rules, `--refresh-results` computes them again (until then
    `gaps` computes those cases live).

    Exit 0 when every file loaded, 1 when some file was invalid, 2 when the store
    could not be written or (with --verify) holds something else than was sent, 130
    when interrupted.
    """
    from casegraph.dataset import with_results
    from casegraph.store.ingest import (
        DEFAULT_BATCH_QUADS,
        compact_after_load,
        list_files,
        load_files,
    )

    if not paths and not refresh_results:
        raise click.UsageError("give the case files or folders to load (PATHS)")
    if not paths:
        target, where = _open_target(store, endpoint, create=False)
        _refresh(target, where)
        return
    target, where = _open_target(store, endpoint)
    files = list_files(paths)
    with _progress(progress, len(files), "loading") as tick:
        report = load_files(
            target,
            files,
            jobs=jobs,
            skip_existing=skip_existing,
            check_first=check_first,
            verify=verify,
            progress=tick,
            batch_quads=batch_quads or DEFAULT_BATCH_QUADS,
            make_results=with_results,
        )
    compacted = None
    if store:

        def starting() -> None:
            if progress or (progress is None and sys.stderr.isatty()):
                click.echo(
                    "compacting the store (faster queries; --no-optimize skips it)", err=True
                )

        done = compact_after_load(target, report, optimize, starting)
        if done.failure:
            click.echo(
                f"warning: {done.failure}; the cases are loaded, queries are slower",
                err=True,
            )
        compacted = done.seconds
    if hasattr(target, "close"):
        target.close()
    for problem in report.problems:
        click.echo(str(problem), err=True)
    summary = f"{_plural(report.written, 'case')} ({report.triples:,} triples) into {where}"
    extra = []
    if report.replaced:
        extra.append(f"{len(report.replaced):,} of them replaced a case already there")
    if report.skipped:
        extra.append(f"{_plural(len(report.skipped), 'case')} already there skipped")
    tail = f" ({'; '.join(extra)})" if extra else ""
    if report.interrupted:
        click.echo(
            f"Interrupted after {report.files_done:,} of {report.files:,} files: "
            f"wrote {summary}{tail}, each case whole. Run the same command with "
            f"--skip-existing to load the rest.",
            err=True,
        )
        sys.exit(130)
    compaction = f"; compacted the store in {compacted:.1f} s" if compacted is not None else ""
    click.echo(f"Loaded {summary} in {report.seconds:.1f} s{tail}{compaction}.")
    if refresh_results:
        _refresh(*_open_target(store, endpoint, create=False))
    if report.differences:
        for line in report.differences:
            click.echo(line, err=True)
        click.echo(
            f"Error: {where} holds something else than was sent for "
            f"{_plural(len({d.split(':', 1)[0] for d in report.differences}), 'case')} "
            f"(above: - sent, not held; + held, not sent)",
            err=True,
        )
        sys.exit(2)
    if verify:
        click.echo(f"Verified: {where} holds exactly the {_plural(report.written, 'case')} sent.")
    if report.problems:
        noun = "file was" if report.invalid_files == 1 else "files were"
        click.echo(
            f"{report.invalid_files:,} {noun} invalid and not loaded "
            f"({_plural(len(report.problems), 'problem')}); the other files loaded.",
            err=True,
        )
        sys.exit(1)


def _refresh(target: Any, where: str) -> None:
    """Store the gap results of the cases whose stored results are missing or stale."""
    from casegraph.dataset import CaseDataset, refresh_results

    started = time.perf_counter()
    engine = target.engine() if hasattr(target, "engine") else target
    try:
        refreshed, current = refresh_results(CaseDataset(engine), target)
    finally:
        if hasattr(target, "close"):
            target.close()
    click.echo(
        f"Refreshed the stored results of {_plural(len(refreshed), 'case')} in {where} "
        f"in {time.perf_counter() - started:.1f} s ({current:,} already current)."
    )


@click.command()
@input_options
@format_option("text", "json")
def cases(open_cases: Any, fmt: str) -> None:
    """List the cases in a store (or endpoint, or files) with their triple counts."""
    from casegraph.store.disk import case_triple_counts

    counts = case_triple_counts(open_cases())
    if fmt == "json":
        click.echo(json.dumps([{"case": c, "triples": n} for c, n in counts.items()], indent=2))
        return
    width = max((len(c) for c in counts), default=0)
    for case_id, n in counts.items():
        click.echo(f"{case_id:<{width}}  {n:>9,}")
    click.echo(f"{_plural(len(counts), 'case')}, {sum(counts.values()):,} triples", err=True)


@click.command()
@click.argument("case_ids", nargs=-1, required=True, metavar="ID...")
@_target_options
def remove(case_ids: tuple[str, ...], store: str | None, endpoint: str | None) -> None:
    """Remove cases (by id) from a store or endpoint, each in one transaction.

    Exit 0 when every case was removed, 1 when some id was not there. A store that
    does not exist is an error (never created).
    """
    target, where = _open_target(store, endpoint, create=False)
    removed, missing = target.remove(case_ids)
    if hasattr(target, "close"):
        target.close()
    click.echo(f"Removed {_plural(len(removed), 'case')} from {where}.")
    if missing:
        click.echo(f"Not in {where}: {', '.join(missing)}", err=True)
        sys.exit(1)


@click.command()
@click.option(
    "--cases",
    "count",
    type=click.IntRange(min=0),
    required=True,
    metavar="N",
    help="How many cases.",
)
@click.option(
    "--seed",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="The same seed always gives the same files.",
)
@click.option(
    "-o",
    "--output",
    "out_dir",
    required=True,
    metavar="DIR",
    type=click.Path(file_okay=False, path_type=str),
    help="Write DIR/cases/, DIR/truth.jsonl and DIR/manifest.json.",
)
@click.option("--overwrite", is_flag=True, help="Replace DIR/cases if it already holds files.")
@click.option(
    "--narrative",
    is_flag=True,
    help="Also write each case as a review's text and a PDF in DIR/narratives/ "
    "(to measure `casegraph draft` against a known case).",
)
@click.option(
    "--pdf/--no-pdf",
    default=True,
    show_default=True,
    help="With --narrative, print each text to PDF with headless Chromium.",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show progress on stderr (default: only when stderr is a terminal).",
)
def synth(
    count: int,
    seed: int,
    out_dir: str,
    overwrite: bool,
    narrative: bool,
    pdf: bool,
    progress: bool | None,
) -> None:
    """Write a synthetic corpus of Prevent-like cases with planted gaps.

    DIR/truth.jsonl lists every result the gap catalogue must report, one JSON
    object per line with gap, case, entity and actor. With --narrative,
    DIR/narratives/ holds each case told as a review (CASE-ID.txt and CASE-ID.pdf).
    """
    from casegraph.synth import write_corpus

    with _progress(progress, count, "writing") as tick:
        last = 0

        def report(done: int, total: int) -> None:
            nonlocal last
            tick(done - last)
            last = done

        summary = write_corpus(
            out_dir,
            count,
            seed,
            progress=report,
            overwrite=overwrite,
            narrative=narrative,
            pdf=pdf,
        )
    click.echo(
        f"Wrote {_plural(summary.cases, 'case')} to {out_dir}/cases "
        f"(seed {summary.seed}); {summary.truth_rows:,} expected gap results "
        f"in {out_dir}/truth.jsonl."
        + (f" Narratives in {out_dir}/narratives." if narrative else "")
    )


COMMANDS = [load, cases, remove, synth]
