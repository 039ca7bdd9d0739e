"""What commands print cannot drive the terminal: control characters are dropped.

A label in a case file (or a server's error page) holding ESC sequences could
otherwise recolour, retitle or clear the user's terminal, or hide text. Every command
runs inside :func:`printable_output`; a command whose standard output is data
(``export``) writes it inside :func:`data_output`, byte for byte.
"""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Iterator
from typing import Any

# Control characters (ESC starts terminal escape sequences) other than tab and newline:
# a label in a case file or a server's error page could otherwise recolour, retitle or
# clear the user's terminal, or hide text.
_CONTROLS = dict.fromkeys(
    [c for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)] + list(range(0x7F, 0xA0))
)


class _Printable(io.TextIOBase):
    """A text stream that drops control characters on the way to the real one."""

    def __init__(self, stream: Any):
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(text.translate(_CONTROLS))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return bool(self._stream.isatty())

    def fileno(self) -> int:
        return int(self._stream.fileno())

    @property
    def buffer(self) -> Any:
        """The byte stream below: bytes written there are data and pass unchanged."""
        return self._stream.buffer

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return str(getattr(self._stream, "encoding", "utf-8"))


@contextlib.contextmanager
def printable_output() -> Iterator[None]:
    """Strip control characters (but tab and newline) from standard output and error."""
    saved = sys.stdout, sys.stderr
    sys.stdout = _Printable(saved[0])  # type: ignore[assignment]
    sys.stderr = _Printable(saved[1])  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


@contextlib.contextmanager
def data_output() -> Iterator[None]:
    """Standard output as it is, for data (RDF) that must be written unchanged."""
    saved = sys.stdout
    if isinstance(saved, _Printable):
        sys.stdout = saved._stream
    try:
        yield
    finally:
        sys.stdout = saved
