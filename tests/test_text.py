"""casegraph.text.shorten: the one cut rule, and each way a caller varies it."""

from __future__ import annotations

from casegraph.text import shorten, shorten_words


def test_text_within_width_is_unchanged() -> None:
    assert shorten("a  b", 10) == "a  b"
    assert shorten("a  b", 10, fold=True) == "a b"


def test_cut_keeps_width_and_marks_it() -> None:
    cut = shorten("x" * 30, 10)
    assert cut == "x" * 9 + "…" and len(cut) == 10


def test_trim_says_what_the_cut_loses_at_its_end() -> None:
    assert shorten("abcd efgh", 6) == "abcd…"  # white space trimmed by default
    assert shorten("abcd efgh", 6, trim="") == "abcd …"  # kept as the gap report shows it


def test_fold_counts_folded_white_space() -> None:
    assert shorten("a\n\n  b c d e", 6, fold=True, trim="") == "a b c…"


def test_words_cut_at_a_space_in_the_second_half() -> None:
    assert shorten_words("the quick brown fox, jumps", 20) == "the quick brown…"
    assert shorten_words("abcdefghijklmnop qr", 12) == "abcdefghijk…"  # no space late enough
