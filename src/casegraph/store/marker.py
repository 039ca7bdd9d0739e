"""What marks a folder as an embedded store, for the store and for the output writer
(which must never write into one) alike."""

from __future__ import annotations

from pathlib import Path

# The file RocksDB keeps in every store's folder.
MARKER = "CURRENT"


def is_store(path: str | Path) -> bool:
    """True when ``path`` is a directory holding a store."""
    return (Path(path) / MARKER).is_file()
