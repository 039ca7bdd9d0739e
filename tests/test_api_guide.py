"""docs/api.md runs, and every output it shows is what its code prints.

The convention: each ```python block of the guide runs in order, in one namespace, in
a fresh interpreter started at the root of the repository (as a reader would run it).
A block that prints must be followed directly by a ```text block holding exactly what
it prints; a block followed by none must print nothing. Trailing spaces and blank
lines at the end are ignored, nothing else, so a stale guide fails.

Rewrite the outputs after a deliberate change with::

    .venv/bin/python tests/test_api_guide.py --update
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass

import pytest
from conftest import REPO

GUIDE = REPO / "docs" / "api.md"

# What the guide must cover: the same steps as the CLI.
STEPS = {
    "load": "from casegraph.dataset import load",
    "validate": "from casegraph.validate import validate",
    "gaps": "gaps(cases)",
    "reconcile": "reconcile(cases, results)",
    "query with bindings": 'query(cases, DECISIONS, {"kind": IRI(',
    "paths": "find_paths(",
    "knew": "knew_in(",
    "view": "write_html(",
    "compare": "compare((CASE, revised))",
    "recurring": "recurring(corpus",
    "store": "open_store(",
}
MIN_BLOCKS = 14

_FENCE = re.compile(r"^```([A-Za-z0-9_-]*)[ \t]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)


@dataclass
class Block:
    """One ```python block, and the ```text block after it (None: it prints nothing)."""

    index: int
    line: int
    code: str
    expected: str | None
    expected_span: tuple[int, int] | None  # where the text block's body is in the guide


def parse(text: str) -> list[Block]:
    fences = list(_FENCE.finditer(text))
    blocks: list[Block] = []
    for n, fence in enumerate(fences):
        if fence.group(1) != "python":
            continue
        expected = span = None
        following = fences[n + 1] if n + 1 < len(fences) else None
        if (
            following is not None
            and following.group(1) == "text"
            and not text[fence.end() : following.start()].strip()
        ):
            expected, span = following.group(2), following.span(2)
        line = text.count("\n", 0, fence.start()) + 1
        blocks.append(Block(len(blocks), line, fence.group(2), expected, span))
    return blocks


# Runs in a fresh interpreter: executes each block in one namespace, capturing stdout.
_DRIVER = r"""
import contextlib, io, json, sys, traceback
blocks = json.load(sys.stdin)
namespace = {"__name__": "__guide__"}
outputs = []
for code in blocks:
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(code, "<docs/api.md>", "exec"), namespace)
    except BaseException:
        outputs.append({"out": out.getvalue(), "error": traceback.format_exc()})
        break
    outputs.append({"out": out.getvalue(), "error": None})
json.dump(outputs, sys.__stdout__)
"""


def run_blocks(blocks: list[Block]) -> list[dict[str, str | None]]:
    done = subprocess.run(
        [sys.executable, "-c", _DRIVER],
        input=json.dumps([b.code for b in blocks]),
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=600,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the guide's driver failed:\n{done.stderr}")
    outputs: list[dict[str, str | None]] = json.loads(done.stdout)
    return outputs


def normalise(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.rstrip().splitlines())


# -- tests ----------------------------------------------------------------------------------

BLOCKS = parse(GUIDE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def outputs() -> list[dict[str, str | None]]:
    return run_blocks(BLOCKS)


def test_the_guide_has_its_blocks() -> None:
    assert len(BLOCKS) >= MIN_BLOCKS
    code = "\n".join(b.code for b in BLOCKS)
    missing = [step for step, snippet in STEPS.items() if snippet not in code]
    assert not missing, f"docs/api.md no longer shows: {', '.join(missing)}"


def test_the_guide_runs(outputs: list[dict[str, str | None]]) -> None:
    failed = [(BLOCKS[n], o["error"]) for n, o in enumerate(outputs) if o["error"]]
    if failed:
        block, error = failed[0]
        pytest.fail(f"the block at docs/api.md:{block.line} raised:\n{error}")
    assert len(outputs) == len(BLOCKS)


@pytest.mark.parametrize("block", BLOCKS, ids=lambda b: f"line-{b.line}")
def test_block_output_matches_the_guide(block: Block, outputs: list[dict[str, str | None]]) -> None:
    if block.index >= len(outputs):
        pytest.fail(f"the block at docs/api.md:{block.line} did not run (an earlier one failed)")
    got = outputs[block.index]
    assert got["error"] is None, got["error"]
    printed = normalise(str(got["out"]))
    if block.expected is None:
        assert printed == "", (
            f"the block at docs/api.md:{block.line} prints, but no ```text block follows it"
        )
    else:
        assert printed == normalise(block.expected), (
            f"the output shown after docs/api.md:{block.line} is stale; "
            "run `python tests/test_api_guide.py --update` and review the diff"
        )


def test_a_stale_output_is_caught() -> None:
    guide = "```python\nprint(1 + 1)\n```\n\n```text\n3\n```\n```python\nx = 1\n```\n"
    blocks = parse(guide)
    assert [(b.code, b.expected) for b in blocks] == [("print(1 + 1)\n", "3\n"), ("x = 1\n", None)]
    outputs = run_blocks(blocks)
    assert normalise(str(outputs[0]["out"])) == "2" != normalise(str(blocks[0].expected))


# -- rewriting the outputs -----------------------------------------------------------------


def update() -> int:
    """Run the guide and write each block's output into the ```text block after it."""
    text = GUIDE.read_text(encoding="utf-8")
    blocks = parse(text)
    outputs = run_blocks(blocks)
    for block, got in zip(blocks, outputs, strict=False):
        if got["error"]:
            print(f"docs/api.md:{block.line}: the block raised:\n{got['error']}", file=sys.stderr)
            return 1
    if len(outputs) < len(blocks):
        return 1
    # from the end, so earlier spans stay valid
    for block, got in reversed(list(zip(blocks, outputs, strict=True))):
        printed = normalise(str(got["out"]))
        if block.expected_span is not None:
            start, end = block.expected_span
            text = text[:start] + (printed + "\n" if printed else "") + text[end:]
        elif printed:
            pattern = re.compile(
                r"^```python[ \t]*\n" + re.escape(block.code) + r"^```[ \t]*\n", re.MULTILINE
            )
            match = next(m for m in pattern.finditer(text))
            text = text[: match.end()] + f"\n```text\n{printed}\n```\n" + text[match.end() :]
    GUIDE.write_text(text, encoding="utf-8")
    print(f"updated {GUIDE.relative_to(REPO)}: {len(blocks)} blocks")
    return 0


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python tests/test_api_guide.py --update")
    sys.exit(update())
