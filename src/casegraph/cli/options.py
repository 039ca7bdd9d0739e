"""Options shared by every command that reads cases: files, a store or an endpoint."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from casegraph.dataset import CaseDataset


def source_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--store DIR``, ``--endpoint URL``, ``--engine`` and ``--case``: where the cases
    are read from, and which of them."""
    func = click.option(
        "--case",
        "case_ids",
        multiple=True,
        metavar="ID",
        help="Only this case (repeat for several): from a store or endpoint, only it is "
        "read, so one case of a large corpus answers as fast as a file.",
    )(func)
    func = click.option(
        "--engine",
        type=click.Choice(["oxigraph", "rdflib"]),
        default="oxigraph",
        show_default=True,
        help="In-memory engine for files.",
    )(func)
    func = click.option(
        "--endpoint", metavar="URL", help="Read the cases from a SPARQL 1.1 endpoint."
    )(func)
    return click.option(
        "--store",
        "store",
        metavar="DIR",
        type=click.Path(file_okay=False),
        help="Read the cases from an embedded store (see `casegraph load`).",
    )(func)


def input_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``FILE...``, ``--store DIR`` and ``--endpoint URL``; pass ``open_cases`` instead.

    The command receives ``open_cases``: a function returning the CaseDataset to read,
    so the (slow) load happens inside the command, after argument parsing.
    """

    @click.argument("files", nargs=-1, type=click.Path(dir_okay=True, path_type=str))
    @source_options
    @functools.wraps(func)
    def wrapper(
        files: tuple[str, ...],
        store: str | None,
        endpoint: str | None,
        engine: str,
        case_ids: tuple[str, ...],
        **kwargs: Any,
    ) -> Any:
        sources = sum(bool(x) for x in (files, store, endpoint))
        if sources != 1:
            raise click.UsageError(
                "give case files, or --store DIR, or --endpoint URL (one of them)"
            )

        return func(open_cases=CaseSource(files, store, endpoint, engine, case_ids), **kwargs)

    return wrapper


class CaseSource:
    """Where a command reads its cases; calling it opens them (the slow part).

    ``inputs`` are the local paths read (files, folders, the store), which an output
    option must not overwrite (see casegraph.output.check_output).
    """

    def __init__(
        self,
        files: tuple[str, ...],
        store: str | None,
        endpoint: str | None,
        engine: str,
        case_ids: tuple[str, ...] = (),
    ):
        self.files, self.store, self.endpoint, self.engine = files, store, endpoint, engine
        self.case_ids = case_ids
        self.inputs: tuple[str, ...] = (*files, store) if store else files

    def __call__(self) -> CaseDataset:
        from casegraph.dataset import open_dataset

        return open_dataset(
            files=self.files,
            store=self.store,
            endpoint=self.endpoint,
            engine=self.engine,
            cases=self.case_ids,
        )


def format_option(*choices: str, default: str | None = None) -> Callable[..., Any]:
    """``--format`` with the given choices (the first is the default)."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=default or choices[0],
        show_default=True,
        help="Output format.",
    )
