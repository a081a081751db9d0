"""The Nu Html Checker (vnu) as a gatherer, run locally: the HTML-validity evidence behind
``tech.html-valid`` (the UN LOSI's W3C-validity indicator). Attaching its messages to a
site's evidence is :mod:`govlens.evidence.markup`.

The checker is the one behind https://validator.w3.org/nu/, shipped as ``vnu.jar`` by the
``vnu-jar`` npm package and run here with the machine's Java (17 or later). Two modes:

* :class:`NuValidator` (preferred): starts the checker as an HTTP service bound to
  127.0.0.1 on a free port, once, and POSTs each document to it (``/?out=json``). The JVM
  starts once (seconds); each document then costs milliseconds.
* :class:`BatchValidator` / :func:`validate_files`: ``java -jar vnu.jar --format json`` on
  files, one JVM per call; the fallback when the service cannot run. vnu's command line
  reads files as UTF-8, so :class:`BatchValidator` transcodes other encodings first.

Nothing here reaches beyond loopback: documents are sent in the request body, and the
service is started with ``allowed-address-type=none`` so it refuses every URL-based check
(``?doc=``) and external entity. The same input gives the same messages: the checker's
language detection (a randomised sampler) gets a fixed seed, bodies are sent compressed in
one write (so vnu reads them in the same pieces every time), and each message's extract is
cut from the document here rather than taken from vnu (whose extract depends on what it had
read when it reported). See docs/html-validity.md.

The jar is looked for in ``$GOVLENS_VNU_JAR``, ``<repo>/node_modules``,
``<repo>/.venv/npm/node_modules`` and ``<sys.prefix>/npm/node_modules``
(``npm install --ignore-scripts --prefix .venv/npm vnu-jar``, which ``make setup`` runs).
"""

from __future__ import annotations

import atexit
import codecs
import contextlib
import gzip
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import unquote, urlsplit

from govlens.collect.decode import charset_from_content_type, codec_for, decode

WARM_UP = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>warm-up</title></head>'
           '<body><main><h1>warm-up</h1><p id="a">text<p id="a">again<div><span>x</div></main></body></html>')
JAR_ENV = "GOVLENS_VNU_JAR"
USER_AGENT = "govlens-htmlvalid"  # the service answers 400 to a request without one
JAVA_ENV = "GOVLENS_JAVA"
_JAR_IN_PACKAGE = Path("vnu-jar") / "build" / "dist" / "vnu.jar"
_REPO = Path(__file__).resolve().parents[3]  # src/govlens/collect/htmlvalid.py → the checkout

# Fixed seed for the checker's language detection (cybozu langdetect samples at random).
LANGDETECT_SEED = "0"
# vnu's own default is 2 MiB; tech.page-weight tolerates up to 4 MB of HTML before failing.
MAX_DOCUMENT_BYTES = 16 * 1024 * 1024
# vnu stops after this many messages with a fatal "Too many messages." (validator.w3.org's limit).
MESSAGE_LIMIT = 1000

_BOMS = {"utf-8": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE,
         "utf-16-be": codecs.BOM_UTF16_BE}


@dataclass(frozen=True, slots=True)
class Markup:
    """One message of the Nu Html Checker (vnu) about the home page (evidence: the checks
    read it as ``SiteEvidence.markup``)."""

    type: str  # error | info (warnings are info with subType "warning")
    message: str
    line: int = 0
    column: int = 0
    extract: str = ""
    subtype: str = ""


class ValidatorUnavailable(RuntimeError):
    """vnu.jar or Java is missing: HTML validity cannot be measured on this machine."""


class ValidatorError(RuntimeError):
    """The checker was there but failed (did not start, died, or answered nonsense)."""


class Validator(Protocol):
    def validate(self, html: str | bytes,
                 content_type: str = "text/html; charset=utf-8") -> tuple[Markup, ...]: ...


# ----------------------------------------------------------------------------- discovery

def jar_candidates() -> list[Path]:
    """Where vnu.jar is looked for, in order (the env variable is handled by :func:`find_jar`)."""
    return [_REPO / "node_modules" / _JAR_IN_PACKAGE,
            _REPO / ".venv" / "npm" / "node_modules" / _JAR_IN_PACKAGE,
            Path(sys.prefix) / "npm" / "node_modules" / _JAR_IN_PACKAGE]


def find_jar() -> Path | None:
    """The vnu.jar to use, or None. ``$GOVLENS_VNU_JAR``, when set, is the only place looked at."""
    env = os.environ.get(JAR_ENV, "").strip()
    if env:
        p = Path(env).expanduser()
        return p if p.is_file() else None
    return next((p for p in jar_candidates() if p.is_file()), None)


def find_java() -> str | None:
    """``$GOVLENS_JAVA``, then ``$JAVA_HOME/bin/java``, then ``java`` on PATH."""
    for cand in (os.environ.get(JAVA_ENV, "").strip(),
                 os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else ""):
        if cand and os.path.isfile(cand) and os.access(cand, os.X_OK):
            return cand
    return shutil.which("java")


def _resolve(jar: str | Path | None = None, java: str | None = None) -> tuple[str, Path]:
    """(java, vnu.jar) to run: the ones given, else found; :class:`ValidatorUnavailable` if not."""
    if jar is not None:
        found = Path(jar)
        if not found.is_file():
            raise ValidatorUnavailable(f"vnu.jar not found at {found}")
    else:
        found_jar = find_jar()
        if found_jar is None:
            env = os.environ.get(JAR_ENV, "").strip()
            where = (f"${JAR_ENV}={env} is not a file" if env else
                     "looked in " + ", ".join(str(p) for p in jar_candidates()))
            raise ValidatorUnavailable(
                f"vnu.jar (the Nu Html Checker) not found: {where}. Install it with "
                f"`npm install --ignore-scripts --prefix .venv/npm vnu-jar` (make setup does) "
                f"or set ${JAR_ENV}.")
        found = found_jar
    java = java or find_java()
    if java is None:
        raise ValidatorUnavailable(
            "java not found (the Nu Html Checker needs Java 17+): install a JRE "
            f"(e.g. apt-get install default-jre-headless) or set $JAVA_HOME or ${JAVA_ENV}.")
    return java, found


def _system_properties() -> list[str]:
    return [f"-Dnu.validator.checker.langDetectionSeed={LANGDETECT_SEED}",
            "-Dnu.validator.servlet.allowed-address-type=none",
            f"-Dnu.validator.servlet.max-file-size={MAX_DOCUMENT_BYTES}",
            f"-Dnu.validator.messages.limit={MESSAGE_LIMIT}",
            "-Djava.awt.headless=true"]


# ----------------------------------------------------------------------------- messages

class Source:
    """The checked text, to cut each message's extract from it.

    vnu cuts its ``extract`` (10 characters before the flagged text, the text, up to 6
    after) from what its streaming parser has read so far, which depends on how the
    request body arrived over the socket: the same document can get a shorter extract on
    another run. Cut from the whole text, the extract is the same every time. Positions
    are vnu's: lines split at LF, CR LF or CR; 1-based columns in UTF-16 code units.
    """

    BEFORE, AFTER = 10, 6

    def __init__(self, text: str) -> None:
        self.text = text.replace("\r\n", "\n").replace("\r", "\n")
        self._starts: list[int] | None = None

    def _offset(self, line: int, column: int) -> int | None:
        if self._starts is None:
            starts, pos = [0], 0
            for part in self.text.split("\n")[:-1]:
                pos += len(part) + 1
                starts.append(pos)
            self._starts = starts
        if not 1 <= line <= len(self._starts) or column < 1:
            return None
        start = self._starts[line - 1]
        end = self._starts[line] - 1 if line < len(self._starts) else len(self.text)
        units, i = 0, start
        while i < end and units < column - 1:  # UTF-16 units → code points
            units += 2 if ord(self.text[i]) > 0xFFFF else 1
            i += 1
        return i

    def extract(self, first: tuple[int, int], last: tuple[int, int]) -> str | None:
        a, b = self._offset(*first), self._offset(*last)
        if a is None or b is None or b < a:
            return None
        t = self.text
        start, units = a, 0  # the context is counted in UTF-16 units too (an emoji is two)
        while start > 0 and units + (w := 2 if ord(t[start - 1]) > 0xFFFF else 1) <= self.BEFORE:
            start, units = start - 1, units + w
        end, units = b + 1, 0
        while end < len(t) and units + (w := 2 if ord(t[end]) > 0xFFFF else 1) <= self.AFTER:
            end, units = end + 1, units + w
        return t[start:end]


def markup_of(message: Mapping[str, Any], source: Source | None = None) -> Markup:
    """One vnu JSON message as :class:`Markup`; the position is where the flagged text starts.

    vnu gives ``lastLine``/``lastColumn`` always and ``firstLine`` only when it differs from
    ``lastLine``; ``firstColumn`` belongs to ``firstLine`` (or to ``lastLine`` without it).
    With ``source``, the extract is cut from it (see :class:`Source`), not taken from vnu.
    """
    last_line = int(message.get("lastLine") or 0)
    last_column = int(message.get("lastColumn") or 0)
    line = int(message.get("firstLine") or last_line)
    column = int(message.get("firstColumn") or last_column)
    extract = str(message.get("extract", ""))
    if extract and source is not None:
        extract = source.extract((line, column), (last_line, last_column)) or extract
    return Markup(type=str(message.get("type", "")), message=str(message.get("message", "")),
                  line=line, column=column, extract=extract, subtype=str(message.get("subType", "")))


def parse_report(payload: bytes | str, source: Source | None = None) -> tuple[Markup, ...]:
    """vnu's ``out=json`` / ``--format json`` document → messages, in the checker's order."""
    try:
        doc = json.loads(payload)
        messages = doc["messages"]
    except (ValueError, KeyError, TypeError) as exc:
        raise ValidatorError(f"unreadable answer from the Nu Html Checker: {str(payload)[:200]!r}") from exc
    return tuple(markup_of(m, source) for m in messages if isinstance(m, dict))


def source_of(body: bytes, content_type: str) -> Source:
    """The text vnu checks in ``body``: decoded by header charset, BOM, ``<meta>`` (as vnu)."""
    return Source(decode(body, content_type)[0])


def _encode(html: str | bytes, content_type: str) -> bytes:
    if isinstance(html, bytes):
        return html
    codec = codec_for(charset_from_content_type(content_type)) or "utf-8"
    try:
        return html.encode(codec, errors="xmlcharrefreplace")
    except (LookupError, UnicodeError):
        return html.encode("utf-8", errors="xmlcharrefreplace")


# ----------------------------------------------------------------------------- service mode

def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _tail(path: Path | None, n: int = 2000) -> str:
    if path is None:
        return ""
    try:
        return path.read_text(encoding="utf-8", errors="replace")[-n:]
    except OSError:
        return ""


class NuValidator:
    """The Nu Html Checker as a local HTTP service, for the life of a ``with`` block.

    >>> with NuValidator() as v:                       # doctest: +SKIP
    ...     v.validate("<!doctype html><title>x</title>")
    ()

    ``validate`` may be called from several threads at once (one connection per call).
    ``startup_s`` is how long the JVM took to answer.
    """

    def __init__(self, jar: str | Path | None = None, *, java: str | None = None,
                 startup_timeout_s: float = 120.0, request_timeout_s: float = 120.0,
                 java_options: Iterable[str] = ("-Xss4m", "-Xmx512m")) -> None:
        self.java, self.jar = _resolve(jar, java)
        self.startup_timeout_s = startup_timeout_s
        self.request_timeout_s = request_timeout_s
        self.java_options = tuple(java_options)
        self.port: int | None = None
        self.startup_s: float | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._log: Path | None = None
        self._lock = threading.Lock()
        self._closed = False

    # lifecycle ---------------------------------------------------------------
    def __enter__(self) -> NuValidator:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def start(self) -> None:
        """Start the service and wait until it answers; a busy port is retried on another."""
        with self._lock:
            if self.running:
                return
            self._stop()  # a service that died: reap it, remove its log
            self._closed = False
            t0 = time.monotonic()
            last = ""
            for _ in range(3):
                port = _free_port()
                try:
                    self._spawn(port)
                    self._wait_ready(t0)
                    # one real check: proves the service works end to end and warms the JIT
                    # (the first document otherwise takes over a second)
                    self._post(WARM_UP, "text/html; charset=utf-8")
                except ValidatorError as exc:
                    last = str(exc)
                    self._stop()
                    if ("BindException" in last or "already in use" in last) \
                            and time.monotonic() - t0 < self.startup_timeout_s:
                        continue  # the port was taken between choosing and binding it
                    raise
                self.startup_s = time.monotonic() - t0
                atexit.register(self.close)
                return
            raise ValidatorError(last)

    def _spawn(self, port: int) -> None:
        fd, log = tempfile.mkstemp(prefix="govlens-vnu-", suffix=".log")
        self._log = Path(log)
        cmd = [self.java, *self.java_options, *_system_properties(),
               "-Dnu.validator.servlet.bind-address=127.0.0.1",
               "-cp", str(self.jar), "nu.validator.servlet.Main", str(port)]
        try:
            self._proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=fd,
                                          stderr=subprocess.STDOUT, close_fds=True)
        except OSError as exc:
            raise ValidatorUnavailable(f"cannot run {self.java}: {exc}") from exc
        finally:
            os.close(fd)
        self.port = port

    def _wait_ready(self, t0: float) -> None:
        assert self._proc is not None and self.port is not None
        while True:
            code = self._proc.poll()
            if code is not None:
                raise ValidatorError(f"the Nu Html Checker exited ({code}) while starting: "
                                     f"{_tail(self._log)}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                try:
                    conn.request("GET", "/", headers={"User-Agent": USER_AGENT})
                    if conn.getresponse().status == 200:
                        return
                finally:
                    conn.close()
            except OSError:
                pass
            if time.monotonic() - t0 > self.startup_timeout_s:
                raise ValidatorError(f"the Nu Html Checker did not answer within "
                                     f"{self.startup_timeout_s:.0f} s: {_tail(self._log)}")
            time.sleep(0.1)

    def close(self) -> None:
        """Stop the service (SIGTERM, then SIGKILL after 10 s). Safe to call twice."""
        with self._lock:
            self._closed = True
            self._stop()
        atexit.unregister(self.close)

    def _stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)
        if self._log is not None:
            with contextlib.suppress(OSError):
                self._log.unlink()
            self._log = None

    # checking ----------------------------------------------------------------
    def validate(self, html: str | bytes,
                 content_type: str = "text/html; charset=utf-8") -> tuple[Markup, ...]:
        """The checker's messages for one document, in its order.

        ``bytes`` are sent as they are (the checker sniffs BOM and ``<meta charset>`` when
        ``content_type`` names no charset, as a browser would); ``str`` is encoded in the
        charset ``content_type`` names (UTF-8 if none).
        """
        if not self.running:
            if self.startup_s is None or self._closed:
                raise ValidatorError("the Nu Html Checker is not running (use `with NuValidator() as v:`)")
            self.start()  # it died during a run (a crash, the OOM killer): start it again
        return self._post(html, content_type)

    def _post(self, html: str | bytes, content_type: str) -> tuple[Markup, ...]:
        if self.port is None:
            raise ValidatorError("the Nu Html Checker is not running")
        body = raw = _encode(html, content_type)
        if len(body) > MAX_DOCUMENT_BYTES:
            return (Markup(type="non-document-error", subtype="too-large",
                           message=f"document of {len(body)} bytes not checked: larger than "
                                   f"{MAX_DOCUMENT_BYTES} bytes"),)
        # Sent compressed, in one write with the headers (http.client joins them for bytes):
        # * vnu stops reading after MESSAGE_LIMIT messages and closes the connection; a body
        #   still arriving is then reset and the answer lost (seen with 4.5 MB of HTML);
        #   compressed, the whole body is in the socket buffers long before (tested to 14 MiB);
        # * vnu reports positions as its read buffers see the text, and a buffer boundary can
        #   move a position by one character; a body that arrives whole is read in the same
        #   pieces every time.
        body = gzip.compress(body, 6, mtime=0)
        headers = {"Content-Type": content_type, "Content-Encoding": "gzip",
                   "Content-Length": str(len(body)), "User-Agent": USER_AGENT}
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.request_timeout_s)
        try:
            conn.request("POST", "/?out=json", body=body, headers=headers)
            resp = conn.getresponse()
            payload = resp.read()
        except OSError as exc:
            # if the document killed the JVM, the next call starts a new one
            raise ValidatorError(f"the Nu Html Checker did not answer: {exc}; {_tail(self._log, 500)}") from exc
        finally:
            conn.close()
        if resp.status != 200:
            raise ValidatorError(f"the Nu Html Checker answered HTTP {resp.status}: {payload[:200]!r}")
        return parse_report(payload, source_of(raw, content_type))


# ----------------------------------------------------------------------------- batch mode

def validate_files(paths: Iterable[str | Path], *, jar: str | Path | None = None,
                   java: str | None = None, timeout_s: float = 600.0) -> dict[Path, tuple[Markup, ...]]:
    """Check files with one ``java -jar vnu.jar --format json --exit-zero-always`` run.

    Returns every path given (resolved) with its messages; a file without messages maps to
    ``()``. Files ending in .xhtml/.xht are parsed as XML, the rest as HTML, and HTML files
    are always read as UTF-8 (vnu's command-line rules; :class:`BatchValidator` transcodes).
    """
    files = [Path(p).resolve() for p in paths]
    if not files:
        return {}
    java, jar = _resolve(jar, java)
    cmd = [java, "-Xss4m", "-Xmx512m", *_system_properties(), "-jar", str(jar),
           "--format", "json", "--exit-zero-always", "--stdout", *map(str, files)]
    try:
        done = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout_s,
                              check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ValidatorError(f"vnu batch run failed: {exc}") from exc
    if done.returncode != 0:
        raise ValidatorError(f"vnu exited {done.returncode}: {done.stderr.decode('utf-8', 'replace')[-1000:]}")
    try:
        messages = json.loads(done.stdout)["messages"]
    except (ValueError, KeyError, TypeError) as exc:
        raise ValidatorError(f"unreadable vnu output: {done.stdout[:200]!r}") from exc
    out: dict[Path, list[Markup]] = {f: [] for f in files}
    sources: dict[Path, Source] = {}

    def source(path: Path) -> Source:
        if path not in sources:  # read as vnu reads it: HTML as UTF-8, XML by its declaration
            body = path.read_bytes()
            xml = path.suffix.lower() in (".xhtml", ".xht")
            sources[path] = Source(decode(body)[0] if xml else body.decode("utf-8", "replace"))
        return sources[path]

    for m in messages:
        if not isinstance(m, dict):
            continue
        url = str(m.get("url", ""))
        path = Path(unquote(urlsplit(url).path)).resolve() if url.startswith("file:") else None
        if path in out:
            out[path].append(markup_of(m, source(path)))
        else:  # a message about no file (the run itself); keep it with every file
            for v in out.values():
                v.append(markup_of(m))
    return {k: tuple(v) for k, v in out.items()}


class BatchValidator:
    """:class:`NuValidator`'s interface on :func:`validate_files`: one JVM per document.

    Slow (a JVM start each time) but needs no listening socket. vnu's command line reads
    every file as UTF-8 (whatever its ``<meta>`` says), so a document in another encoding
    is first decoded the way govlens decodes pages (header charset, BOM, ``<meta>``,
    detection) and checked as UTF-8: its text is checked correctly, but a legacy encoding
    is reported as "Internal encoding declaration … disagrees" instead of the service's
    "Legacy encoding … used" (both one error).
    """

    def __init__(self, jar: str | Path | None = None, *, java: str | None = None) -> None:
        self.java, self.jar = _resolve(jar, java)

    def __enter__(self) -> BatchValidator:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def close(self) -> None:
        return None

    def validate(self, html: str | bytes,
                 content_type: str = "text/html; charset=utf-8") -> tuple[Markup, ...]:
        body = _encode(html, content_type)
        text, codec, source = decode(body, content_type)
        if codec != "utf-8" or source == "bom":
            body = text.encode("utf-8", errors="xmlcharrefreplace")
        with tempfile.TemporaryDirectory(prefix="govlens-vnu-") as d:
            path = Path(d) / "document.html"
            path.write_bytes(body)
            markup = validate_files([path], jar=self.jar, java=self.java)[path.resolve()]
        # the command line has no message limit: stop where the service would
        counted = [i for i, m in enumerate(markup) if m.type == "error" or m.subtype == "warning"]
        if len(counted) > MESSAGE_LIMIT:
            markup = markup[:counted[MESSAGE_LIMIT]] + (
                Markup(type="error", message="Too many messages.", subtype="fatal"),)
        return markup


def open_validator(*, batch_fallback: bool = True) -> NuValidator | BatchValidator:
    """A started :class:`NuValidator`, else (if it cannot start) a :class:`BatchValidator`.

    Raises :class:`ValidatorUnavailable` when vnu.jar or Java is missing. Use as a context
    manager: ``with open_validator() as v: …``.
    """
    v = NuValidator()
    try:
        v.start()
        return v
    except ValidatorError:
        v.close()
        if not batch_fallback:
            raise
        return BatchValidator(v.jar, java=v.java)


@contextlib.contextmanager
def optional_validator(enabled: bool = True,
                       warn: Callable[[str], None] | None = None) -> Iterator[Validator | None]:
    """For a run: ``with optional_validator(flag, warn) as v:`` gives a started validator, or
    None (with one ``warn`` saying why) when disabled or when Java / vnu.jar is missing; the
    run then records ``tech.html-valid`` as not applicable instead of failing."""
    if not enabled:
        yield None
        return
    try:
        v = open_validator()
    except (ValidatorUnavailable, ValidatorError) as exc:
        if warn is not None:
            warn(f"HTML not validated (tech.html-valid is not applicable): {exc}")
        yield None
        return
    with v:
        yield v


# ----------------------------------------------------------------------------- evidence

