"""Resource limits on input, and the one bounded way to read an input file.

Untrusted input must not decide how much memory or time casegraph spends: a ``.yaml``
linked to ``/dev/zero`` once grew to 12 GB in 30 s, a FIFO blocked forever, and a
10 MB label took ten minutes in the SHACL step. So an input file is opened without
blocking, must be a regular file (a link is followed, but to a regular file only), and
is refused by size before a byte of it is parsed; strings, lists, integers and the
number of values in a file have limits too, each reported as FILE:LINE.

Each limit can be changed with an environment variable (see :data:`SETTINGS`), for
the person who knows their data is larger than usual.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from casegraph.errors import CaseGraphError, InvalidInput, Problem

MIB = 1024 * 1024

# field: (environment variable, default, what it limits)
SETTINGS: dict[str, tuple[str, int, str]] = {
    "yaml_bytes": ("CASEGRAPH_MAX_YAML_MB", 20, "size of a case file, in MiB"),
    "rdf_bytes": ("CASEGRAPH_MAX_RDF_MB", 64, "size of an RDF file, in MiB"),
    "query_bytes": ("CASEGRAPH_MAX_QUERY_MB", 1, "size of a query file (sparql @FILE), in MiB"),
    "string_chars": ("CASEGRAPH_MAX_STRING_CHARS", 100_000, "characters in one text value"),
    "list_items": ("CASEGRAPH_MAX_LIST_ITEMS", 100_000, "items in one list of a case file"),
    "yaml_nodes": ("CASEGRAPH_MAX_YAML_NODES", 500_000, "values in one case file"),
    "integer_digits": ("CASEGRAPH_MAX_INTEGER_DIGITS", 30, "digits in one integer"),
}
_IN_MIB = {"yaml_bytes", "rdf_bytes", "query_bytes"}


@dataclass(frozen=True)
class Limits:
    """The limits in force (defaults, or as the environment sets them)."""

    yaml_bytes: int
    rdf_bytes: int
    query_bytes: int
    string_chars: int
    list_items: int
    yaml_nodes: int
    integer_digits: int

    @staticmethod
    def variable(field: str) -> str:
        """The environment variable that sets ``field``."""
        return SETTINGS[field][0]


def limits() -> Limits:
    """The limits, read from the environment each time (so a test or a caller may set them).

    Raises:
        CaseGraphError: a variable is set to something other than a positive whole number.
    """
    values: dict[str, int] = {}
    for field, (name, default, _) in SETTINGS.items():
        raw = os.environ.get(name, "").strip()
        value = default
        if raw:
            try:
                value = int(raw)
            except ValueError:
                value = 0
            if value <= 0 or len(raw) > 12:
                raise CaseGraphError(f"{name}={raw!r}: give a positive whole number")
        values[field] = value * MIB if field in _IN_MIB else value
    return Limits(**values)


def read_bounded(path: str | Path, field: str = "yaml_bytes") -> bytes:
    """The bytes of an input file, read only if it is a regular file within the limit.

    The file is opened without blocking (a FIFO would otherwise wait for a writer) and
    checked on the open descriptor, so a link to a device or FIFO is refused too; at
    most one byte past the limit is ever read (a file can grow, and ``/proc`` files
    report a size of 0).

    Args:
        path: the file.
        field: which size limit applies: ``yaml_bytes``, ``rdf_bytes`` or ``query_bytes``.

    Raises:
        InvalidInput: the file cannot be opened, is not a regular file, or is too large.
    """
    where = str(path)
    limit = getattr(limits(), field)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise InvalidInput([Problem(where, 0, f"cannot read: {exc.strerror}")]) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InvalidInput([Problem(where, 0, f"not a regular file ({_kind(info.st_mode)})")])
        if info.st_size > limit:
            raise InvalidInput([_too_large(where, field, limit)])
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(limit + 1 - size, 4 * MIB))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise InvalidInput([_too_large(where, field, limit)])
        return b"".join(chunks)
    except OSError as exc:
        raise InvalidInput([Problem(where, 0, f"cannot read: {exc.strerror}")]) from None
    finally:
        os.close(fd)


def _too_large(where: str, field: str, limit: int) -> Problem:
    return Problem(
        where,
        0,
        f"file is larger than {limit / MIB:g} MiB, the limit for this kind of file "
        f"(set {Limits.variable(field)} to a larger number of MiB to read it)",
    )


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a plain file"
