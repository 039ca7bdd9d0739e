"""HTTP for the SPARQL client: bounded in time and size, never redirected, authenticated.

The standard library's ``urlopen(timeout=...)`` bounds each socket read, not the whole
exchange: a server that sends one byte every few seconds is never timed out, and an
endless answer is read until memory runs out. Here every exchange has

- a connect timeout, and a deadline for the whole answer, enforced by a watchdog that
  shuts the socket down when it passes (so a trickling answer ends too);
- a cap on the answer's size, checked as it is read;
- no redirects: an endpoint answering 3xx is an error naming where it pointed (a
  redirect could send the query, and its credentials, to another host);
- credentials for HTTP basic and digest authentication from the environment
  (``CASEGRAPH_SPARQL_USER`` and ``CASEGRAPH_SPARQL_PASSWORD``) or from ``~/.netrc``
  (or the file ``NETRC`` names), never from the command line, where ``ps`` shows them;
- cancellation: :meth:`Http.cancel` shuts down every exchange in flight, so the first
  failure among concurrent queries stops the others at once.

Every failure is a :class:`RemoteError` carrying the server's own message, with
terminal escape codes and other control characters removed.
"""

from __future__ import annotations

import contextlib
import functools
import html
import http.client
import netrc
import os
import re
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from casegraph.errors import StoreError

USER_VARIABLE = "CASEGRAPH_SPARQL_USER"
PASSWORD_VARIABLE = "CASEGRAPH_SPARQL_PASSWORD"
DEFAULT_TIMEOUT = 300.0
DEFAULT_CONNECT_TIMEOUT = 10.0
# Large enough for a 1,000-case export as SPARQL JSON, small enough to never exhaust memory.
DEFAULT_MAX_RESPONSE_BYTES = 1 << 30
_CHUNK = 1 << 16
_ESCAPES = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|[@-Z\\-_])")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_TAGS = re.compile(r"<[^>]*>")


class RemoteError(StoreError):
    """An endpoint refused a request, failed, or did not answer in time or in size."""


class _Cancelled(RemoteError):
    """This exchange was stopped because another one failed."""


def check_url(url: str) -> urllib.parse.SplitResult:
    """The parts of an endpoint URL, or a RemoteError saying what is wrong with it."""
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        raise RemoteError(f"not a valid URL: {url!r} ({exc})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RemoteError(f"not an http(s) URL: {url!r}; give the endpoint's query URL")
    if parts.username or parts.password:
        raise RemoteError(
            f"the endpoint URL holds credentials, which other users see in `ps`; give them in "
            f"{USER_VARIABLE} and {PASSWORD_VARIABLE}, or in ~/.netrc, instead"
        )
    return parts


def clean_message(text: str, limit: int = 500) -> str:
    """A server's message made safe to print: no escape codes, tags or control characters."""
    text = _ESCAPES.sub("", text)
    if "<" in text and ">" in text:
        text = html.unescape(_TAGS.sub(" ", text))
    text = _CONTROLS.sub("", text)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def credentials(host: str, environ: Mapping[str, str] | None = None) -> tuple[str, str] | None:
    """(user, password) for ``host``: from the environment, else from the netrc file."""
    environ = os.environ if environ is None else environ
    user = environ.get(USER_VARIABLE)
    if user:
        return user, environ.get(PASSWORD_VARIABLE, "")
    path = environ.get("NETRC") or os.path.join(os.path.expanduser("~"), ".netrc")
    if not os.path.isfile(path):
        return None
    try:
        entry = netrc.netrc(path).authenticators(host)
    except (netrc.NetrcParseError, OSError) as exc:
        raise RemoteError(f"cannot read the credentials in {path}: {exc}") from None
    if entry is None:
        return None
    login, _account, password = entry
    return (login, password or "") if login else None


@dataclass
class Answer:
    """One HTTP answer: status, headers (lower-cased names) and body."""

    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


class _Exchange:
    """The sockets of one request, and the watchdog that ends it at its deadline."""

    def __init__(self) -> None:
        self.sockets: list[socket.socket] = []
        self.expired = False
        self.cancelled = False
        self._lock = threading.Lock()

    def add(self, sock: socket.socket) -> None:
        with self._lock:
            self.sockets.append(sock)
            stop = self.expired or self.cancelled
        if stop:
            _shutdown(sock)

    def stop(self, *, cancel: bool = False) -> None:
        with self._lock:
            if cancel:
                self.cancelled = True
            else:
                self.expired = True
            sockets = list(self.sockets)
        for sock in sockets:
            _shutdown(sock)


def _shutdown(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed
        sock.shutdown(socket.SHUT_RDWR)


class _WatchedHTTP(http.client.HTTPConnection):
    """A connection whose socket reads with a timeout and is known to the exchange's watchdog."""

    def __init__(self, *args: Any, exchange: _Exchange, read_timeout: float, **kw: Any):
        super().__init__(*args, **kw)
        self._exchange, self._read_timeout = exchange, read_timeout

    def connect(self) -> None:
        super().connect()
        self.sock.settimeout(self._read_timeout)
        self._exchange.add(self.sock)


class _WatchedHTTPS(_WatchedHTTP, http.client.HTTPSConnection):
    """The same over TLS: HTTPSConnection.connect wraps the socket, then it is watched."""


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, exchange: _Exchange, read_timeout: float):
        super().__init__()
        self._factory = functools.partial(
            _WatchedHTTP, exchange=exchange, read_timeout=read_timeout
        )

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._factory, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, exchange: _Exchange, read_timeout: float):
        super().__init__()
        self._factory = functools.partial(
            _WatchedHTTPS, exchange=exchange, read_timeout=read_timeout
        )

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        # HTTPSHandler keeps its SSL context in _context (not in typeshed's stubs)
        context = self._context  # type: ignore[attr-defined]
        return self.do_open(self._factory, req, context=context)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(
        self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> None:
        raise RemoteError(
            f"{_where(req.full_url)} answered {code} {msg}, redirecting to "
            f"{clean_message(newurl, 200)}; casegraph does not follow redirects (one could "
            f"send the query to another host): give the final URL as the endpoint"
        )


class Http:
    """Bounded, authenticated HTTP exchanges with one endpoint (safe to share across threads).

    Args:
        root: the endpoint's ``scheme://host:port`` (credentials are sent only there).
        timeout: seconds for one whole exchange, from connecting to the answer's last byte.
        connect_timeout: seconds to wait for the connection.
        max_response_bytes: the largest answer to read.
        environ: where to find the credential variables (default: os.environ).
    """

    def __init__(
        self,
        root: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        environ: Mapping[str, str] | None = None,
    ):
        if timeout <= 0 or connect_timeout <= 0:
            raise RemoteError("a timeout must be more than 0 seconds")
        self.timeout = timeout
        self.connect_timeout = min(connect_timeout, timeout)
        self.max_response_bytes = max_response_bytes
        self.root = root
        self.credentials = credentials(urllib.parse.urlsplit(root).hostname or "", environ)
        self._active: set[_Exchange] = set()
        self._lock = threading.Lock()
        self._cancelled = False

    def cancel(self) -> None:
        """Stop every exchange in flight and refuse new ones (until :meth:`resume`)."""
        with self._lock:
            self._cancelled = True
            active = list(self._active)
        for exchange in active:
            exchange.stop(cancel=True)

    def resume(self) -> None:
        with self._lock:
            self._cancelled = False

    def _opener(self, exchange: _Exchange) -> urllib.request.OpenerDirector:
        handlers: list[Any] = [
            _HTTPHandler(exchange, self.timeout),
            _HTTPSHandler(exchange, self.timeout),
            _NoRedirects(),
        ]
        if self.credentials is not None:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            passwords.add_password(None, self.root, *self.credentials)  # type: ignore[arg-type]
            # Digest is tried first (it refuses to answer a basic challenge, and basic
            # refuses a digest one), then basic.
            handlers += [
                urllib.request.HTTPDigestAuthHandler(passwords),
                urllib.request.HTTPBasicAuthHandler(passwords),
            ]
        return urllib.request.build_opener(*handlers)

    def request(
        self, url: str, *, body: bytes | None = None, headers: Mapping[str, str] | None = None
    ) -> Answer:
        """GET (no body) or POST ``url``; the answer, or a RemoteError saying why not."""
        exchange = _Exchange()
        with self._lock:
            if self._cancelled:
                raise _Cancelled("cancelled: another request to the endpoint failed")
            self._active.add(exchange)
        watchdog = threading.Timer(self.timeout, exchange.stop)
        watchdog.daemon = True
        watchdog.start()
        request = urllib.request.Request(
            url,
            data=body,
            method="POST" if body is not None else "GET",
            headers=dict(headers or {}),
        )
        try:
            with self._opener(exchange).open(request, timeout=self.connect_timeout) as response:
                answer_headers = {k.lower(): v for k, v in response.headers.items()}
                data = self._read(response, url)
                if exchange.expired or exchange.cancelled:
                    raise OSError("stopped")
                return Answer(response.status, answer_headers, data)
        except urllib.error.HTTPError as exc:
            if exchange.expired or exchange.cancelled:
                raise self._stopped(exchange, url) from None
            detail = clean_message(exc.read(_CHUNK).decode("utf-8", "replace"))
            hint = ""
            if exc.code in (401, 403):
                hint = (
                    f" (give a user allowed to do this in {USER_VARIABLE} and "
                    f"{PASSWORD_VARIABLE}, or in ~/.netrc)"
                )
            raise RemoteError(
                f"{_where(url)} answered {exc.code} {clean_message(str(exc.reason), 100)}: "
                f"{detail or '(no message)'}{hint}"
            ) from None
        except RemoteError:
            raise
        except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as exc:
            if exchange.expired or exchange.cancelled:
                raise self._stopped(exchange, url) from None
            reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
            if isinstance(reason, TimeoutError | socket.timeout):
                # urlopen's own timeout is the connect timeout; reads are the watchdog's.
                limit = self.connect_timeout if isinstance(exc, urllib.error.URLError) else None
                raise RemoteError(
                    f"no answer from the SPARQL endpoint {_where(url)} within "
                    f"{limit or self.timeout:g} s (--timeout sets the limit)"
                ) from None
            raise RemoteError(
                f"cannot reach the SPARQL endpoint {_where(url)}: "
                f"{clean_message(str(reason), 200)}; is the server running?"
            ) from None
        finally:
            watchdog.cancel()
            with self._lock:
                self._active.discard(exchange)

    def _read(self, response: Any, url: str) -> bytes:
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = response.read(_CHUNK)
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > self.max_response_bytes:
                raise RemoteError(
                    f"the answer from {_where(url)} is larger than "
                    f"{self.max_response_bytes:,} bytes; casegraph stopped reading it "
                    f"(narrow the query, or raise max_response_bytes)"
                )
            chunks.append(chunk)

    def _stopped(self, exchange: _Exchange, url: str) -> RemoteError:
        if exchange.cancelled:
            return _Cancelled("cancelled: another request to the endpoint failed")
        return RemoteError(
            f"no complete answer from the SPARQL endpoint {_where(url)} within "
            f"{self.timeout:g} s (--timeout sets the limit)"
        )


def _where(url: str) -> str:
    """The URL without its query string (which may hold the whole query)."""
    return url.split("?", 1)[0]
