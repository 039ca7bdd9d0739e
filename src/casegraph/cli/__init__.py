"""The ``casegraph`` command line: a thin layer over the library.

Each command lives in the module for its concern and makes one or two library calls;
this module only assembles them and turns casegraph's exceptions into messages and
exit codes (0 ok, 1 invalid input or problems found, 2 could not run or usage).
Heavy libraries are imported inside commands so ``casegraph --help`` stays quick.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from casegraph.cli.printable import printable_output
from casegraph.errors import CaseGraphError, InvalidInput, NoPath, QueryError, UnknownNode

# Each command and the module defining it (in its COMMANDS): a command's module is
# imported when that command runs, or when help lists them all. Importing all eight for
# every command cost 10-15 ms of each start (tests/test_cli_gaps.py checks this map).
COMMANDS = {
    **dict.fromkeys(["validate", "stats", "export", "schema"], "casegraph.cli.core"),
    **dict.fromkeys(["gaps", "queries", "query", "sparql"], "casegraph.cli.gaps"),
    **dict.fromkeys(["path", "knew"], "casegraph.cli.paths"),
    "view": "casegraph.cli.view",
    **dict.fromkeys(["report", "chronology"], "casegraph.cli.report"),
    **dict.fromkeys(["compare", "recurring"], "casegraph.cli.compare"),
    **dict.fromkeys(["load", "cases", "remove", "synth"], "casegraph.cli.store"),
    **dict.fromkeys(["draft", "new"], "casegraph.cli.draft"),
}


class CaseGraphGroup(click.Group):
    """A click group that reports casegraph errors as one-line messages, never tracebacks,
    and imports a command's module only when the command is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module = importlib.import_module(COMMANDS[cmd_name])
        return next(c for c in module.COMMANDS if c.name == cmd_name)

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
