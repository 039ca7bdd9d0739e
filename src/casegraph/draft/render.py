"""The draft's YAML text: every proposal with its quotes and a ``# draft:`` comment.

The text is checked as it is written: a draft that does not validate is a bug, except
for an order the sentences' words and dates contradict, where the contradicted
``after``/``before`` link is dropped and the comment says so.
"""

from __future__ import annotations

import json
import re
from typing import Any

from casegraph.draft.extract import Proposal
from casegraph.errors import InvalidInput
from casegraph.read.casefile.check import check_case_bytes
from casegraph.read.sourcetext import SourceText

_SECTIONS = [
    ("actor", "actors"),
    ("concern", "concerns"),
    ("event", "events"),
    ("finding", "findings"),
    ("recommendation", "recommendations"),
]
_HEADER = """\
# A DRAFT written by `casegraph draft` from {file}.
# Every item quotes the sentence it was drawn from, and a `# draft:` comment says how
# sure the proposal is and what to check. Read each against the source: correct it,
# delete it or complete it (who, to whom, which concerns, evidence), then delete its
# comment. Nothing here is more than the sentence says; much the sentence implies is
# missing. `casegraph validate` checks every quote against the source file.
"""


_PLAIN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def _s(value: Any) -> str:
    """A YAML scalar: ids and enum values plain, text double-quoted (JSON escapes are YAML's)."""
    if isinstance(value, str) and _PLAIN.match(value) and value not in _YAML_WORDS:
        return value
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _value(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_s(v)}" for k, v in value.items()) + "}"
    return _s(value)


def render(doc: SourceText, case_id: str, title: str, file: str, proposals: list[Proposal]) -> str:
    """The draft case file's text, checked; contradicted order links are dropped first."""
    for _ in range(len(proposals) + 1):
        text = _render(doc, case_id, title, file, proposals)
        try:
            check_case_bytes(text.encode("utf-8"), f"{case_id}.yaml")
            return text
        except InvalidInput as invalid:
            if not _drop_contradicted(invalid, proposals):
                raise AssertionError(
                    "casegraph draft wrote a case file that does not validate: "
                    + "; ".join(str(p) for p in invalid.problems)
                ) from None
    raise AssertionError("casegraph draft could not untangle the order of events")


def _drop_contradicted(invalid: Any, proposals: list[Proposal]) -> bool:
    events = {p.id: p for p in proposals if p.kind == "event"}
    dropped = False
    for problem in invalid.problems:
        key = getattr(problem, "key", "") or ""
        if not key.startswith("events[") or not key.endswith(("].after", "].before")):
            return False
        eid, link = key[len("events[") :].split("].")
        event = events.get(eid)
        if event is None or not event.data.get(link):
            return False
        gone = event.data[link].pop()
        if not event.data[link]:
            del event.data[link]
        event.note += f"; {link} {gone} dropped: the dates contradict it"
        dropped = True
    return dropped


def _render(doc: SourceText, case_id: str, title: str, file: str, proposals: list[Proposal]) -> str:
    lines = [_HEADER.format(file=file), "casegraph: 1", "", "case:", f"  id: {case_id}"]
    lines.append(f"  title: {_s(title[:200])}")
    subject = next(
        (p for p in proposals if p.kind == "actor" and p.data["type"] == "subject"), None
    )
    if subject is not None:
        lines.append(f"  subject: {subject.id}  # draft: unsure: the person named most often")
    dates = sorted(
        (p.data["date"] for p in proposals if p.kind == "event" and "date" in p.data),
        key=_sortable,
    )
    if dates:
        lines.append(
            f"  period: {{start: {dates[0]}, end: {dates[-1]}}}  # draft: from the events' dates"
        )
    lines += [
        "",
        "sources:",
        "  - id: source",
        f"    title: {_s(title[:200])}",
        "    kind: review-report  # draft: or news-report, statement, chronology, other",
        f"    file: {_s(file)}",
        f"    sha256: {doc.sha256}",
    ]
    for kind, section in _SECTIONS:
        items = [p for p in proposals if p.kind == kind]
        if not items:
            continue
        lines += ["", f"{section}:"]
        for item in items:
            lines.append(f"  # draft: {item.note}")
            first = True
            for key, value in item.data.items():
                if key.startswith("_"):
                    continue
                lines.append(f"  {'- ' if first else '  '}{key}: {_value(value)}")
                first = False
            if item.quotes:
                lines.append("    source:")
                for quote in item.quotes:
                    where = doc.where(quote.start).rsplit(":", 1)[-1] if doc.unit == "line" else ""
                    locator = f", locator: {_s(f'line {where}')}" if where else ""
                    if doc.unit == "page":
                        locator = f", locator: {_s(f'p. {doc.place(quote.start)}')}"
                    lines.append(f"      - {{ref: source, quote: {_s(quote.text)}{locator}}}")
    return "\n".join(lines) + "\n"


def _sortable(date: str) -> tuple[int, ...]:
    return tuple(int(part) for part in date.split("-"))
