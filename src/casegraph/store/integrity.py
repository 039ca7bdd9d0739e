"""Checksums of a store's table files, recorded by every write and checked on every open.

The engine does not notice damaged table data by itself: with 3 MB of one table file
zeroed, a COUNT query asked for a gigabyte at a time until the process was killed
(once 23 GB), while ``cases`` and ``gaps`` answered as if nothing were wrong. RocksDB's
table files (``*.sst``) never change once written, so a writer records each one's size
and SHA-1 in ``casegraph-checksums.json`` when it closes the store, and opening the
store checks them before any query runs.

Files written after the last record (a load that was killed) are not covered until the
next write; files the engine has since removed are skipped. How much is checked is
set by ``CASEGRAPH_VERIFY_STORE``: ``full`` (the default: every byte, about 0.1 s per
50 MB here), ``quick`` (sizes only) or ``off``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

from casegraph.errors import CaseGraphError, StoreError

CHECKSUMS = "casegraph-checksums.json"
VARIABLE = "CASEGRAPH_VERIFY_STORE"
_CHUNK = 4 * 1024 * 1024
_TABLE = re.compile(r"^\d+\.sst$")


class CorruptStore(StoreError):
    """A store's table files do not match the checksums recorded when it was written."""


def recovery_hint(path: str | Path) -> str:
    """What to do about a damaged store, for every message that reports one."""
    return (
        f"the store {path} is damaged; rebuild it from the case files "
        f"(`casegraph load FILES... --store NEW_DIR`) or restore it from a backup"
    )


def record(path: str | Path) -> None:
    """Record the checksums of the store's table files (call with the store closed).

    Files already recorded with the same size keep their checksum: table files never
    change, so only new ones are read.
    """
    from casegraph.output import write_output  # a store's checksums: written only on a write

    folder = Path(path)
    known = _recorded(folder)
    files = {}
    for table in sorted(folder.glob("*.sst")):
        if not _TABLE.match(table.name):  # e.g. a bulk loader's unfinished file
            continue
        try:
            size = table.stat().st_size
            previous = known.get(table.name)
            digest = previous[1] if previous and previous[0] == size else _digest(table)
        except OSError:  # removed by the engine meanwhile
            continue
        files[table.name] = [size, digest]
    body = {"format": 1, "algorithm": "sha1", "files": files}
    write_output(folder / CHECKSUMS, json.dumps(body, indent=0) + "\n")


def verify(path: str | Path) -> None:
    """Check the store's table files against the recorded checksums.

    Raises:
        CorruptStore: a table file's size or checksum differs, or the record is unreadable.
        CaseGraphError: ``CASEGRAPH_VERIFY_STORE`` has an unknown value.
    """
    level = os.environ.get(VARIABLE, "full").strip().lower() or "full"
    if level not in ("full", "quick", "off"):
        raise CaseGraphError(f"{VARIABLE}={level!r}: give full, quick or off")
    if level == "off":
        return
    folder = Path(path)
    try:
        known = _recorded(folder, strict=True)
    except ValueError as exc:
        raise CorruptStore(f"{CHECKSUMS} is unreadable ({exc}); {recovery_hint(path)}") from None
    for name, (size, digest) in sorted(known.items()):
        table = folder / name
        try:
            actual = table.stat().st_size
            if actual != size:
                raise CorruptStore(
                    f"{name} has {actual:,} bytes, not the {size:,} written; " + recovery_hint(path)
                )
            if level == "full" and _digest(table) != digest:
                raise CorruptStore(
                    f"{name} does not match the checksum written with it; " + recovery_hint(path)
                )
        except FileNotFoundError:
            continue  # the engine merged it into other files since


def _recorded(folder: Path, strict: bool = False) -> dict[str, tuple[int, str]]:
    try:
        text = (folder / CHECKSUMS).read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}  # a store written before checksums were kept: the next write adds them
    except OSError as exc:
        if strict:
            raise ValueError(exc.strerror) from None
        return {}
    try:
        files = json.loads(text)["files"]
        return {str(k): (int(v[0]), str(v[1])) for k, v in files.items()}
    except (ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        if strict:
            raise ValueError(f"{type(exc).__name__}") from None
        return {}


def _digest(path: Path) -> str:
    hasher = hashlib.sha1(usedforsecurity=False)  # a check against damage, not an attacker
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            hasher.update(chunk)
    return hasher.hexdigest()
