"""The ``casegraph`` command line: a thin layer over the library.

Each command lives in the module for its concern and makes one or two library calls;
this module only assembles them and turns casegraph's exceptions into messages and
exit codes (0 ok, 1 invalid input or problems found, 2 could not run or usage).
Heavy libraries are imported inside commands so ``casegraph --help`` stays quick.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from casegraph.cli.printable import printable_output
from casegraph.errors import CaseGraphError, InvalidInput, NoPath, QueryError, UnknownNode

# (module, command names): imported when the group is built; they import only click.
COMMAND_MODULES = (
    "casegraph.cli.core",
    "casegraph.cli.gaps",
    "casegraph.cli.paths",
    "casegraph.cli.view",
    "casegraph.cli.report",
    "casegraph.cli.compare",
    "casegraph.cli.store",
    "casegraph.cli.draft",
)


class CaseGraphGroup(click.Group):
    """A click group that reports casegraph errors as one-line messages, never tracebacks."""

    def invoke(self, ctx: click.Context) -> Any:
        with printable_output():
            return self._invoke(ctx)

    def _invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except InvalidInput as invalid:
            for problem in invalid.problems:
                click.echo(str(problem), err=True)
            noun = "problem" if len(invalid.problems) == 1 else "problems"
            click.echo(f"{len(invalid.problems)} {noun}; nothing was loaded", err=True)
            sys.exit(1)
        except QueryError as exc:  # an engine's message may span lines: keep it to one
            click.echo(f"Error: {' '.join(str(exc).split())}", err=True)
            sys.exit(1)
        except (UnknownNode, NoPath) as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(1)
        except CaseGraphError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(2)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            sys.exit(130)


@click.group(cls=CaseGraphGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="casegraph")
def main() -> None:
    """casegraph: multi-agency case reviews as a knowledge graph.

    Load case files (YAML, format 1) or RDF, validate them, find where
    responsibility fell between agencies, trace paths and draw the case.
    """


def _register() -> None:
    import importlib

    for name in COMMAND_MODULES:
        module = importlib.import_module(name)
        for command in module.COMMANDS:
            main.add_command(command)


_register()
