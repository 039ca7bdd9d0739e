"""Write output files without losing anything: the one way every command writes a file.

A write replaces a file only when all of it is ready: the bytes go to a temporary file
beside the target, which is then renamed over it, so a failed write (full disk, kill,
a bad path) leaves the previous file intact. Before any work is done,
:func:`check_output` refuses a target that is one of the inputs (``view case.yaml -o
case.yaml`` would replace the case), that lies inside a store, that is a symbolic link
(never followed into its target) or that is not a regular file.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

from casegraph.errors import CaseGraphError
from casegraph.read.inputs import CASE_SUFFIXES, RDF_SUFFIXES
from casegraph.store.marker import is_store


class OutputRefused(CaseGraphError):
    """An output path would overwrite an input, a store, or write through a link."""


def check_output(path: str | Path, inputs: Iterable[str | Path] = ()) -> Path:
    """Refuse an output path that would lose data; call it before the work starts.

    Args:
        path: the file to be written.
        inputs: the files and folders the command reads (case files, RDF, a store).

    Returns:
        The path, as a Path.

    Raises:
        OutputRefused: the path is a symbolic link, a folder or a special file, is
            one of the input files, or lies inside an input folder that is a store.
    """
    target = Path(path)
    try:
        info = target.lstat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise OutputRefused(f"cannot write {path}: {exc.strerror}") from None
    if info is not None:
        if stat.S_ISLNK(info.st_mode):
            raise OutputRefused(
                f"{path} is a symbolic link; casegraph does not write through links "
                "(give the path of a regular file, or remove the link)"
            )
        if stat.S_ISDIR(info.st_mode):
            raise OutputRefused(f"{path} is a folder; give a file name")
        if not stat.S_ISREG(info.st_mode):
            raise OutputRefused(
                f"{path} is not a regular file; give a file name "
                "(leave out -o to write to standard output)"
            )
    resolved = _resolve(target)
    for raw in inputs:
        source = Path(raw)
        if info is not None and _same_file(target, source):
            raise OutputRefused(
                f"{path} is also an input; writing it would replace it. Give another file"
            )
        if source.is_dir() and _inside(resolved, _resolve(source)):
            if is_store(source):
                raise OutputRefused(f"{path} is inside the store {raw}; write it elsewhere")
            if info is not None and (
                target.suffix in CASE_SUFFIXES or target.suffix in RDF_SUFFIXES
            ):
                raise OutputRefused(
                    f"{path} is one of the inputs (in {raw}); writing it would replace it. "
                    "Give another file"
                )
    return target


def write_output(
    path: str | Path,
    data: bytes | str | Callable[[BinaryIO], None],
    inputs: Iterable[str | Path] = (),
) -> Path:
    """Write ``data`` to ``path`` atomically (temporary file, then rename).

    ``data`` may be a function that writes to the open binary file, so that a large
    output (an export from a store) is streamed, never held in memory.

    The new file keeps the mode of the file it replaces (a new file gets the usual
    mode, by the umask). Text is written as UTF-8.

    Raises:
        OutputRefused: see :func:`check_output`.
        CaseGraphError: the file could not be written; the previous one is intact.
    """
    target = check_output(path, inputs)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    except OSError as exc:
        raise CaseGraphError(f"cannot write {path}: {exc.strerror}") from None
    temp: str | None = None
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            if callable(data):
                data(handle)
            else:
                handle.write(data.encode("utf-8") if isinstance(data, str) else data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        os.replace(temp, target)
        temp = None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise CaseGraphError(
            f"cannot write {path}: {reason}; the previous file, if any, is unchanged"
        ) from None
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)
    return target


def _resolve(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a link loop: compare the path as given
        return path.absolute()


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents
