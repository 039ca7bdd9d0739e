"""The command output shown in README.md and docs/*.md is what the CLI prints today.

Every ```console block is a session: lines starting with ``$ `` are commands, the
lines after one (up to the next command) are its output. Each command runs with bash
in a scratch folder where ``data/`` and ``tests/`` point at the repository's, so
files it writes land nowhere that matters. Trailing spaces and blank lines at the end
are ignored, nothing else, so a stale document fails.

Rewrite the outputs after a deliberate change with::

    .venv/bin/python tests/test_docs_console.py --update
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO

DOCUMENTS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
MIN_COMMANDS = 12

_FENCE = re.compile(r"^```console[ \t]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)


@dataclass
class Command:
    document: Path
    line: int
    command: str
    expected: str
    span: tuple[int, int]  # where the expected output sits in the document

    @property
    def name(self) -> str:
        return f"{self.document.name}:{self.line}"


def parse(path: Path) -> list[Command]:
    text = path.read_text(encoding="utf-8")
    commands = []
    for fence in _FENCE.finditer(text):
        body_start = fence.start(1)
        offset = body_start
        lines = fence.group(1).splitlines(keepends=True)
        current: tuple[int, str, int] | None = None  # (line, command, output start)
        for line in lines:
            if line.startswith("$ "):
                if current:
                    commands.append(_command(path, text, current, offset))
                current = (text.count("\n", 0, offset) + 1, line[2:].strip(), offset + len(line))
            offset += len(line)
        if current:
            commands.append(_command(path, text, current, offset))
    return commands


def _command(path: Path, text: str, current: tuple[int, str, int], end: int) -> Command:
    line, command, start = current
    return Command(path, line, command, text[start:end], (start, end))


def run(command: str) -> str:
    """Run one documented command as a reader would, in a scratch folder."""
    with tempfile.TemporaryDirectory() as scratch:
        for name in ("data", "tests"):
            os.symlink(REPO / name, Path(scratch) / name)
        env = dict(os.environ, COLUMNS="100")
        env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
        done = subprocess.run(
            ["bash", "-c", command],
            cwd=scratch,
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )
    return done.stdout + done.stderr


def normalise(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.rstrip().splitlines())


COMMANDS = [command for path in DOCUMENTS for command in parse(path)]


def test_the_documents_show_commands() -> None:
    assert len(COMMANDS) >= MIN_COMMANDS
    assert any(c.document.name == "README.md" for c in COMMANDS)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.name)
def test_documented_output_is_current(command: Command) -> None:
    assert normalise(run(command.command)) == normalise(command.expected), (
        f"the output shown at {command.name} for `{command.command}` is stale; run "
        "`python tests/test_docs_console.py --update` and review the diff"
    )


def update() -> int:
    for path in DOCUMENTS:
        text = path.read_text(encoding="utf-8")
        for command in reversed(parse(path)):
            printed = normalise(run(command.command))
            start, end = command.span
            text = text[:start] + (printed + "\n" if printed else "") + text[end:]
        path.write_text(text, encoding="utf-8")
        print(f"updated {path.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python tests/test_docs_console.py --update")
    sys.exit(update())
