"""The text of a source document (plain text, Markdown, HTML or a text PDF), as a reader sees it.

`casegraph draft` quotes sentences of this text, and `validate` checks quotes against
it, so both must read a document the same way: HTML as its rendered text (tags
dropped, entities decoded, each block on its own line, runs of white space as one
space), a PDF as the text its pages carry (pypdf; no OCR). ``where()`` turns an offset
in the text back into a place a person can find in the file: a line of a text or
HTML file, a page of a PDF.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from casegraph.errors import CaseGraphError

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
PDF_SUFFIXES = (".pdf",)
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + PDF_SUFFIXES
# A source larger than this is not a review: refuse it rather than read it whole.
MAX_BYTES = 64 * 1024 * 1024


class SourceError(CaseGraphError):
    """A source document that cannot be read as text."""


@dataclass
class SourceText:
    """A document's text, and where each part of it comes from in the file.

    ``starts`` are offsets in ``text`` where a new place begins, ``places`` the line
    (text, HTML) or page (PDF) each begins at.
    """

    path: str
    text: str
    unit: str  # "line" or "page"
    sha256: str
    starts: list[int] = field(default_factory=lambda: [0])
    places: list[int] = field(default_factory=lambda: [1])

    def place(self, offset: int) -> int:
        """The line or page of the file where the text at ``offset`` is."""
        index = bisect.bisect_right(self.starts, offset) - 1
        return self.places[max(index, 0)]

    def where(self, offset: int) -> str:
        """``FILE:LINE`` for text and HTML, ``FILE, page N`` for a PDF."""
        if self.unit == "page":
            return f"{self.path}, page {self.place(offset)}"
        return f"{self.path}:{self.place(offset)}"


def file_sha256(path: str | Path) -> str:
    """The SHA-256 of a file's bytes (what a case records to notice a changed source)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_source(path: str | Path) -> SourceText:
    """Read a source document's text.

    Raises:
        SourceError: an unknown file type, a file too large, not UTF-8 text, or a PDF
            that pypdf cannot read or that carries no text (a scan needs OCR first).
        OSError: the file cannot be read.
    """
    name = str(path)
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise SourceError(
            f"{name}: unknown source type {suffix or '(no extension)'!r}; "
            f"give a .txt, .md, .html or .pdf file"
        )
    size = Path(name).stat().st_size
    if size > MAX_BYTES:
        raise SourceError(f"{name}: {size:,} bytes is more than the {MAX_BYTES:,} a source may be")
    data = Path(name).read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    if suffix in PDF_SUFFIXES:
        return _pdf(name, data, sha)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(f"{name}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if suffix in HTML_SUFFIXES:
        return _html(name, text, sha)
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    return SourceText(name, text, "line", sha, starts, list(range(1, len(starts) + 1)))


def _pdf(name: str, data: bytes, sha: str) -> SourceText:
    import io
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings are not the user's
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PyPdfError, ValueError, KeyError, TypeError) as exc:
        raise SourceError(f"{name}: not a PDF that can be read ({exc})") from None
    if not any(p.strip() for p in pages):
        raise SourceError(
            f"{name}: the PDF carries no text (a scanned document?); "
            "run it through OCR first and give the text"
        )
    text, starts = "", []
    for page in pages:
        starts.append(len(text))
        text += unwrap(page.replace("\r\n", "\n").rstrip("\n")) + "\n"
    return SourceText(name, text, "page", sha, starts, list(range(1, len(pages) + 1)))


_ENDS_BLOCK = re.compile("[.!?:;][\u201d\u2019\"')]*\\s*$")


def unwrap(page: str) -> str:
    """Join the lines a PDF wrapped, so a paragraph is one line again.

    A line is a wrapped part of a paragraph when it is long (at least 60% of the page's
    longest line) and does not end a sentence, a list item or a heading's colon. A
    short line (a heading) or one ending a sentence keeps its line break.
    """
    lines = [line.rstrip() for line in page.split("\n")]
    longest = max((len(line) for line in lines), default=0)
    out: list[str] = []
    joining = False
    for line in lines:
        if joining and out and line.strip():
            out[-1] += " " + line.strip()
        else:
            out.append(line)
        joining = len(line) >= 0.6 * longest and not _ENDS_BLOCK.search(line)
    return "\n".join(out)


_BLOCKS = {
    "p", "div", "li", "br", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
    "section", "article", "blockquote", "header", "footer", "pre", "dt", "dd",
    "ul", "ol", "table", "title", "figcaption", "main", "aside", "nav", "hr",
}  # fmt: skip
_SKIP = {"script", "style", "head", "noscript", "template", "svg"}


class _HtmlText(HTMLParser):
    """Rendered text of an HTML page, one block per line, with the line each block starts on."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[int, str]] = []
        self.current: list[str] = []
        self.line = 1
        self.skipping = 0
        self.title = False

    def flush(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self.current)).strip()
        if text:
            self.blocks.append((self.line, text))
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP and tag != "head":
            self.skipping += 1
        if tag == "title":
            self.title = True
        if tag in _BLOCKS:
            self.flush()
            self.line = self.getpos()[0]
            if tag == "li":
                self.current.append("- ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and tag != "head" and self.skipping:
            self.skipping -= 1
        if tag == "title":
            self.title = False
            self.current = []  # the page title is not part of the document's text
        if tag in _BLOCKS:
            self.flush()

    def handle_data(self, data: str) -> None:
        if self.skipping or self.title:
            return
        if not "".join(self.current).strip():
            self.line = self.getpos()[0] + data[: len(data) - len(data.lstrip())].count("\n")
        self.current.append(data)


def _html(name: str, text: str, sha: str) -> SourceText:
    parser = _HtmlText()
    parser.feed(text)
    parser.close()
    parser.flush()
    out, starts, places = "", [], []
    for line, block in parser.blocks:
        starts.append(len(out))
        places.append(line)
        out += block + "\n"
    return SourceText(name, out, "line", sha, starts or [0], places or [1])


__all__ = ["SUFFIXES", "SourceError", "SourceText", "file_sha256", "read_source", "unwrap"]
