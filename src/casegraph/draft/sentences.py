"""Sentences and list items of a document's text, each an exact slice of it.

A quote in a draft is ``text[start:end]`` of one of these, so it is verbatim by
construction. Sentences do not cross a line (a line is a paragraph, a heading or a
list item); quotation marks around a whole sentence are left outside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A list item: "- ", "* ", "• ", "1. ", "1) ", "(a) ", "a) ".
_BULLET = re.compile(r"^\s*(?:[-*•‣▪–]|\d{1,2}[.)]|\(?[a-z]\)|\([ivx]+\))\s+")
# A sentence ends at . ! or ? (and any closing quotes), before white space and a capital,
# a digit or an opening quote.
_END = re.compile(r"(?<=[.!?])[”’\"')\]]*\s+(?=[“‘\"'(A-Z0-9])")
# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|No|Nos|p|pp|para|paras|e\.g|i\.e|etc|vs|cf|Co|Ltd|Rev|Prof|Sgt|"
    r"Insp|Supt|Det|Cllr|approx|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|\b[A-Z])\.$"
)
_OPEN_QUOTES = "“‘\"'"
_CLOSE_QUOTES = "”’\"'"


@dataclass(frozen=True)
class Sentence:
    """One sentence or list item: ``text`` is ``source[start:end]``."""

    text: str
    start: int
    end: int
    line: int  # 1-based line of the document's text
    item: bool  # a list item (its bullet is not part of the text)
    index: int  # position in the document


def split(text: str) -> list[Sentence]:
    """Every sentence and list item of ``text``, in order."""
    out: list[Sentence] = []
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        bullet = _BULLET.match(line)
        body_start = bullet.end() if bullet else 0
        for start, end in _spans(line, body_start):
            out.append(
                Sentence(
                    line[start:end],
                    offset + start,
                    offset + end,
                    number,
                    bool(bullet),
                    len(out),
                )
            )
        offset += len(line) + 1
    return out


def _spans(line: str, start: int) -> list[tuple[int, int]]:
    spans = []
    cut = start
    for match in _END.finditer(line, start):
        piece = line[cut : match.start()]
        if _ABBREVIATIONS.search(piece):
            continue
        spans.append((cut, match.start() + len(match.group(0).rstrip())))
        cut = match.end()
    spans.append((cut, len(line)))
    return [trimmed for a, b in spans if (trimmed := _trim(line, a, b))]


def _trim(line: str, start: int, end: int) -> tuple[int, int] | None:
    """Drop white space, and quotation marks that open or close the whole span."""
    while start < end and line[start].isspace():
        start += 1
    while end > start and line[end - 1].isspace():
        end -= 1
    if start < end and line[start] in _OPEN_QUOTES and not _closes_inside(line, start, end):
        start += 1
    if end > start and line[end - 1] in _CLOSE_QUOTES and line[end - 2 : end - 1] != "s":
        inner = line[start : end - 1]
        if inner.count(line[end - 1]) == 0 and not _opens_inside(inner, line[end - 1]):
            end -= 1
    if end - start < 3:
        return None
    return start, end


def _closes_inside(line: str, start: int, end: int) -> bool:
    opening = line[start]
    closing = {"“": "”", "‘": "’"}.get(opening, opening)
    return closing in line[start + 1 : end - 1]


def _opens_inside(inner: str, closing: str) -> bool:
    opening = {"”": "“", "’": "‘"}.get(closing, closing)
    return opening in inner


__all__ = ["Sentence", "split"]
