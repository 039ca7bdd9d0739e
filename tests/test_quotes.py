"""Quotes checked against a source's own file (`file:`), with the closest passage on a miss."""

from __future__ import annotations

import hashlib
from pathlib import Path

from click.testing import CliRunner
from pdftext import text_pdf

from casegraph.cli import main
from casegraph.validate import validate

ROOT = Path(__file__).resolve().parents[1]
SOURCE = "The panel met on 3 May.\nIt said: “the referrer was not told”.\nNothing else happened.\n"


def _case(tmp_path: Path, quote: str, file: str = "review.txt", sha: str | None = None) -> Path:
    case = tmp_path / "case.yaml"
    sha_line = f"    sha256: {sha}\n" if sha else ""
    case.write_text(
        "casegraph: 1\n"
        "case: {id: quotes}\n"
        "sources:\n"
        "  - id: review\n"
        f"    file: {file}\n"
        f"{sha_line}"
        "actors:\n"
        "  - id: panel\n"
        "    source:\n"
        '      - {ref: review, quote: "The panel met on 3 May."}\n'
        f"      - {{ref: review, quote: {quote}}}\n",
        encoding="utf-8",
    )
    return case


def _problems(case: Path) -> list[str]:
    return [str(p) for p in validate([case], shapes=False)]


def test_verbatim_quotes_pass(tmp_path):
    (tmp_path / "review.txt").write_text(SOURCE, encoding="utf-8")
    assert _problems(_case(tmp_path, '"It said: “the referrer was not told”."')) == []


def test_a_changed_word_names_the_closest_passage_and_the_word(tmp_path):
    (tmp_path / "review.txt").write_text(SOURCE, encoding="utf-8")
    case = _case(tmp_path, '"It said: “the referrer was never told”."')
    [problem] = _problems(case)
    assert problem.startswith(f"{case}:10: actors[panel].source[1].quote: not in ")
    assert "review.txt:2, differs: 'never' where the source has 'not'" in problem


def test_straight_quotes_and_white_space_are_named(tmp_path):
    (tmp_path / "review.txt").write_text(SOURCE, encoding="utf-8")
    [straight] = _problems(_case(tmp_path, "'It said: \"the referrer was not told\".'"))
    assert "review.txt:2 differs in curly against straight quotes" in straight
    [spaces] = _problems(_case(tmp_path, '"It said:  “the referrer was not told”."'))
    assert "differs in white space" in spaces


def test_a_quote_with_nothing_close_says_so(tmp_path):
    (tmp_path / "review.txt").write_text(SOURCE, encoding="utf-8")
    [problem] = _problems(_case(tmp_path, '"A completely different sentence altogether."'))
    assert "no passage there is close to it" in problem


def test_a_changed_source_is_noticed_by_its_hash(tmp_path):
    source = tmp_path / "review.txt"
    source.write_text(SOURCE, encoding="utf-8")
    old = hashlib.sha256(b"an earlier version").hexdigest()
    now = hashlib.sha256(SOURCE.encode()).hexdigest()
    [problem] = _problems(_case(tmp_path, '"Nothing else happened."', sha=old))
    assert ":6: sources[review].sha256: " in problem
    assert "has changed since its hash was recorded; check the quotes that cite it" in problem
    assert f"then write `sha256: {now}`" in problem
    assert _problems(_case(tmp_path, '"Nothing else happened."', sha=now)) == []


def test_a_missing_source_file_is_a_problem_on_its_line(tmp_path):
    [problem] = _problems(_case(tmp_path, '"x"', file="nowhere.txt"))
    assert ":5: sources[review].file: no file nowhere.txt" in problem


def test_html_and_pdf_sources(tmp_path):
    (tmp_path / "review.html").write_text(
        "<html><body>\n<p>The panel met\n on 3 May.</p>\n"
        "<p>Nothing &amp; nobody was done by the panel.</p></body></html>",
        encoding="utf-8",
    )
    assert _problems(_case(tmp_path, '"Nothing & nobody was done"', file="review.html")) == []
    [problem] = _problems(
        _case(tmp_path, '"Nothing & nobody was done by the council."', "review.html")
    )
    assert "review.html:4, differs: 'council' where the source has 'panel'" in problem
    (tmp_path / "review.pdf").write_bytes(
        text_pdf([["Cover page"], ["The panel met on 3 May.", "It closed the case in June."]])
    )
    # A PDF's spacing is the extractor's: white space alone is no difference there.
    assert _problems(_case(tmp_path, '"It closed  the case in June."', file="review.pdf")) == []
    [problem] = _problems(_case(tmp_path, '"It closed the case in July."', file="review.pdf"))
    assert "review.pdf, page 2, differs: 'July' where the source has 'June'" in problem


def test_the_real_case_names_its_source_file_and_validates():
    case = ROOT / "data" / "cases" / "prevent-amess-2014.yaml"
    assert "file: ../sources/prevent-learning-review-news-report.txt" in case.read_text(
        encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["validate", str(case)])
    assert result.exit_code == 0, result.output


def test_validate_fails_on_a_changed_word_in_a_real_quote(tmp_path):
    case = ROOT / "data" / "cases" / "prevent-amess-2014.yaml"
    text = case.read_text(encoding="utf-8").replace(
        "../sources/", str(ROOT / "data" / "sources") + "/"
    )
    broken = tmp_path / "case.yaml"
    broken.write_text(text.replace("killed the Conservative MP", "killed the Tory MP"), "utf-8")
    result = CliRunner().invoke(main, ["validate", str(broken)])
    assert result.exit_code == 1
    assert "'Tory' where the source has 'Conservative'" in result.output
    assert "prevent-learning-review-news-report.txt:3" in result.output
