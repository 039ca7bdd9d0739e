"""Core commands: validate, stats, export, schema."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from casegraph.cli.options import format_option, input_options
from casegraph.export import FORMATS  # the list alone: the export itself loads when run


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option(
    "--shapes/--no-shapes",
    default=False,
    help="Also apply the SHACL shapes to the graphs of case files (the checker already "
    "enforces every rule they state). RDF files are always shape-checked.",
)
def validate(files: tuple[str, ...], shapes: bool) -> None:
    """Check case files and RDF files; print FILE:LINE: message for each problem.

    Case files are checked by the format checker (keys, references, dates, order),
    which enforces the SHACL shapes' rules too; RDF files by the shapes.
    Exit 0 when every file is valid, 1 when any is not.
    """
    from casegraph.validate import validate as run

    problems = run(files, shapes=shapes)
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        noun = "problem" if len(problems) == 1 else "problems"
        click.echo(f"{len(problems)} {noun}", err=True)
        sys.exit(1)
    from casegraph.read.inputs import iter_input_files

    count = sum(1 for _ in iter_input_files(files))
    click.echo(f"ok: {count} file{'s' if count != 1 else ''} valid")


@click.command()
@input_options
@format_option("text", "json")
def stats(open_cases: Any, fmt: str) -> None:
    """Counts by type and kind, date range and sources, per case."""
    from casegraph.stats import format_stats
    from casegraph.stats import stats as run

    report = run(open_cases())
    click.echo(json.dumps(report, indent=2) if fmt == "json" else format_stats(report))


@click.command()
@input_options
@click.option(
    "--to",
    "fmt",
    type=click.Choice(FORMATS),
    default="turtle",
    show_default=True,
    help="Output format.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="Write to this file instead of standard output (never one of the inputs).",
)
@click.option(
    "--with-ontology",
    is_flag=True,
    help="Add casegraph's ontology and SHACL shapes (RDF formats), and from a store or "
    "endpoint the exported cases' provenance records: as their own graphs in TriG, "
    "N-Quads and JSON-LD, merged in Turtle and N-Triples.",
)
def export(open_cases: Any, fmt: str, output: str | None, with_ontology: bool) -> None:
    """Export cases as RDF (Turtle, N-Triples, N-Quads, JSON-LD, TriG) or as a graph
    for Gephi, Neo4j and igraph (GraphML, GEXF).

    TriG, N-Quads and JSON-LD keep one named graph per case; Turtle and N-Triples merge
    the cases into one graph. In GraphML and GEXF a node's id is its IRI and the item's
    own id is the attribute item_id; a control character, which XML cannot hold, is
    written as \\uXXXX there (RDF formats escape it as their syntax says)."""
    from casegraph.export import write_export
    from casegraph.output import check_output, write_output

    if with_ontology and fmt in ("graphml", "gexf"):
        raise click.UsageError("--with-ontology goes with an RDF format (--to turtle, trig, ...)")
    if output:
        check_output(output, open_cases.inputs)
    dataset = open_cases()

    def write(handle: Any) -> None:
        write_export(dataset, fmt, handle, with_ontology=with_ontology)

    if output:
        write_output(output, write, open_cases.inputs)
    else:
        from casegraph.cli.printable import data_output

        with data_output():  # RDF byte for byte: no control characters stripped
            write(sys.stdout.buffer)
            sys.stdout.buffer.flush()


@click.command()
def schema() -> None:
    """Print the JSON Schema of the case file format (for editors)."""
    from casegraph.read.casefile.jsonschema import json_schema

    click.echo(json.dumps(json_schema(), indent=2))


COMMANDS = [validate, stats, export, schema]
