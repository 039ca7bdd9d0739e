"""Cross-case commands: compare and recurring (thin layers over casegraph.compare and
casegraph.gaps.recurrence)."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from casegraph.cli.options import format_option, input_options

if TYPE_CHECKING:
    from casegraph.dataset import CaseDataset


def _files_or_inputs(func: Callable[..., Any]) -> Callable[..., Any]:
    """:func:`input_options`, except that FILE, --store and --endpoint may all be left out.

    Then the command receives ``open_cases=None`` (its own arguments must be files).
    """
    with_inputs = input_options(func)

    @functools.wraps(with_inputs)
    def wrapper(
        files: tuple[str, ...],
        store: str | None,
        endpoint: str | None,
        engine: str,
        case_ids: tuple[str, ...],
        **kwargs: Any,
    ) -> Any:
        if not (files or store or endpoint):
            return func(open_cases=None, **kwargs)
        return with_inputs(
            files=files,
            store=store,
            endpoint=endpoint,
            engine=engine,
            case_ids=case_ids,
            **kwargs,
        )

    return wrapper


@click.command("compare")
@click.argument("case_a", metavar="CASE_A")
@click.argument("case_b", metavar="CASE_B")
@_files_or_inputs
@format_option("text", "json")
def compare_command(case_a: str, case_b: str, open_cases: Any, fmt: str) -> None:
    """Compare two cases: gaps, actors, duties, stage durations and finding themes.

    Gaps are counted per gap and the results themselves are matched (by gap, the
    kind and id of the item reported, and the actor), so the results found in one
    case and not the other are listed by gap and item kind.

    CASE_A and CASE_B are case files (each loaded on its own, so two versions of
    one case can be compared), or case ids in the FILE..., --store DIR or
    --endpoint URL given after them. Actors are matched by id and type, duties by
    label; a stage lasts from its first entry to its last exit, as a range of days
    when dates are partial, and "unknown" when an entry or exit is undated.

    Exit 0, or 1 when a case id is not in the cases given.
    """
    from casegraph.compare import compare, format_comparison

    shared: list[CaseDataset] = []

    def side(name: str, label: str) -> tuple[CaseDataset, str | None]:
        if Path(name).is_file():
            from casegraph.dataset import load

            return load(name), None
        if open_cases is None:
            raise click.UsageError(
                f"{label} {name!r} is not a file; give the case files, --store DIR or "
                f"--endpoint URL that hold it after {label}"
            )
        if not shared:
            shared.append(open_cases())
        return shared[0], name

    first, id_a = side(case_a, "CASE_A")
    second, id_b = side(case_b, "CASE_B")
    result = compare((first, second), id_a, id_b)
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(format_comparison(result))


@click.command("recurring")
@input_options
@click.option(
    "--threshold",
    type=click.IntRange(min=1),
    default=3,
    show_default=True,
    metavar="N",
    help="Flag a gap as recurring when it appears in N or more cases.",
)
@format_option("text", "json", "csv")
def recurring_command(open_cases: Any, threshold: int, fmt: str) -> None:
    """Gaps that recur across cases: how many cases each gap appears in, and its share.

    Each gap is broken down by the types of the actors its results involve (the
    result's actor for the per-actor gaps; otherwise the actors in its evidence and
    the reported entity's by, identified_by or owner; a person inside an
    organisation counts as the organisation's type), counted in cases.
    """
    from casegraph.gaps.recurrence import format_recurring, recurring, recurring_csv

    found = recurring(open_cases(), threshold)
    if fmt == "json":
        click.echo(json.dumps([r.to_dict() for r in found], indent=2, ensure_ascii=False))
    elif fmt == "csv":
        click.echo(recurring_csv(found), nl=False)
    else:
        click.echo(format_recurring(found, threshold))


COMMANDS = [compare_command, recurring_command]
