"""What the tests share: the paths of the fixtures, the command-line runner, a
case-file writer and the SPARQL server fixtures (``oxigraph_server``, ``endpoint``).
Test modules import the constants and helpers (``from conftest import FIXTURES,
cli``); pytest provides the fixtures."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import chromium, missing_browser
from click.testing import CliRunner, Result
from servers import oxigraph_binary, start_oxigraph

from casegraph.cli import main
from casegraph.store.remote import RemoteEngine

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
FIXTURES = TESTS / "fixtures"
MINIMAL = FIXTURES / "minimal.yaml"
REAL_CASE = REPO / "data" / "cases" / "prevent-amess-2014.yaml"

# The store checks casegraph remembers (casegraph.store.integrity) go to a cache folder
# of this test run, for the commands it runs in-process and as processes alike.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="casegraph-tests-cache-")
atexit.register(shutil.rmtree, os.environ["XDG_CACHE_HOME"], ignore_errors=True)


def cli(*args: str, stdin: str | None = None) -> Result:
    """Run the ``casegraph`` command line in this process (standard error kept apart)."""
    return CliRunner().invoke(main, list(args), input=stdin)


def cli_outputs(*args: str) -> tuple[int, str, str]:
    """The exit code, standard output and standard error of a ``casegraph`` command."""
    result = cli(*args)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def write_case(tmp_path: Path) -> Callable[..., Path]:
    """Write a case file and return its path.

    Call as ``write_case(text)`` (into tmp_path) or ``write_case(directory, text)``;
    ``name=`` sets the file name (default case.yaml). ``text`` may be str (written as
    UTF-8) or bytes (written as is).
    """

    def write(*args: Path | str | bytes, name: str = "case.yaml") -> Path:
        folder, text = (args[0], args[1]) if len(args) == 2 else (tmp_path, args[0])
        assert isinstance(folder, Path) and isinstance(text, str | bytes)
        path = folder / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def real_case_path() -> Path:
    """The real case (data/cases/prevent-amess-2014.yaml); skips when it is not there yet."""
    if not REAL_CASE.exists():
        pytest.skip(f"the real case {REAL_CASE.relative_to(REPO)} is not in the tree")
    return REAL_CASE


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of an Oxigraph server on 127.0.0.1, for the whole session."""
    if oxigraph_binary() is None:
        pytest.skip("the oxigraph server is not installed (pip install oxigraph)")
    server = start_oxigraph(tmp_path_factory.mktemp("oxigraph"))
    yield server.url
    server.stop()


@pytest.fixture
def endpoint(oxigraph_server: str) -> str:
    """The server, emptied before each test."""
    RemoteEngine(oxigraph_server)._update("DROP ALL")
    return oxigraph_server


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium through Playwright, one per test module; skips when it is missing."""
    reason = missing_browser()
    if reason:
        pytest.skip(reason)
    with chromium() as launched:
        yield launched
