"""Proposals for a case file from a review's sentences: actors, events, concerns, findings.

Each proposal keeps the sentences it came from (its quotes) and a note saying how
sure the proposal is and what to check, which the draft writes as a comment. The
rules are plain pattern matching over :mod:`casegraph.draft.lexicon`: deterministic,
offline, and easy to follow when a proposal is wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from casegraph.draft import lexicon as lx
from casegraph.draft.sentences import Sentence
from casegraph.time.dates import PartialDate, parse_date

_ACTOR_RE = re.compile(
    "|".join(f"(?P<a{i}>(?<![\\w-])(?:{row[1]})(?![\\w-]))" for i, row in enumerate(lx.ACTORS)),
    re.IGNORECASE,
)
_NAME = r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
_TITLED = re.compile(rf"\b{lx.TITLES}\s+({_NAME}(?:\s+{_NAME}){{0,2}})")
_SAID = re.compile(rf"((?:{_NAME}\s+)*{_NAME})\s+(?:said|says|told|added|explained)\b")
_RUN = re.compile(rf"{_NAME}(?:\s+{_NAME}){{1,3}}")
_PERSON_LETTER = re.compile(r"\bPerson [A-Z]\b")
_ROLE_BEFORE = re.compile(r"((?:[A-Z][a-z]+|of|for|and)(?:\s+(?:[A-Z][a-z]+|of|for|and))*)\s+$")


@dataclass
class Proposal:
    """One proposed item: its data, the sentences quoted for it, and how sure it is."""

    kind: str
    data: dict[str, Any]
    quotes: list[Sentence] = field(default_factory=list)
    note: str = ""

    @property
    def id(self) -> str:
        return str(self.data["id"])

    def quote(self, sentence: Sentence, limit: int = 3) -> None:
        if len(self.quotes) < limit and all(q.start != sentence.start for q in self.quotes):
            self.quotes.append(sentence)


@dataclass
class Mention:
    """An actor named in a sentence, at ``start``..``end`` of the document."""

    actor: str
    start: int
    end: int


def slug(text: str) -> str:
    """An id made of ``text``'s letters and digits."""
    out = re.sub(r"[^a-z0-9]+", "-", text.lower().replace("’", "").replace("'", ""))
    return out.strip("-")[:60].strip("-") or "item"


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


# -- actors -------------------------------------------------------------------------


class Actors:
    """The actors a text names, merged across mentions, and where each is mentioned."""

    def __init__(self, sentences: list[Sentence], text: str):
        self.items: dict[str, Proposal] = {}
        self.mentions: dict[int, list[Mention]] = {}  # sentence index -> mentions
        self.counts: dict[str, int] = {}
        self._people(sentences, text)
        for sentence in sentences:
            found = self.mentions.setdefault(sentence.index, [])
            taken = [(m.start, m.end) for m in found]
            for match in _ACTOR_RE.finditer(sentence.text):
                start, end = sentence.start + match.start(), sentence.start + match.end()
                if any(a < end and start < b for a, b in taken):
                    continue
                index = int(str(match.lastgroup)[1:])
                aid, _, type_, level, label, part_of = lx.ACTORS[index]
                surface = match.group(0)
                proper = surface[:1].isupper() and " " in surface and surface.lower() != surface
                self._add(aid, type_, level, surface if proper else label, part_of, sentence)
                found.append(Mention(aid, start, end))
            found.sort(key=lambda m: m.start)
        first = {m.actor: m.start for ms in reversed(self.mentions.values()) for m in ms}
        self.items = dict(sorted(self.items.items(), key=lambda pair: first.get(pair[0], 0)))
        for aid, item in self.items.items():
            part_of = item.data.get("part_of")
            if part_of and part_of not in self.items:
                del item.data["part_of"]
            n = self.counts[aid]
            item.note = f"{'likely' if n > 1 else 'unsure'}: named {n} time{'s' * (n != 1)}"
            if item.data["type"] == "subject":
                item.note += "; taken as the subject (the person named most often)"

    def _add(
        self,
        aid: str,
        type_: str,
        level: str | None,
        label: str,
        part_of: str | None,
        sentence: Sentence,
    ) -> None:
        self.counts[aid] = self.counts.get(aid, 0) + 1
        if aid not in self.items:
            data: dict[str, Any] = {"id": aid, "label": label, "type": type_}
            if level:
                data["level"] = level
            if part_of:
                data["part_of"] = part_of
            self.items[aid] = Proposal("actor", data)
        self.items[aid].quote(sentence, limit=2)

    def _people(self, sentences: list[Sentence], text: str) -> None:
        """People named in the text: the subject, and anyone named with a title or as a speaker."""
        names: dict[str, str] = {}  # full name -> role label
        for sentence in sentences:
            for match in _TITLED.finditer(sentence.text):
                self._name(names, match.group(1), "")
            for match in _SAID.finditer(sentence.text):
                tokens = [t for t in match.group(1).split() if t not in lx.NOT_NAMES]
                if len(tokens) >= 2:
                    full = " ".join(tokens[-2:])
                    before = sentence.text[: match.start(1) + match.group(1).find(full)]
                    role = _ROLE_BEFORE.search(before)
                    self._name(names, full, role.group(1) if role else "")
        subject = self._subject(sentences, text)
        people = sorted(names, key=len, reverse=True)
        if subject:
            people = [subject, *[p for p in people if p != subject]]
        for sentence in sentences:
            found = self.mentions.setdefault(sentence.index, [])
            for person in people:
                aid = slug(person)
                parts = person.split()
                first, last = parts[0], parts[-1]
                words = {person, first, last} if person == subject else {person, last}
                pattern = "|".join(re.escape(t) for t in sorted(words, key=len, reverse=True))
                for match in re.finditer(rf"(?<![\w-])(?:{pattern})(?![\w-])", sentence.text):
                    start, end = sentence.start + match.start(), sentence.start + match.end()
                    if any(m.start < end and start < m.end for m in found):
                        continue
                    if person == subject:
                        self._add(aid, "subject", "subject", person, None, sentence)
                    else:
                        title = names[person]
                        label = f"{person}, {title}" if title else person
                        self._add(aid, "person", None, label, None, sentence)
                    found.append(Mention(aid, start, end))

    @staticmethod
    def _name(names: dict[str, str], name: str, role: str) -> None:
        tokens = [t for t in name.split() if t not in lx.NOT_NAMES]
        if not tokens:
            return
        name = " ".join(tokens)
        for known in names:
            if name in known.split() or name == known:
                return
        if len(tokens) == 1:
            return  # "Mr Jukes" alone is merged into a full name above, or left out
        names.setdefault(name, role.strip())

    @staticmethod
    def _subject(sentences: list[Sentence], text: str) -> str | None:
        """The person named most often: a run of capitalised words that names no agency."""
        letter = _PERSON_LETTER.search(text)
        if letter:
            return letter.group(0)
        counts: dict[str, int] = {}
        for sentence in sentences:
            for match in _RUN.finditer(sentence.text):
                tokens = match.group(0).split()
                if any(t in lx.NOT_NAMES for t in tokens) or _ACTOR_RE.search(match.group(0)):
                    continue
                counts.setdefault(match.group(0), 0)
        best, best_count = None, 2
        for name in counts:
            first = name.split()[0]
            count = len(re.findall(rf"(?<![\w-]){re.escape(first)}(?![\w-])", text))
            if count > best_count:
                best, best_count = name, count
        return best

    def in_sentence(self, sentence: Sentence) -> list[Mention]:
        return self.mentions.get(sentence.index, [])


# -- dates --------------------------------------------------------------------------


@dataclass(frozen=True)
class FoundDate:
    date: PartialDate
    start: int  # offsets within the sentence
    end: int


def dates_in(sentence: Sentence) -> list[FoundDate]:
    """The dates a sentence gives, as precise as it gives them."""
    found: list[FoundDate] = []
    text = sentence.text
    for pattern, form in lx.DATES:
        for match in pattern.finditer(text):
            if any(f.start < match.end() and match.start() < f.end for f in found):
                continue
            if form == "year" and lx.NOT_A_YEAR.search(text[: match.start()]):
                continue
            iso = _iso(match, form)
            try:
                found.append(FoundDate(parse_date(iso), match.start(), match.end()))
            except ValueError:
                continue
    return sorted(found, key=lambda f: f.start)


def _iso(match: re.Match[str], form: str) -> str:
    if form == "iso":
        return match.group(0)
    if form == "year":
        return match.group(1)
    if form == "month":
        return f"{match.group(2)}-{lx.MONTHS.index(match.group(1).lower()) + 1:02d}"
    if form == "day":
        month = lx.MONTHS.index(match.group(2).lower()) + 1
        return f"{match.group(3)}-{month:02d}-{int(match.group(1)):02d}"
    month = lx.MONTHS.index(match.group(1).lower()) + 1  # mdy
    return f"{match.group(3)}-{month:02d}-{int(match.group(2)):02d}"


# -- events -------------------------------------------------------------------------

# How many sentences apart a retelling of an event must be, at least.
_RETOLD_AFTER = 2

_NOUNS = {
    "refer": "referral",
    "task": "tasking",
    "adopt": "adoption",
    "exit": "exit",
    "assess": "assessment",
    "meet": "meeting",
    "session": "session",
    "review": "review",
    "close": "closure",
    "communicate": "communication",
    "attack": "incident",
}


@dataclass(frozen=True)
class Verb:
    kind: str
    stem: str
    word: str
    start: int  # offsets within the sentence
    end: int


def verbs_in(text: str) -> list[Verb]:
    found: list[Verb] = []
    for kind, pattern, stem in lx.VERB_PATTERNS:
        for match in pattern.finditer(text):
            if any(v.start < match.end() and match.start() < v.end for v in found):
                continue
            found.append(Verb(kind, stem, match.group(0), match.start(), match.end()))
    return sorted(found, key=lambda v: v.start)


class Events:
    """Events from dated sentences and sentences with a sequence word, in text order."""

    def __init__(self, sentences: list[Sentence], actors: Actors, skip: set[int]):
        self.items: list[Proposal] = []
        self.by_sentence: dict[int, list[Proposal]] = {}
        self._stems: list[tuple[str, Proposal]] = []
        self._pending: list[tuple[Proposal, str, str]] = []  # (event, key, stem)
        self._ids: set[str] = set()
        last: Proposal | None = None
        for sentence in sentences:
            if sentence.index in skip:
                continue
            made = self._sentence(sentence, actors, last)
            if made:
                self.by_sentence[sentence.index] = made
                last = made[-1]
        self._resolve_order()

    def _sentence(
        self, sentence: Sentence, actors: Actors, last: Proposal | None
    ) -> list[Proposal]:
        text = sentence.text
        dates = dates_in(sentence)
        verbs = verbs_in(text)
        if not verbs:
            return []
        then = lx.THEN.search(text)
        order = [
            (m.group(1).lower(), verbs_in(text[m.end() :])[:1], m.start())
            for m in lx.ORDER_WORD.finditer(text)
        ]
        if not dates and not then and not any(v for _, v, _ in order):
            return []
        made: list[Proposal] = []
        if dates:
            cut = 0
            for i, found in enumerate(dates):
                end = dates[i + 1].start if i + 1 < len(dates) else len(text)
                if i + 1 < len(dates):
                    end = found.end
                segment = [v for v in verbs if cut <= v.start < end]
                cut = end
                if not segment:
                    continue
                verb = segment[0]
                others = [v.word for v in segment[1:] if v.stem != verb.stem]
                note = f"likely: dated sentence, verb {verb.word!r}"
                if others:
                    note = f"unsure: the date may belong to {others[0]!r} rather than {verb.word!r}"
                event = self._event(sentence, verb, found.date, note, actors)
                made.append(event)
        else:
            verb = verbs[0]
            note = f"unsure: no date; kind from {verb.word!r}"
            event = self._event(sentence, verb, None, note, actors)
            if last is not None and then and lx.SAME_TIME.search(text) and "date" in last.data:
                event.data["date"] = last.data["date"]
                event.note += (
                    f"; date {last.data['date']} taken from the event before ('at that point')"
                )
            made.append(event)
        event = made[0]
        if then and last is not None and last is not event:
            self._link(event, "after", last.id)
            event.note += f"; after {last.id} ({then.group(0)!r})"
        for word, target, position in order:
            if not target:
                continue
            for ev in made:
                key = "before" if word == "before" or word == "prior to" else "after"
                ev_verb = next((v for v in verbs if v.stem == ev.data["_stem"]), None)
                if ev_verb is not None and ev_verb.start < position:
                    self._pending.append((ev, key, target[0].stem))
                    break
        return made

    def _event(
        self,
        sentence: Sentence,
        verb: Verb,
        date: PartialDate | None,
        note: str,
        actors: Actors,
    ) -> Proposal:
        # The same kind at a date that agrees, told again elsewhere, is the same event.
        # Sentences next to each other ("a session on 10 May; a session in May") are
        # a list of events, not one retold.
        for other in self.items:
            same_date = date is not None and "date" in other.data and _overlap(date, other.data)
            retold = sentence.index - other.quotes[-1].index > _RETOLD_AFTER
            same = other.data["kind"] == verb.kind and other.data["_stem"] == verb.stem
            if same and same_date and retold:
                other.quote(sentence)
                if date is not None and _finer(date, parse_date(other.data["date"])):
                    other.data["date"] = date.text
                return other
        noun = _NOUNS.get(verb.stem, slug(verb.word))
        eid = noun if noun not in self._ids else f"{noun}-{date.text}" if date else noun
        n = 2
        while eid in self._ids:
            eid, n = f"{noun}-{n}", n + 1
        self._ids.add(eid)
        data: dict[str, Any] = {"id": eid, "kind": verb.kind, "_stem": verb.stem}
        if date is not None:
            data["date"] = date.text
        data.update(_who(sentence, verb, actors))
        data["summary"] = _upper_first(sentence.text.rstrip(" .;:,"))
        if verb.stem == "exit":
            data["stage"] = {"effect": "exit"}
        if verb.stem == "adopt":
            data["stage"] = {"effect": "enter"}
        if verb.kind == "decision":
            data["outcome"] = _upper_first(_clause(sentence.text, verb))
        event = Proposal("event", data, [sentence], note)
        self.items.append(event)
        self._stems.append((verb.stem, event))
        return event

    def _link(self, event: Proposal, key: str, other: str) -> None:
        if other == event.id:
            return
        links = event.data.setdefault(key, [])
        if other not in links:
            links.append(other)

    def _resolve_order(self) -> None:
        """Link "before being exited" to the nearest event told with that verb."""
        position = {ev.id: i for i, ev in enumerate(self.items)}
        for event, key, stem in self._pending:
            here = position[event.id]
            candidates = [ev for s, ev in self._stems if s == stem and ev is not event]
            if not candidates:
                continue
            target = min(candidates, key=lambda ev: abs(position[ev.id] - here))
            self._link(event, key, target.id)
            event.note += f"; {key} {target.id} (the text says {key!r})"


def _overlap(date: PartialDate, data: dict[str, Any]) -> bool:
    """One date lies within the other (2014 and 2014-10 may be the same event)."""
    other = parse_date(data["date"])
    return _inside(date, other) or _inside(other, date)


def _inside(inner: PartialDate, outer: PartialDate) -> bool:
    return outer.earliest <= inner.earliest and inner.latest <= outer.latest


def _finer(date: PartialDate, than: PartialDate) -> bool:
    order = {"year": 0, "month": 1, "day": 2}
    return order[date.precision] > order[than.precision]


def _clause(text: str, verb: Verb) -> str:
    rest = text[verb.start :]
    told = re.match(r"[^.:;]{0,40}:\s*(.+?)(?:\.\s|\.?$)", rest)  # "agreed the outcome: ..."
    if told:
        return told.group(1)
    stop = re.search(
        r"[,;:.](?:\s|$)|\s(?:after|before|when|because|due to|in (?:\d|[A-Z]))\b", rest
    )
    return (rest[: stop.start()] if stop else rest).strip(" .,;:”’\"'")


_PASSIVE_BY = re.compile(r"\s+by\s+(?:the\s+|his\s+|her\s+|their\s+|an?\s+)?$", re.I)
_TO_FROM = re.compile(
    r"\s+(?:to|from|with|into)\s+(?:the\s+|his\s+|her\s+|their\s+|an?\s+)?$", re.I
)


_BOUNDARY = re.compile(r"[,;:]|\s(?:after|before|when|while|because|due to|but|and then)\s", re.I)


def _who(sentence: Sentence, verb: Verb, actors: Actors) -> dict[str, Any]:
    """``by`` and ``to``/``with`` from the actors named around the verb, in its clause."""
    mentions = actors.in_sentence(sentence)
    v_end = sentence.start + verb.end
    stop = _BOUNDARY.search(sentence.text, verb.end)
    clause_end = sentence.start + (stop.start() if stop else len(sentence.text))
    before = [m for m in mentions if m.start < v_end]
    after = [m for m in mentions if v_end <= m.start < clause_end]
    passive = lx.PASSIVE.search(sentence.text[: verb.start]) is not None
    out: dict[str, Any] = {}
    by: list[str] = []
    rest: list[str] = []
    for m in after:
        gap = sentence.text[: m.start - sentence.start]
        if _PASSIVE_BY.search(gap) and not by:
            by.append(m.actor)
        elif m.actor not in rest:
            rest.append(m.actor)
    if not by and passive and verb.kind == "decision" and after:
        first = after[0]
        if _TO_FROM.search(sentence.text[: first.start - sentence.start]):
            by.append(first.actor)
            rest.remove(first.actor)
    if not by and not passive and before:
        by.append(before[-1].actor)
    subject = [m.actor for m in before if actors.items[m.actor].data["type"] == "subject"]
    if by:
        out["by"] = by
    rest = [a for a in rest if a not in by]
    others = [a for a in rest if actors.items[a].data["type"] != "subject"]
    if verb.kind in ("referral", "communication", "tasking") and others:
        out["to"] = others[:2]
    elif verb.kind in ("meeting", "intervention", "other") and (rest or subject):
        out["with"] = [a for a in dict.fromkeys(rest + subject) if a not in by][:3]
        if not out["with"]:
            del out["with"]
    return out


# -- concerns -----------------------------------------------------------------------


def concerns(
    sentences: list[Sentence], actors: Actors, events: Events, skip: set[int]
) -> list[Proposal]:
    """Concerns from "concerns about", "identified a change in" and "vulnerabilities" sentences."""
    items: dict[str, Proposal] = {}
    for sentence in sentences:
        if sentence.index in skip:
            continue
        for match in lx.CONCERN.finditer(sentence.text):
            what = match.group("what").strip(" ,”’\"'")
            if len(what) < 6:
                continue
            label = _upper_first(what)
            data: dict[str, Any] = {"id": slug(" ".join(what.split()[:6])), "label": label}
            data["nature"] = _nature(what)
            by = [
                m.actor
                for m in actors.in_sentence(sentence)
                if m.start < sentence.start + match.start()
            ]
            if by:
                data["identified_by"] = by[-1]
            made = events.by_sentence.get(sentence.index)
            if made:
                data["identified_at"] = made[0].id
            note = (
                "likely: the text says who raised it"
                if by
                else ("unsure: who raised it is not said in the sentence")
            )
            _merge_concern(items, data, sentence, note)
        for match in lx.VULNERABILITY.finditer(sentence.text):
            underlying = "underlying" in match.group(0).lower()
            data = {
                "id": "underlying-vulnerabilities" if underlying else "vulnerabilities",
                "label": _upper_first(match.group(0)),
                "nature": "underlying" if underlying else "need",
            }
            _merge_concern(items, data, sentence, "unsure: a vulnerability the text names")
    return list(items.values())


def _merge_concern(
    items: dict[str, Proposal], data: dict[str, Any], sentence: Sentence, note: str
) -> None:
    key = data["id"]
    if key in items:
        items[key].quote(sentence)
        return
    items[key] = Proposal("concern", data, [sentence], note)


def _nature(text: str) -> str:
    for nature, pattern in lx.NATURE_WORDS:
        if pattern.search(text):
            return nature
    return "symptom"


# -- findings and recommendations ---------------------------------------------------

_HEADING = re.compile(
    r"^(?:key |main |the review[’']s )?(findings|recommendations|lessons(?: learned| learnt)?|"
    r"learning points|issues)\s*:?\s*$",
    re.IGNORECASE,
)


_NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen twenty"
)
_COUNTS = {word: n for n, word in enumerate(_NUMBER_WORDS.split())}
_COUNT = re.compile(r"\b(\d{1,2}|" + "|".join(_COUNTS) + r")\b", re.IGNORECASE)


def lists(
    sentences: list[Sentence], actors: Actors
) -> tuple[list[Proposal], list[Proposal], set[int]]:
    """Findings and recommendations from the lists a review names as such.

    A list follows a line that names it ("The reviewer identified six issues:", or a
    heading "Recommendations"). Its items are the bulleted or numbered lines after
    it; where the introduction gives a count and the items carry no bullets (as in
    text taken from a PDF), the next that many lines.

    Returns:
        (findings, recommendations, the indexes of the sentences used).
    """
    findings: list[Proposal] = []
    recs: list[Proposal] = []
    used: set[int] = set()
    position = 0
    while position < len(sentences):
        sentence = sentences[position]
        position += 1
        heading = _HEADING.match(sentence.text)
        named = lx.LIST_INTRO.search(sentence.text)
        if not (heading or named):
            continue
        word = (heading or named).group(1).lower()  # type: ignore[union-attr]
        kind = "recommendation" if word.startswith(("recommendation", "action")) else "finding"
        count = _COUNT.search(sentence.text) if named else None
        expected = None
        if count:
            expected = int(count.group(1)) if count.group(1).isdigit() else None
            expected = expected or _COUNTS.get(count.group(1).lower())
        target = recs if kind == "recommendation" else findings
        line = sentence.line
        items = 0
        while position < len(sentences):
            item = sentences[position]
            first_on_line = item.line > line
            if not first_on_line and not item.item:
                position += 1  # the rest of the introducing line
                continue
            by_count = expected is not None and items < expected and first_on_line
            if not (item.item or by_count) or item.line > line + 1 or _HEADING.match(item.text):
                break
            used.add(item.index)
            target.append(_list_item(kind, item, sentence, len(target) + 1, actors))
            items += 1
            line = item.line
            position += 1
        if items:
            used.add(sentence.index)
    return findings, recs, used


# A conclusion the review states in running text rather than in a list: "The reviewer
# (ultimately) found that ...", "It identified that ...", "The review noted: “...”".
_STATED = re.compile(
    r"^(?:the review(?:er)?|it)\s+(?:ultimately\s+)?(?:found|noted|concluded|identified)"
    r"\s*(?:that\s+|:\s*)(.+)$",
    re.IGNORECASE,
)
_QUOTE_MARKS = " “”‘’\"'"


def stated_findings(
    sentences: list[Sentence], text: str, used: set[int], first: int
) -> list[Proposal]:
    """Findings the review states in running text, numbered from ``first``.

    A quoted passage that goes on in the following lines ("The review noted: “...",
    then paragraphs that open with a quote mark) gives one finding per paragraph. A
    conclusion repeated word for word (a statement quoting the report) is drafted once.
    Sentences in ``used`` (list items) are skipped; the ones used here stay available
    to the events and concerns, which they often describe too.
    """
    found: list[Proposal] = []
    seen: set[str] = set()
    position = 0
    while position < len(sentences):
        sentence = sentences[position]
        position += 1
        match = _STATED.match(sentence.text)
        if sentence.index in used or sentence.item or not match:
            continue
        parts = [(sentence, match.group(1))]
        while (
            position < len(sentences)
            and sentences[position].line == parts[-1][0].line + 1
            and text[max(sentences[position].start - 1, 0)] in '“"'
        ):
            more = sentences[position].text
            parts.append((sentences[position], (_STATED.match(more) or [more, more])[1]))
            position += 1
        for part, words in parts:
            said = _upper_first(words.strip(_QUOTE_MARKS).rstrip(" .;,").strip(_QUOTE_MARKS))
            key = " ".join(re.findall(r"[a-z]+", said.lower()))
            if not said or key in seen:
                continue
            seen.add(key)
            data: dict[str, Any] = {"id": f"f{first + len(found)}", "text": said + "."}
            note = f"likely: a conclusion the review states on line {part.line}"
            themes = [gap for gap, pattern in lx.THEME_PATTERNS if pattern.search(part.text)]
            if themes:
                data["theme"] = themes[0]
                note += f"; theme from the wording: {', '.join(themes)}"
            found.append(Proposal("finding", data, [part], note))
    return found


def _list_item(
    kind: str, sentence: Sentence, lead: Sentence, number: int, actors: Actors
) -> Proposal:
    text = re.sub(r"(?:;|,)?(?:\s+and|\s+or)?\s*$", "", sentence.text.rstrip(" ;"))
    text = _upper_first(text.rstrip(" ;,"))
    if not text.endswith((".", "!", "?")):
        text += "."
    prefix = "f" if kind == "finding" else "r"
    data: dict[str, Any] = {"id": f"{prefix}{number}", "text": text}
    note = f"likely: item {number} of the list introduced on line {lead.line}"
    if kind == "finding":
        themes = [gap for gap, pattern in lx.THEME_PATTERNS if pattern.search(sentence.text)]
        if themes:
            data["theme"] = themes[0]
            note += f"; theme from the wording: {', '.join(themes)}"
        else:
            note += "; no gap id suggested by the wording: add a theme if one fits"
        evidence = list(dict.fromkeys(m.actor for m in actors.in_sentence(sentence)))
        if evidence:
            data["evidence"] = evidence
            note += "; evidence lists the actors it names: add the events and concerns"
    else:
        data["status"] = "open"
        note += "; link it to the findings it answers with `addresses`"
    return Proposal(kind, data, [sentence], note)
