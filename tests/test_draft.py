"""`casegraph draft`: a first case file from a review's text, every quote verbatim."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from pdftext import text_pdf

from casegraph.cli import main
from casegraph.draft import draft_case
from casegraph.draft.sentences import split
from casegraph.read.casefile.check import check_case_bytes
from casegraph.read.sourcetext import read_source

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "data" / "sources" / "prevent-learning-review-news-report.txt"

REVIEW = """\
Learning review of Person Q
On 4 March 2019 the Westbridge College safeguarding officer referred Person Q \
to the Police Prevent team.
In April 2019 the Channel panel adopted the case.
Then the local authority tasked an intervention provider with two sessions.
The review identified three findings:
- The rationale for the exit decision was not recorded;
- Responsibilities between police and the local authority were blurred; and
- Only one session was delivered instead of two.
The review makes these recommendations:
1. Record the rationale for every panel decision.
"""


def _quotes(data: dict) -> list[str]:
    out = []
    for section in ("actors", "concerns", "events", "findings", "recommendations"):
        for item in data.get(section, []):
            for cite in item.get("source", []):
                out.append(cite["quote"])
    return out


def test_the_real_report_drafts_a_valid_case_quoting_it_verbatim(tmp_path):
    out = tmp_path / "draft.yaml"
    result = draft_case(REPORT, out)
    check_case_bytes(result.text.encode(), str(out))  # raises on any problem
    data = yaml.safe_load(result.text)
    source = REPORT.read_text(encoding="utf-8")
    quotes = _quotes(data)
    assert quotes and all(q in source for q in quotes)
    assert data["sources"][0]["file"] == "../../" + str(REPORT.relative_to(ROOT.parent)) or (
        (out.parent / data["sources"][0]["file"]).resolve() == REPORT
    )
    themes = [f.get("theme") for f in data["findings"]]
    # The six issues of the reviewer's list, then the conclusions stated in running text.
    assert themes[:6] == [
        "unaddressed-concern",
        "unrecorded-rationale",
        "blurred-ownership",
        "outdated-tool",
        "excluded-knowledge-holder",
        "delivery-shortfall",
    ]
    texts = [f["text"] for f in data["findings"]]
    assert (
        "While Prevent policy and guidance at the time was mostly followed, the case was "
        "exited from Prevent too quickly." in texts
    )
    assert len(texts) == len(set(texts)) == 13  # the Minister's repetitions drafted once
    events = {e["id"]: e for e in data["events"]}
    assert events["referral"]["date"] == "2014-10" and events["referral"]["by"] == ["school"]
    assert events["exit"]["kind"] == "decision" and events["exit"]["date"] == "2015-04"
    assert events["session"]["before"] == ["exit"]  # "before being exited from Channel"
    assert data["case"]["subject"] == "ali-harbi-ali"
    assert "# draft: " in result.text


def test_every_item_carries_a_draft_comment():
    text = draft_case(REPORT).text
    lines = text.splitlines()
    for number, line in enumerate(lines):
        if line.startswith("  - id: ") and line != "  - id: source":
            assert lines[number - 1].startswith("  # draft: "), line


def test_dates_stay_partial_and_order_words_link_events(tmp_path):
    src = tmp_path / "review.txt"
    src.write_text(REVIEW, encoding="utf-8")
    data = yaml.safe_load(draft_case(src).text)
    events = data["events"]
    assert [(e["kind"], str(e.get("date"))) for e in events] == [
        ("referral", "2019-03-04"),
        ("decision", "2019-04"),
        ("tasking", "None"),
    ]
    assert events[0]["to"] == ["police-prevent"] and events[0]["by"] == ["safeguarding-officer"]
    assert events[2]["after"] == [events[1]["id"]]  # "Then ..."
    assert [f["theme"] for f in data["findings"]] == [
        "unrecorded-rationale",
        "blurred-ownership",
        "delivery-shortfall",
    ]
    assert [r["text"] for r in data["recommendations"]] == [
        "Record the rationale for every panel decision."
    ]
    assert data["case"]["subject"] == "person-q"


def test_html_source_is_read_as_rendered_text_with_its_lines(tmp_path):
    src = tmp_path / "review.html"
    src.write_text(
        "<html><head><title>x</title><style>p{}</style></head><body>\n"
        "<h1>Review of Person R</h1>\n"
        "<p>On 2 May 2020 the school referred Person R\n   to the Police Prevent team.</p>\n"
        "<p>The reviewer identified two issues:</p>\n"
        "<ul><li>The referrer was not kept informed;</li>\n"
        "<li>The tool was outdated &amp; unused.</li></ul></body></html>\n",
        encoding="utf-8",
    )
    doc = read_source(src)
    assert "referred Person R to the Police Prevent team." in doc.text
    assert "outdated & unused" in doc.text and "p{}" not in doc.text
    text = draft_case(src).text
    data = yaml.safe_load(text)
    assert [f["theme"] for f in data["findings"]] == ["broken-feedback-loop", "outdated-tool"]
    referral = data["events"][0]
    assert str(referral["date"]) == "2020-05-02"
    assert referral["source"][0]["locator"] == "line 3"
    assert all(q in doc.text for q in _quotes(data))


def test_pdf_source_is_read_page_by_page(tmp_path):
    src = tmp_path / "review.pdf"
    src.write_bytes(
        text_pdf(
            [
                [
                    "Review of Person S",
                    "In June 2018 the GP practice referred Person S to the police.",
                ],
                ["The review found these issues:", "- The decision was not recorded."],
            ]
        )
    )
    doc = read_source(src)
    assert doc.unit == "page" and doc.where(doc.text.index("The review found")) == f"{src}, page 2"
    data = yaml.safe_load(draft_case(src).text)
    assert data["events"][0]["date"] == "2018-06"
    assert data["events"][0]["source"][0]["locator"] == "p. 1"
    assert data["findings"][0]["source"][0]["locator"] == "p. 2"


def test_sentences_are_exact_slices_and_keep_abbreviations():
    text = "Mr Jukes said: “It was wrong.” He left.\n- an item; and\nSee p. 12 for more. Done."
    sentences = split(text)
    assert [s.text for s in sentences] == [
        "Mr Jukes said: “It was wrong.”",
        "He left.",
        "an item; and",
        "See p. 12 for more.",
        "Done.",
    ]
    assert all(text[s.start : s.end] == s.text for s in sentences)
    assert [s.item for s in sentences] == [False, False, True, False, False]


def test_cli_writes_a_draft_that_validates_and_never_overwrites(tmp_path):
    out = tmp_path / "case.yaml"
    runner = CliRunner()
    result = runner.invoke(main, ["draft", str(REPORT), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "13 findings" in result.output
    assert runner.invoke(main, ["validate", str(out)]).exit_code == 0
    again = runner.invoke(main, ["draft", str(REPORT), "-o", str(out)])
    assert again.exit_code == 2 and "--force" in again.output
    assert runner.invoke(main, ["draft", str(REPORT), "-o", str(out), "--force"]).exit_code == 0


def test_cli_refuses_unreadable_sources_plainly(tmp_path):
    runner = CliRunner()
    odd = tmp_path / "review.docx"
    odd.write_bytes(b"PK")
    result = runner.invoke(main, ["draft", str(odd)])
    assert result.exit_code == 2 and "unknown source type '.docx'" in result.output
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(text_pdf([[]]))
    result = runner.invoke(main, ["draft", str(scan)])
    assert result.exit_code == 2 and "OCR" in result.output
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 nonsense")
    result = runner.invoke(main, ["draft", str(broken)])
    assert result.exit_code == 2 and "not a PDF that can be read" in result.output
    assert "Traceback" not in result.output


def _scores(source: Path, known: Path, tmp_path: Path) -> dict:
    from casegraph.draft.score import score
    from casegraph.read.casefile.check import read_case_file

    out = tmp_path / f"{source.stem}-{source.suffix[1:]}.yaml"
    text = draft_case(source, out).text
    drafted = check_case_bytes(text.encode(), str(out)).data
    return score(drafted, read_case_file(known).data)


def test_the_real_report_meets_the_recall_target():
    import tempfile

    known = ROOT / "data" / "cases" / "prevent-amess-2014.yaml"
    with tempfile.TemporaryDirectory() as tmp:
        figures = _scores(REPORT, known, Path(tmp))
    for name, figure in figures.items():
        assert figure.recall >= 0.6, (name, figure)


def test_synthetic_narratives_meet_the_recall_target(tmp_path):
    from casegraph.draft.score import Score
    from casegraph.synth import write_corpus

    write_corpus(tmp_path / "corpus", 4, 3, narrative=True, pdf=False)
    totals: dict[str, Score] = {}
    for story in sorted((tmp_path / "corpus" / "narratives").glob("*.txt")):
        known = tmp_path / "corpus" / "cases" / f"{story.stem}.yaml"
        for name, figure in _scores(story, known, tmp_path).items():
            totals[name] = totals.get(name, Score(0, 0, 0, 0)) + figure
    assert set(totals) == {"actors", "dated events", "decisions", "findings"}
    for name, figure in totals.items():
        assert figure.recall >= 0.8 and figure.precision >= 0.8, (name, figure)


@pytest.mark.browser
def test_synth_narrative_writes_a_pdf_that_drafts_like_the_text(tmp_path):
    result = CliRunner().invoke(
        main, ["synth", "--cases", "1", "--seed", "5", "-o", str(tmp_path), "--narrative"]
    )
    assert result.exit_code == 0, result.output
    stories = tmp_path / "narratives"
    pdf, txt = sorted(stories.glob("*.pdf")), sorted(stories.glob("*.txt"))
    assert len(pdf) == len(txt) == 1
    known = tmp_path / "cases" / f"{pdf[0].stem}.yaml"
    from_pdf = _scores(pdf[0], known, tmp_path)
    from_text = _scores(txt[0], known, tmp_path)
    for name in from_text:
        assert from_pdf[name].recall >= 0.8, (name, from_pdf[name])
    assert from_pdf["findings"] == from_text["findings"]


def test_cli_never_writes_over_its_source(tmp_path):
    src = tmp_path / "review.txt"
    src.write_text(REVIEW, encoding="utf-8")
    result = CliRunner().invoke(main, ["draft", str(src), "-o", str(src), "--force"])
    assert result.exit_code == 2 and "also an input" in result.output
    assert src.read_text(encoding="utf-8") == REVIEW
