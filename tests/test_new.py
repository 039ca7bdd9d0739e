"""`casegraph new CASE-ID`: a commented skeleton that validates, naming every key."""

from __future__ import annotations

import re

from click.testing import CliRunner

from casegraph.cli import main
from casegraph.read.casefile.keydocs import KEY_DOCS
from casegraph.read.casefile.skeleton import skeleton


def test_new_writes_a_skeleton_that_validates(tmp_path):
    target = tmp_path / "my-case.yaml"
    runner = CliRunner()
    result = runner.invoke(main, ["new", "my-case", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert runner.invoke(main, ["validate", str(target)]).output == "ok: 1 file valid\n"
    again = runner.invoke(main, ["new", "my-case", "-o", str(target)])
    assert again.exit_code == 2 and "--force" in again.output
    bad = runner.invoke(main, ["new", "My_Case"])
    assert bad.exit_code == 2 and "lower-case letters, digits and hyphens" in bad.output


def test_every_key_of_the_format_is_in_the_skeleton_with_its_meaning():
    text = skeleton("my-case")
    for path, (doc, _) in KEY_DOCS.items():
        if path.startswith(("citation.", "holder.")) or path.count(".") > 1:
            continue  # shown inside their parent's example value
        key = path.rsplit(".", 1)[-1]
        assert re.search(rf"^\s*(?:#\s*)?(?:- )?{key}:.*# {re.escape(doc)}", text, re.M), path


def test_an_example_item_uncommented_validates(tmp_path):
    lines = skeleton("my-case").splitlines()
    start = lines.index(next(line for line in lines if line.startswith("tools: []")))
    lines[start] = "tools:"
    for i in range(start + 2, len(lines)):
        if not lines[i].startswith("  #"):
            break
        lines[i] = "  " + lines[i][4:]
    del lines[start + 1]  # the "An item (uncomment ...)" note
    case = tmp_path / "case.yaml"
    case.write_text("\n".join(lines) + "\n")
    result = CliRunner().invoke(main, ["validate", str(case)])
    assert result.output == "ok: 1 file valid\n"
    assert "  - id: vaf-2012" in case.read_text()
