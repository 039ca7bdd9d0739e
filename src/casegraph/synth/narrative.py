"""A synthetic case told as a review tells it: an introduction, a chronology, findings.

`casegraph synth --narrative` writes this beside each case file, so that what
`casegraph draft` recovers from a review's prose can be measured against a case whose
every fact is known. The wording varies (several phrasings per kind of event; full,
month and year dates; "then" for undated steps; some steps told without a date or
sequence word at all), as reviews do, and says nothing the case file does not hold.
"""

from __future__ import annotations

import calendar
import random
from typing import Any

from casegraph.time.dates import parse_date
from casegraph.time.order import Chronology, Timed

MONTHS = list(calendar.month_name)[1:]
NUMBERS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def narrative(data: dict[str, Any]) -> str:
    """The case as a review's text (plain text, one paragraph or list item a line)."""
    rng = random.Random(f"casegraph-narrative:{data['case']['id']}")
    actors = {a["id"]: a for a in data.get("actors", [])}
    concerns = {c["id"]: c for c in data.get("concerns", [])}
    teller = _Teller(rng, actors, concerns, data["case"].get("subject"))
    case = data["case"]
    review = case.get("review", {})
    lines = [review.get("title") or case.get("title") or case["id"], "", "Introduction"]
    intro = f"This review examines {case.get('title', 'the case')[:1].lower()}"
    intro += case.get("title", "the case")[1:] + "."
    commissioners = [teller.name(a) for a in review.get("commissioned_by", [])]
    if commissioners:
        intro += f" It was commissioned by {_and(commissioners)}."
    for actor in data.get("actors", []):  # who sat on the panels, as a review says
        members = [m for m in actor.get("members", []) if m != actor.get("chair")]
        if members:
            chair = f", chaired by {teller.name(actor['chair'])}," if actor.get("chair") else ""
            intro += (
                f" {teller.name(actor['id'])[:1].upper()}{teller.name(actor['id'])[1:]}{chair}"
                f" brought together {_and([teller.name(m) for m in members])}."
            )
    lines += [intro, "", "Chronology"]
    for event in _in_order(data.get("events", [])):
        lines.append(teller.event(event))
    findings = data.get("findings", [])
    if findings:
        lines += ["", "Findings", f"The review identified {_count(len(findings), 'finding')}:"]
        lines += [f"- {_sentence(f.get('text') or f['id'])}" for f in findings]
    recs = data.get("recommendations", [])
    if recs:
        lines += ["", "Recommendations", f"The review makes {_count(len(recs), 'recommendation')}:"]
        lines += [f"{i}. {_sentence(r.get('text') or r['id'])}" for i, r in enumerate(recs, 1)]
    return "\n".join(lines) + "\n"


def narrative_html(text: str) -> str:
    """The narrative as a printable HTML page (headings, paragraphs, lists)."""
    from html import escape

    body: list[str] = []
    lines = text.splitlines()
    open_list = ""
    for number, line in enumerate(lines):
        kind = (
            "ul" if line.startswith("- ") else "ol" if line[:1].isdigit() and ". " in line else ""
        )
        if open_list and kind != open_list:
            body.append(f"</{open_list}>")
            open_list = ""
        if kind:
            if not open_list:
                body.append(f"<{kind}>")
                open_list = kind
            body.append(f"<li>{escape(line.split(' ', 1)[1])}</li>")
        elif not line:
            continue
        elif number == 0:
            body.append(f"<h1>{escape(line)}</h1>")
        elif "." not in line and ":" not in line and len(line) < 40:
            body.append(f"<h2>{escape(line)}</h2>")
        else:
            body.append(f"<p>{escape(line)}</p>")
    if open_list:
        body.append(f"</{open_list}>")
    style = "body{font-family:serif;font-size:11pt;margin:2cm}h1{font-size:16pt}h2{font-size:13pt}"
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(lines[0] if lines else '')}</title><style>{style}</style></head>"
        f"<body>{''.join(body)}</body></html>\n"
    )


def _in_order(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Events in an order that never contradicts "later" (the chronology's own order)."""
    timed = {
        e["id"]: Timed(
            parse_date(str(e["date"])) if e.get("date") else None,
            _list(e.get("after")),
            _list(e.get("before")),
        )
        for e in events
    }
    by_id = {e["id"]: e for e in events}
    return [by_id[eid] for eid in Chronology(timed).ordered()]


def _list(value: Any) -> list[str]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _count(n: int, noun: str) -> str:
    word = NUMBERS[n] if n < len(NUMBERS) else str(n)
    return f"{word} {noun}{'s' if n != 1 else ''}"


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _lower_first(text: str) -> str:
    words = text.split()
    if len(words) > 1 and (words[1][:1].isupper() or words[0].isupper()):
        return text
    return text[:1].lower() + text[1:]


class _Teller:
    """Turns events into sentences, with varied wording from the case's own random stream."""

    def __init__(
        self,
        rng: random.Random,
        actors: dict[str, dict[str, Any]],
        concerns: dict[str, dict[str, Any]],
        subject: str | None,
    ):
        self.rng = rng
        self.actors = actors
        self.concerns = concerns
        self.subject = subject

    def name(self, actor: str) -> str:
        item = self.actors.get(actor, {})
        label = item.get("label") or actor
        if item.get("type") in ("subject",) or actor == self.subject:
            return label
        return "the " + _lower_first(label)

    def names(self, actors: Any) -> str:
        return _and([self.name(a) for a in _list(actors)]) if _list(actors) else ""

    def when(self, event: dict[str, Any]) -> str:
        date = event.get("date")
        if not date:
            if event.get("after") or event.get("before"):
                return self.rng.choice(["Then", "After that", "Subsequently", "Following this"])
            return ""
        parts = str(date).split("-")
        if len(parts) == 3:
            return f"On {int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 2:
            return self.rng.choice(["In", "During"]) + f" {MONTHS[int(parts[1]) - 1]} {parts[0]}"
        return f"In {parts[0]}"

    def event(self, ev: dict[str, Any]) -> str:
        rng = self.rng
        by = self.names(ev.get("by")) or "an agency the review does not name"
        to = self.names(ev.get("to"))
        with_ = self.names(ev.get("with"))
        kind = ev["kind"]
        summary = ev.get("summary") or ev.get("outcome") or ""
        if kind == "referral":
            what = rng.choice(
                [f"{by} referred {self.subject_name()} to {to or 'Prevent'}",
                 f"{by} made a referral of {self.subject_name()} to {to or 'Prevent'}"]
            )  # fmt: skip
            about = [
                self.concerns[c]["label"] for c in _list(ev.get("about")) if c in self.concerns
            ]
            if about:
                what += ", raising concerns about " + _and([_lower_first(a) for a in about])
        elif kind == "communication":
            status = ev.get("status")
            if status in ("failed", "not-sent"):
                what = f"{by} meant to contact {to or 'the other agencies'}, but nothing was sent"
            else:
                verb = rng.choice(["wrote to", "emailed", "updated", "informed"])
                what = f"{by} {verb} {to or 'the other agencies'}"
                if status == "miscommunicated":
                    what += ", but the message was misunderstood"
        elif kind == "tasking":
            planned = ev.get("planned")
            count = f" with {_count(planned, 'session')}" if planned else ""
            what = f"{by} tasked {to or 'a provider'}{count}"
            if ev.get("status") == "miscommunicated":
                what += "; the tasking was miscommunicated"
        elif kind == "intervention":
            what = rng.choice(
                [f"{by} held a session with {with_ or self.subject_name()}",
                 f"{by} delivered a mentoring session to {with_ or self.subject_name()}"]
            )  # fmt: skip
        elif kind == "assessment":
            what = rng.choice([f"{by} assessed the case", f"{by} carried out an assessment"])
            if ev.get("tool"):
                what += " using the vulnerability assessment framework"
        elif kind == "decision":
            outcome = _lower_first(ev.get("outcome") or "a decision")
            what = rng.choice([f"{by} decided: {outcome}", f"{by} agreed the outcome: {outcome}"])
            if ev.get("rationale"):
                what += f". The recorded rationale was that {_lower_first(ev['rationale'])}"
            else:
                what += ". No rationale was recorded"
        elif kind == "meeting":
            what = f"{by} met {with_ or 'the agencies involved'} to discuss progress"
        elif kind == "review":
            what = f"{by} reviewed the case ({_lower_first(summary) or 'a review'})"
        elif kind == "closure":
            what = f"{by} closed the case"
        else:
            what = f"{by} was involved: {_lower_first(summary) or kind}"
        when = self.when(ev)
        sentence = f"{when}, {what}" if when else what[:1].upper() + what[1:]
        return _sentence(sentence)

    def subject_name(self) -> str:
        return self.name(self.subject) if self.subject else "the subject"
