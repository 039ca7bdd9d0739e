"""Real SPARQL servers for the tests: Oxigraph server and Virtuoso, on 127.0.0.1.

Each is started in a temporary folder on free ports and stopped by the caller. Virtuoso
(Debian's ``virtuoso-opensource``, installed by scripts/ensure-virtuoso) runs with
its shipped settings, its result cap of 10,000 rows included, and gets a user
``casegraph`` allowed to update through the digest-authenticated ``/sparql-auth``
endpoint; the anonymous ``/sparql`` endpoint stays read-only (no open grant).
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
VIRTUOSO_USER = "casegraph"
VIRTUOSO_PASSWORD = "casegraph-test-password"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def oxigraph_binary() -> str | None:
    """The ``oxigraph`` server binary: beside this Python, or on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.exists() else shutil.which("oxigraph")


def virtuoso_missing() -> str | None:
    """Why Virtuoso cannot run here, or None."""
    if not (shutil.which("virtuoso-t") and shutil.which("isql-vt") and VIRTUOSO_INI.exists()):
        return "Virtuoso is not installed (scripts/ensure-virtuoso installs it)"
    return None


@dataclass
class Server:
    """A running server: its query URL, the environment giving its credentials, its process."""

    kind: str
    url: str
    process: subprocess.Popen[bytes]
    env: dict[str, str] = field(default_factory=dict)
    folder: Path | None = None

    def restart(self) -> Server:
        """The same server started again on its folder (after it was stopped or killed)."""
        self.stop()
        assert self.folder is not None
        if self.kind == "oxigraph":
            return start_oxigraph(self.folder)
        return start_virtuoso(self.folder, create_user=False)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _answers(url: str, headers: dict[str, str] | None = None) -> bool:
    try:
        request = urllib.request.Request(url + "?query=ASK%7B%7D", headers=headers or {})
        with urllib.request.urlopen(request, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def _wait(process: subprocess.Popen[bytes], url: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while process.poll() is None and time.monotonic() < deadline:
        if _answers(url):
            return True
        time.sleep(0.1)
    return False


def start_oxigraph(folder: Path) -> Server:
    binary = oxigraph_binary()
    if binary is None:
        raise RuntimeError("the oxigraph server is not installed (pip install oxigraph)")
    for _attempt in range(3):  # the free port may be taken before the server binds it
        port = free_port()
        process = subprocess.Popen(
            [
                binary,
                "serve",
                "--location",
                str(folder),
                "--bind",
                f"127.0.0.1:{port}",
                "--union-default-graph",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        if _wait(process, url + "/query", 20):
            return Server("oxigraph", url, process, folder=folder)
        process.kill()
        process.wait()
    raise RuntimeError("could not start the oxigraph server on 127.0.0.1")


def _virtuoso_ini(folder: Path, sql_port: int, http_port: int) -> Path:
    """Debian's virtuoso.ini with the database in ``folder`` and the given ports."""
    text = VIRTUOSO_INI.read_text(encoding="utf-8")
    text = re.sub(r"/var/lib/virtuoso-opensource-7/db/", f"{folder}/", text)
    section = ""
    lines = []
    for line in text.splitlines():
        head = re.match(r"^\[(.+)\]", line)
        if head:
            section = head.group(1)
        key = line.split("=", 1)[0].strip()
        if key == "ServerPort" and section == "Parameters":
            line = f"ServerPort = 127.0.0.1:{sql_port}"
        elif key == "ServerPort" and section == "HTTPServer":
            line = f"ServerPort = 127.0.0.1:{http_port}"
        elif key == "DirsAllowed":
            line = f"DirsAllowed = ., {folder}, /usr/share/virtuoso-opensource-7/vad"
        elif key == "DefaultHost":
            line = f"DefaultHost = 127.0.0.1:{http_port}"
        lines.append(line)
    ini = folder / "virtuoso.ini"
    ini.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ini


def isql(sql_port: int, statements: str) -> str:
    """Run SQL as dba (the fresh database's default password) and return its output."""
    done = subprocess.run(
        ["isql-vt", f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={statements}"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
        raise RuntimeError(f"isql failed: {done.stdout}{done.stderr}")
    return done.stdout


def start_virtuoso(folder: Path, create_user: bool = True) -> Server:
    """Virtuoso in ``folder``, with an authenticated user that may update (see module doc)."""
    why = virtuoso_missing()
    if why:
        raise RuntimeError(why)
    folder.mkdir(parents=True, exist_ok=True)
    for _attempt in range(3):
        sql_port, http_port = free_port(), free_port()
        ini = _virtuoso_ini(folder, sql_port, http_port)
        process = subprocess.Popen(
            ["virtuoso-t", "+configfile", str(ini), "+foreground"],
            cwd=folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{http_port}"
        if _wait(process, base + "/sparql", 60):
            break
        process.kill()
        process.wait()
    else:
        raise RuntimeError("could not start Virtuoso on 127.0.0.1")
    if create_user:
        isql(
            sql_port,
            f"DB.DBA.USER_CREATE('{VIRTUOSO_USER}', '{VIRTUOSO_PASSWORD}'); "
            f'GRANT SPARQL_SELECT TO "{VIRTUOSO_USER}"; '
            f'GRANT SPARQL_UPDATE TO "{VIRTUOSO_USER}"; '
            f"DB.DBA.RDF_DEFAULT_USER_PERMS_SET('{VIRTUOSO_USER}', 7);",
        )
    env = {"CASEGRAPH_SPARQL_USER": VIRTUOSO_USER, "CASEGRAPH_SPARQL_PASSWORD": VIRTUOSO_PASSWORD}
    server = Server("virtuoso", base + "/sparql-auth", process, env=env, folder=folder)
    server.sql_port = sql_port  # type: ignore[attr-defined]
    return server
