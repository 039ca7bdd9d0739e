"""Quotes checked against the user's own sources: a source's ``file:`` holds its text.

For every source with a ``file`` (relative to the case file; text, Markdown, HTML or a
text PDF), each quote citing that source must occur in the file's text verbatim. A
quote that does not gets the closest passage and how it differs (curly against
straight quotes, white space, letter case, a changed, missing or extra word), so a
reviewer can mend it in one look. A ``sha256`` recorded with the source lets validate
notice a file that changed since its quotes were checked.
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path
from typing import Any

from casegraph.errors import Problem
from casegraph.read.casefile.check import CaseFile
from casegraph.read.sourcetext import SourceError, SourceText, read_source
from casegraph.text import shorten

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "′": "'", "“": '"', "”": '"', "„": '"'})
_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-"})
_WORD = re.compile(r"\w+(?:[’'‐-]\w+)*")


def check_quotes(case: CaseFile) -> list[Problem]:
    """Problems with the quotes of every source that names a file (none when all occur)."""
    problems: list[Problem] = []
    texts: dict[str, SourceText | None] = {}
    for source in case.data.get("sources", []):
        if "file" not in source:
            continue
        texts[source["id"]] = _read(case, source, problems)
    if not texts:
        return problems
    for section, items in case.data.items():
        if not isinstance(items, list):
            continue
        for item in items:
            if not isinstance(item, dict) or "id" not in item:
                continue
            for n, cite in enumerate(item.get("source", [])):
                doc = texts.get(cite.get("ref", ""))
                quote = cite.get("quote")
                if doc is None or not quote:
                    continue
                key = f"{section}[{item['id']}].source[{n}].quote"
                message = quote_problem(doc, str(quote))
                if message:
                    where = f"{section}[{item['id']}].source"
                    line = case.lines.get(key) or case.lines.get(where, 1)
                    problems.append(Problem(case.path, line, message, key))
    return problems


def _read(case: CaseFile, source: dict[str, Any], problems: list[Problem]) -> SourceText | None:
    where = f"sources[{source['id']}]"
    name = str(source["file"])
    path = Path(case.path).parent / name
    line = case.lines.get(f"{where}.file", 1)
    shown = _shown(path)
    try:
        doc = read_source(path)
    except FileNotFoundError:
        problems.append(
            Problem(
                case.path,
                line,
                f"no file {name} (looked for {shown}); `file` is relative to the case file",
                f"{where}.file",
            )
        )
        return None
    except (OSError, SourceError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else str(exc)
        problems.append(Problem(case.path, line, f"cannot read {name}: {reason}", f"{where}.file"))
        return None
    recorded = source.get("sha256")
    if recorded and str(recorded).lower() != doc.sha256:
        problems.append(
            Problem(
                case.path,
                case.lines.get(f"{where}.sha256", line),
                f"{shown} has changed since its hash was recorded; check the quotes that "
                f"cite it, then write `sha256: {doc.sha256}`",
                f"{where}.sha256",
            )
        )
    doc.path = shown  # messages name it as the user can open it
    return doc


def quote_problem(doc: SourceText, quote: str) -> str | None:
    """Why ``quote`` is not verbatim in ``doc`` (None when it is)."""
    if quote in doc.text:
        return None
    loose_text, offsets = _loosen(doc.text)
    loose_quote, _ = _loosen(quote)
    at = loose_text.find(loose_quote) if loose_quote else -1
    if at >= 0:
        start, end = offsets[at], offsets[at + len(loose_quote) - 1] + 1
        passage = doc.text[start:end]
        how = _how(quote, passage)
        if how == ["white space"] and doc.unit == "page":
            return None  # a PDF's spacing is the extractor's, not the author's
        return (
            f"not verbatim in {doc.path}: the passage at {doc.where(start)} "
            f"differs in {' and '.join(how)}: {shorten(passage, 100, trim='')!r}"
        )
    near = _closest(doc, quote)
    if near is None:
        return f"not in {doc.path}, and no passage there is close to it; copy it from the source"
    start, passage, changes = near
    return (
        f"not in {doc.path}; the closest passage, at {doc.where(start)}, differs: "
        f"{'; '.join(changes)}"
    )


def _shown(path: Path) -> str:
    """The path as the user can open it: relative to the working folder when shorter."""
    plain = os.path.normpath(path)
    try:
        relative = os.path.relpath(plain)
    except ValueError:  # another drive
        return plain
    return relative if len(relative) < len(plain) else plain


def _loosen(text: str) -> tuple[str, list[int]]:
    """Text with quotes straightened, dashes plain, case folded and white space runs as one
    space; and for each character, its offset in the original."""
    out: list[str] = []
    offsets: list[int] = []
    space = False
    for i, ch in enumerate(text.translate(_QUOTES).translate(_DASHES)):
        if ch.isspace():
            if not space and out:
                out.append(" ")
                offsets.append(i)
            space = True
            continue
        space = False
        out.append(ch.lower())
        offsets.append(i)
    return "".join(out).rstrip(), offsets


_FOLDS = {
    "curly against straight quotes": lambda t: t.translate(_QUOTES),
    "dashes": lambda t: t.translate(_DASHES),
    "white space": lambda t: re.sub(r"\s+", " ", t).strip(),
    "letter case": str.lower,
}


def _how(quote: str, passage: str) -> list[str]:
    """The kinds of difference between two texts equal once every kind is folded away.

    A kind differs when folding all the *other* kinds still leaves the texts apart.
    """
    how = []
    for name in _FOLDS:
        a, b = quote, passage
        for other, fold in _FOLDS.items():
            if other != name:
                a, b = fold(a), fold(b)
        if a != b:
            how.append(name)
    return how or ["punctuation"]


def _closest(doc: SourceText, quote: str) -> tuple[int, str, list[str]] | None:
    """The passage of ``doc`` most like ``quote``: (offset, passage, how they differ)."""
    words = list(_WORD.finditer(doc.text))
    source_words = [m.group(0).lower().translate(_QUOTES) for m in words]
    quote_words = [w.lower().translate(_QUOTES) for w in _WORD.findall(quote)]
    original = _WORD.findall(quote)
    if not quote_words or not source_words:
        return None
    matcher = difflib.SequenceMatcher(None, source_words, quote_words, autojunk=False)
    anchor = matcher.find_longest_match(0, len(source_words), 0, len(quote_words))
    if anchor.size < min(3, len(quote_words)) or anchor.size < 0.3 * len(quote_words):
        return None
    first = max(anchor.a - anchor.b, 0)
    last = min(first + len(quote_words) + 2, len(source_words))
    window = source_words[first:last]
    aligned = difflib.SequenceMatcher(None, window, quote_words, autojunk=False)
    blocks = [b for b in aligned.get_matching_blocks() if b.size]
    if not blocks:
        return None
    lo, hi = blocks[0].a, blocks[-1].a + blocks[-1].size  # the matched stretch of the window
    changes = []
    for tag, i1, i2, j1, j2 in aligned.get_opcodes():
        if tag == "delete" and (i2 <= lo or i1 >= hi):  # beyond the matched stretch
            continue
        said = " ".join(original[j1:j2])
        has = " ".join(words[first + k].group(0) for k in range(i1, i2))
        if tag == "replace":
            changes.append(f"{said!r} where the source has {has!r}")
        elif tag == "insert":
            changes.append(f"{said!r} is not in the source")
        elif tag == "delete":
            changes.append(f"the source has {has!r} here, missing from the quote")
    if not changes:
        changes.append("in punctuation")
    start = words[first + lo].start()
    end = words[first + hi - 1].end()
    return start, doc.text[start:end], changes


__all__ = ["check_quotes", "quote_problem"]
