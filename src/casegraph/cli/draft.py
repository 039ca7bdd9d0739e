"""Getting a case in: `draft` (a first case file from a review's text) and `new` (a
commented skeleton to fill in by hand)."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=str))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=str),
    help="Write the draft case file here (default: standard output).",
)
@click.option(
    "--id", "case_id", metavar="CASE-ID", help="The case's id (default: from SOURCE's name)."
)
@click.option("--force", is_flag=True, help="Replace OUTPUT if it exists.")
def draft(source: str, output: str | None, case_id: str | None, force: bool) -> None:
    """Draft a case file from a review's text (.txt, .md, .html or a text .pdf).

    Every proposed actor, event, concern, finding and recommendation quotes the
    sentence it came from and carries a `# draft:` comment saying how sure it is.
    The draft validates; read it against the source and correct it.
    """
    from casegraph.draft import draft_case
    from casegraph.errors import CaseGraphError
    from casegraph.output import check_output, write_output

    if case_id is not None and not _is_id(case_id):
        raise click.BadParameter("lower-case letters, digits and hyphens", param_hint="--id")
    if output:
        check_output(output, [source])
        if Path(output).exists() and not force:
            raise CaseGraphError(f"{output} exists; give --force to replace it")
    result = draft_case(source, output, case_id)
    if output:
        write_output(output, result.text, [source])
    else:
        click.echo(result.text, nl=False)
    counts = ", ".join(
        f"{result.count(kind)} {kind}{'s' if result.count(kind) != 1 else ''}"
        for kind in ("actor", "event", "concern", "finding", "recommendation")
    )
    where = output or "standard output"
    click.echo(f"Drafted {counts} to {where}; check each `# draft:` comment.", err=True)


@click.command()
@click.argument("case_id", metavar="CASE-ID")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=str),
    help="Write the skeleton here (default: CASE-ID.yaml; `-` for standard output).",
)
@click.option("--force", is_flag=True, help="Replace OUTPUT if it exists.")
def new(case_id: str, output: str | None, force: bool) -> None:
    """Write a commented skeleton of a case file for CASE-ID, which validates as it is.

    Every key of the format is there with what it means and an example: the ones a
    case needs filled in, the others commented out, ready to uncomment.
    """
    from casegraph.errors import CaseGraphError
    from casegraph.output import check_output, write_output
    from casegraph.read.casefile.skeleton import skeleton

    if not _is_id(case_id):
        raise click.BadParameter(
            "lower-case letters, digits and hyphens (e.g. fictional-2019-a)",
            param_hint="'CASE-ID'",
        )
    target = output or f"{case_id}.yaml"
    text = skeleton(case_id, Path(target).name if target != "-" else f"{case_id}.yaml")
    if target == "-":
        click.echo(text, nl=False)
        return
    check_output(target)
    if Path(target).exists() and not force:
        raise CaseGraphError(f"{target} exists; give --force to replace it")
    write_output(target, text)
    click.echo(f"Wrote {target}; fill it in, then: casegraph validate {target}", err=True)


def _is_id(text: str) -> bool:
    import re

    from casegraph.read.casefile.spec import ID_PATTERN

    return re.fullmatch(ID_PATTERN, text) is not None


COMMANDS = [draft, new]
