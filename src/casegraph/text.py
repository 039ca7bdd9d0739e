"""Cutting text to a width for people to read: one rule, with the few ways callers
differ (folding white space, cutting at a word, trimming the cut) as parameters, so
that every pinned output keeps its exact form."""

from __future__ import annotations

from typing import Any


def shorten(
    text: str,
    width: int = 70,
    *,
    fold: bool = False,
    at_word: bool = False,
    trim: str | None = None,
) -> str:
    """``text`` cut to at most ``width`` characters, ending in an ellipsis when cut.

    ``fold`` first folds runs of white space into one space; ``at_word`` cuts at the
    last space when it falls in the second half; ``trim`` is what to strip from the
    end of the cut (None: white space; "": nothing).
    """
    if fold:
        text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    if at_word:
        space = cut.rfind(" ")
        if space > width // 2:
            cut = cut[:space]
    return cut.rstrip(trim) + "…"


def shorten_words(text: Any, width: int = 42) -> str:
    """A label for a drawing: white space folded, cut at a word, no dangling punctuation."""
    return shorten(str(text), width, fold=True, at_word=True, trim=" ,;:.-")
