"""Options shared by every command that reads cases: files, a store or an endpoint."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from casegraph.dataset import CaseDataset


_REMOTE = "casegraph.remote"


def _check_endpoint(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    """A URL that cannot be used is a usage error (exit 2), not a traceback."""
    if value is None:
        return None
    from casegraph.store.remote_http import RemoteError, check_url

    try:
        check_url(value)
    except RemoteError as exc:
        raise click.BadParameter(str(exc)) from None
    return value


def _remember(ctx: click.Context, param: click.Parameter, value: Any) -> None:
    if value is not None:
        ctx.meta.setdefault(_REMOTE, {})[param.name] = value


def endpoint_option(help_text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--endpoint URL`` with the options every command reaching an endpoint takes:
    ``--timeout`` and ``--update-size`` (read back with :func:`remote_settings`).

    Credentials never come from the command line (``ps`` shows it to every user): the
    client reads CASEGRAPH_SPARQL_USER and CASEGRAPH_SPARQL_PASSWORD, or ~/.netrc.
    """

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        func = click.option(
            "--update-size",
            "max_update_bytes",
            type=click.IntRange(min=1000),
            metavar="BYTES",
            expose_value=False,
            callback=_remember,
            help="With --endpoint: the largest update request to send (default: 60000 "
            "for Virtuoso, 900000 for others); a larger case is written in parts "
            "and moved into place at once.",
        )(func)
        func = click.option(
            "--timeout",
            type=click.FloatRange(min=0, min_open=True),
            metavar="SECONDS",
            expose_value=False,
            callback=_remember,
            help="With --endpoint: give up on a request after this long (default 300).",
        )(func)
        return click.option("--endpoint", metavar="URL", callback=_check_endpoint, help=help_text)(
            func
        )

    return decorate


def remote_settings() -> dict[str, Any]:
    """The --timeout and --update-size given to the current command (for RemoteEngine)."""
    ctx = click.get_current_context(silent=True)
    return dict(ctx.meta.get(_REMOTE, {})) if ctx is not None else {}


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
    func = endpoint_option(
        "Read the cases from a SPARQL 1.1 endpoint (credentials: CASEGRAPH_SPARQL_USER "
        "and CASEGRAPH_SPARQL_PASSWORD, or ~/.netrc)."
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
        self.remote = remote_settings()  # --timeout and --update-size
        self.inputs: tuple[str, ...] = (*files, store) if store else files

    def __call__(self) -> CaseDataset:
        from casegraph.dataset import open_dataset

        return open_dataset(
            files=self.files,
            store=self.store,
            endpoint=self.endpoint,
            engine=self.engine,
            cases=self.case_ids,
            remote=self.remote,
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


def html_output_option(default: str) -> Callable[..., Any]:
    """``-o/--output`` for a command that writes one HTML file (view, report)."""
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False),
        default=default,
        show_default=True,
        help="The HTML file to write (replaced if it exists; never one of the inputs).",
    )
