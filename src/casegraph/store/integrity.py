"""Checksums of a store's table files, recorded by every write and checked on every open.

The engine does not notice damaged table data by itself: with 3 MB of one table file
zeroed, a COUNT query asked for a gigabyte at a time until the process was killed
(once 23 GB), while ``cases`` and ``gaps`` answered as if nothing were wrong. RocksDB's
table files (``*.sst``) never change once written, so a writer records each one's size
and SHA-1 in ``casegraph-checksums.json`` when it closes the store, and opening the
store checks them before any query runs.

Reading every byte of a large store on every open costs more than the command (60,000
cases, 7 GB: 5.7 s before a 0.2 s query), so by default a file's bytes are read once
per version of the file: a check that passed is remembered, in the user's cache folder
(reading never writes to a store), with the file's inode, size, mtime and ctime, and the
file is read again only when one of these differs. Anything that changes a file
through the file system changes its ctime, which a program cannot set back (short of
setting the clock back), and a copied or restored store has new inodes, so its first
open reads everything. A check is
remembered only for a file whose ctime is at least RACY_SECONDS old when it is read (as
git treats "racily clean" files), so that a change within the clock's granularity
cannot hide behind an unchanged ctime.

Files written after the last record (a load that was killed) are not covered until the
next write; files the engine has since removed are skipped. How much is checked is
set by ``CASEGRAPH_VERIFY_STORE``: ``changed`` (the default: every byte of a file not
checked since it last changed, about 0.1 s per 50 MB here), ``full`` (every byte of
every file, on every open), ``quick`` (sizes only) or ``off``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import time
from pathlib import Path

from casegraph.errors import CaseGraphError, StoreError

CHECKSUMS = "casegraph-checksums.json"
VARIABLE = "CASEGRAPH_VERIFY_STORE"
LEVELS = ("changed", "full", "quick", "off")
RACY_SECONDS = 2.0  # coarser than any file system's ctime granularity
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
    if _open_in_this_process(folder):
        # The engine's background work could still be writing a table file: its
        # checksum would be wrong, and the next open would call the store damaged.
        raise StoreError(
            f"internal error: the checksums of {path} were to be recorded while the "
            "store was still open; the cases are written, but the next write must record "
            "them (please report this)"
        )
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
    level = os.environ.get(VARIABLE, "changed").strip().lower() or "changed"
    if level not in LEVELS:
        raise CaseGraphError(f"{VARIABLE}={level!r}: give {', '.join(LEVELS)}")
    if level == "off":
        return
    folder = Path(path)
    try:
        known = _recorded(folder, strict=True)
    except ValueError as exc:
        raise CorruptStore(f"{CHECKSUMS} is unreadable ({exc}); {recovery_hint(path)}") from None
    remembered = _remembered_in(folder)
    checked = _checked(remembered) if level == "changed" else {}
    still = {}
    for name, (size, digest) in sorted(known.items()):
        table = folder / name
        try:
            status = table.stat()
        except FileNotFoundError:
            continue  # the engine merged it into other files since
        if status.st_size != size:
            raise CorruptStore(
                f"{name} has {status.st_size:,} bytes, not the {size:,} written; "
                + recovery_hint(path)
            )
        if level == "quick":
            continue
        stamp = [status.st_ino, size, status.st_mtime_ns, status.st_ctime_ns, digest]
        if checked.get(name) == stamp:
            still[name] = stamp
            continue
        try:
            matches = _digest(table) == digest
        except FileNotFoundError:
            continue  # merged away while it was being read
        if not matches:
            raise CorruptStore(
                f"{name} does not match the checksum written with it; " + recovery_hint(path)
            )
        if time.time_ns() - status.st_ctime_ns > RACY_SECONDS * 1e9:
            still[name] = stamp
    if level == "changed" and still != checked:
        _remember(remembered, folder, still)


def _open_in_this_process(folder: Path) -> bool:
    """Whether this process still holds the store's database open (its LOCK file), where
    the operating system says (Linux's /proc); elsewhere, False."""
    lock = str((folder / "LOCK").resolve())
    try:
        handles = os.listdir("/proc/self/fd")
    except OSError:
        return False
    for handle in handles:
        with contextlib.suppress(OSError):
            if os.readlink(f"/proc/self/fd/{handle}") == lock:
                return True
    return False


def _remembered_in(folder: Path) -> Path:
    """Where the checks of this store's files are remembered: one file per store (by
    its full path) in ``$XDG_CACHE_HOME/casegraph/store-checks`` (``~/.cache`` by default)."""
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    key = hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:32]
    return Path(cache) / "casegraph" / "store-checks" / f"{key}.json"


def _checked(remembered: Path) -> dict[str, list[object]]:
    """The checks remembered for the store's files (none when the file is missing or
    unreadable: then every file is read)."""
    try:
        files = json.loads(remembered.read_text(encoding="utf-8"))["files"]
        return {str(k): list(v) for k, v in files.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _remember(remembered: Path, folder: Path, stamps: dict[str, list[object]]) -> None:
    """Keep what passed for the next open; without a writable cache, the next open
    just reads again."""
    from casegraph.output import write_output  # loaded only when there is news to keep

    body = {"format": 1, "store": str(folder.resolve()), "files": stamps}
    with contextlib.suppress(CaseGraphError, OSError):
        remembered.parent.mkdir(parents=True, exist_ok=True)
        write_output(remembered, json.dumps(body, indent=0) + "\n")


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
