"""The analyst hub: a JSON API under /api and server-rendered pages over a DuckDB store."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import json
import threading
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Iterator
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar
from urllib.parse import quote, urlencode, urlsplit

import duckdb
import jinja2
from fastapi import Depends, FastAPI, File, Form, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from dyad.actors.countries import load_countries
from dyad.dyads.clusters import cluster_events
from dyad.dyads.timeline import DEFAULT_MODALITIES, PERIODS, UNDATED, dyad_timeline
from dyad.filters import DIRECTIONS, EventFilter, FilterError, check_country
from dyad.model import MAX_ANALYSED_CHARS, MODALITIES, Analysis
from dyad.score import event_policy, plover_types
from dyad.store.db import BatchResult, ReadOnlyStore, Store, is_lock_error, lock_holder
from dyad.store.rows import analysis_to_rows
from dyad.store.transfer import export_events
from dyad.stores import export_labels
from dyad.version import __version__
from dyad.web import downloads, models, queries
from dyad.web.cache import ResponseCache
from dyad.web.downloads import EVENT_COLUMNS, EVENT_LAYOUTS, Format, event_cells
from dyad.web.highlight import Span, highlight
from dyad.web.security import SecurityMiddleware, token_matches

__all__ = ["DEFAULT_MAX_BODY", "create_app"]

T = TypeVar("T")

HERE = Path(__file__).parent
# A request body may hold a page whose text fills the analysis budget several times over in markup; more
# than this is never one article, and analysing it would only be cut to the budget.
DEFAULT_MAX_BODY = 20 * MAX_ANALYSED_CHARS
READ_WAIT = 2.0  # seconds a read waits for a writer's commit before answering from the cache or 503
# A read connection takes new reads for this long, then closes with the last read in flight and leaves the
# file free for WRITER_TURN: under steady load a writer between two batches (polling every 50 ms) still gets in.
READER_SHARE = 1.0
WRITER_TURN = 0.1
ANALYSES_AT_ONCE = 2  # analyses running at the same time; one more is a 503 to retry (bounded CPU and memory)
PAGE = 50
NETWORK_EDGES = 150  # the most active pairs drawn (and downloaded); more would be a hairball
CACHE_SIZE = 512  # query results kept; an article's whole record is the largest
MAX_LIMIT = 500
MAX_OFFSET = 1_000_000_000  # far beyond any store, and well inside DuckDB's 64-bit OFFSET
# The allowed range of every numeric query parameter, quoted in its 422 answer.
_RANGES = {"limit": (1, MAX_LIMIT), "offset": (0, MAX_OFFSET)}
_COUNTS = ("documents", "stored", "skipped", "events", "rejected")


class TextIn(BaseModel):
    """A page or text to analyse (and, on POST /api/documents, to store)."""

    content: str = Field(description="Plain text, HTML, JSON Lines or a WARC record as text.")
    origin: str = Field("<api>", description="Where it came from: a path or URL, kept with the document.")
    published: str | None = Field(None, description="Publication date (YYYY, YYYY-MM or YYYY-MM-DD); it wins over "
                                                 "what the page says, as `dyad analyze --published` does.")


_MISSING = object()  # not in the cache (None is a valid answer: no such document)


class _StoreBusy(Exception):
    """Another process held the store's file for longer than a read waits."""

    def __init__(self, holder: str) -> None:
        super().__init__(holder)
        self.holder = holder


class Hub:
    """The store one app serves, its write token, and a cache of query results.

    With a token the hub is the store's one writer and holds it open; without one it reads the store in
    short-lived read-only connections, so `dyad ingest` can write the same file while it serves. A read
    waits up to ``READ_WAIT`` for a writer's commit; while a writer holds the file longer, a page asked
    before is answered as the store last was, and a new one is a 503 naming the writer. The cache is keyed
    to the file's size and modification time, so what another process writes is shown on the next request.
    """

    def __init__(self, db: Path, token: str | None) -> None:
        self.token = token
        self.db = db
        # Read-only unless writes are enabled, so a hub never changes a store it was not authorised to.
        self.store: Store | None = Store(db) if token else None
        if self.store is None:
            ReadOnlyStore(db).close()  # exists, is a dyad store of a schema this dyad reads
        self._write_lock = threading.Lock()
        self._cache: OrderedDict[str, Any] = OrderedDict()
        self._cache_lock = threading.Lock()
        self._flights: dict[str, list[Any]] = {}  # key -> [lock, waiters] of a computation in progress
        self._generation = 0
        self._stamp = self._file_stamp()
        self._reader: duckdb.DuckDBPyConnection | None = None
        self._readers = 0
        self._reader_opened = 0.0
        self._free_until = 0.0
        self._reader_turn = threading.Condition()

    def _file_stamp(self) -> tuple[int, ...]:
        """What changes when any process commits to the store: the file's and its WAL's size and time."""
        stamp: list[int] = []
        for path in (self.db, self.db.with_name(self.db.name + ".wal")):
            try:
                found = path.stat()
                stamp += [found.st_size, found.st_mtime_ns]
            except OSError:
                stamp += [-1, -1]
        return tuple(stamp)

    def state(self) -> tuple[int, ...]:
        """What every answer depends on: changes when the store does (a commit by any process, a write here)."""
        return self._generation, *self._file_stamp()

    @contextlib.contextmanager
    def _cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor for one query: on the writer's own connection, or on a read-only connection shared by the
        reads in flight and closed when the last one ends (opening one costs tens of milliseconds). A
        connection takes new reads for ``READER_SHARE`` seconds only, so steady reads never lock a writer out."""
        if self.store is not None:
            yield self.store.con.cursor()  # a cursor per request: connections are not shared across threads
            return
        with self._reader_turn:
            while True:
                now = time.monotonic()
                if self._reader is not None and now - self._reader_opened <= READER_SHARE:
                    break
                if self._reader is None and now >= self._free_until:
                    self._reader = self._open_reader()
                    self._reader_opened = time.monotonic()
                    break
                # an old connection closes with its last read; then the file stays free for a writer's turn
                self._reader_turn.wait(None if self._reader is not None else self._free_until - now)
            self._readers += 1
            cursor = self._reader.cursor()
        try:
            yield cursor
        finally:
            cursor.close()
            with self._reader_turn:
                self._readers -= 1
                if not self._readers and self._reader is not None:
                    if time.monotonic() - self._reader_opened > READER_SHARE:
                        self._free_until = time.monotonic() + WRITER_TURN
                    self._reader.close()  # the file is free for a writer between reads
                    self._reader = None
                    self._reader_turn.notify_all()

    def _open_reader(self) -> duckdb.DuckDBPyConnection:
        deadline = time.monotonic() + READ_WAIT
        while True:
            try:
                return duckdb.connect(str(self.db), read_only=True, config={"temp_directory": ""})
            except duckdb.Error as exc:
                if not is_lock_error(exc):
                    raise
                if time.monotonic() > deadline:
                    raise _StoreBusy(lock_holder(str(exc)) or "another process") from None
                time.sleep(0.05)

    def _cached(self, key: str) -> Any:
        with self._cache_lock:
            if key in self._cache and (self.store is not None or self._stamp == self._file_stamp()):
                self._cache.move_to_end(key)
                return self._cache[key]
        return _MISSING

    @contextlib.contextmanager
    def _flight(self, key: str) -> Iterator[None]:
        """One computation of ``key`` at a time: the same page asked by many clients at once runs its queries
        once, and the others take the cached answer."""
        with self._cache_lock:
            flight = self._flights.setdefault(key, [threading.Lock(), 0])
            flight[1] += 1
        try:
            with flight[0]:
                yield
        finally:
            with self._cache_lock:
                flight[1] -= 1
                if not flight[1]:
                    del self._flights[key]

    def read(self, query: Callable[..., T], *args: Any) -> T:
        """``query(cursor, *args)``, answered from the cache when asked before and the store has not changed."""
        key = f"{query.__module__}.{query.__qualname__}{args!r}"
        if (hit := self._cached(key)) is not _MISSING:
            return hit
        with self._flight(key):
            if (hit := self._cached(key)) is not _MISSING:
                return hit
            return self._compute(key, query, args)

    def _compute(self, key: str, query: Callable[..., T], args: tuple[Any, ...]) -> T:
        try:
            with self._cursor() as cursor:
                stamp = self._file_stamp()  # no writer commits while the read connection is open
                with self._cache_lock:
                    if self.store is None and stamp != self._stamp:
                        self._stamp = stamp
                        self._generation += 1
                        self._cache.clear()
                    generation = self._generation
                result = query(cursor, *args)
        except _StoreBusy as busy:
            with self._cache_lock:
                if key in self._cache:  # the store as it last was, rather than nothing
                    return self._cache[key]
            raise HTTPException(503, f"the store is being written by {busy.holder}; retry in a few seconds",
                                headers={"Retry-After": "5"}) from None
        with self._cache_lock:
            if generation == self._generation:
                self._cache[key] = result
                if len(self._cache) > CACHE_SIZE:
                    self._cache.popitem(last=False)
        return result

    def write(self, analysis: Analysis, command: str) -> BatchResult:
        """Store one analysis as its own run and refresh the event clusters (one writer at a time)."""
        if self.store is None:
            raise HTTPException(403, "the hub is read-only: start it with --token (or DYAD_TOKEN) to allow writes")
        with self._write_lock:
            run = self.store.begin_run(command, [analysis.document.origin])
            try:
                result = self.store.write_batch(run, [analysis_to_rows(analysis)])
                self.store.refresh_clusters(cluster_events)
            except BaseException:
                self._forget()
                self.store.finish_run(run, "interrupted", dict.fromkeys(_COUNTS, 0))
                raise
            self._forget()
            self.store.finish_run(run, "done", {
                "documents": result.stored + result.skipped + result.replaced,
                "stored": result.stored + result.replaced, "skipped": result.skipped, "events": result.events,
                "rejected": len(result.rejected)})
            return result

    def close(self) -> None:
        """Checkpoint and close the store, once every write in progress has finished."""
        with self._write_lock:
            if self.store is not None:
                self.store.con.execute("CHECKPOINT")
                self.store.close()
                self.store = None  # closing twice (shutdown, then a test's own close) is harmless

    def _forget(self) -> None:
        with self._cache_lock:
            self._generation += 1
            self._cache.clear()


_DOWNLOAD: dict[int | str, dict[str, Any]] = {200: {"content": {"text/csv": {}}, "description": (
    "The answer; with download=csv or download=json, the list as a file in the columns its table shows.")}}
_OTHER_ERRORS = {403: "Writes on a read-only hub (started without a token).",
                 503: "Two analyses already running; retry after the Retry-After seconds."}


def _errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The documented error answers of an endpoint: JSON ``{"error": message}`` with the status; every endpoint
    may answer 422 (a parameter out of range) and 413 (a body over the limit), in our shape, not FastAPI's."""
    return {s: models.ERRORS.get(s) or {"model": models.ErrorAnswer, "description": _OTHER_ERRORS[s]}
            for s in sorted({*statuses, 413, 422})}


@functools.cache
def _iso_numeric() -> dict[str, str]:
    """ISO 3166 numeric code -> alpha-3: the ids of the map's TopoJSON countries (src/dyad/data/web)."""
    text = resources.files("dyad.data").joinpath("web", "iso_numeric.tsv").read_text("utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")][1:]
    return dict(rows)


def _safe_url(url: str | None) -> str | None:
    """``url`` if it is an http(s) link, else None: scraped links never become javascript: hrefs."""
    if not url:
        return None
    return url if urlsplit(url.strip()).scheme.lower() in ("http", "https") else None


def _country(name: str) -> str:
    """A country in a path (/dyad/Iran/PAK): unknown is a 404, with the filter model's hint."""
    try:
        return check_country(name)
    except FilterError as exc:
        raise HTTPException(404, str(exc)) from None


def _pair(a: str, b: str) -> tuple[str, str]:
    codes = _country(a), _country(b)
    if codes[0] == codes[1]:
        raise HTTPException(400, f"a dyad is two different countries, not {codes[0]} and {codes[1]}")
    return codes


def _timeline(con: duckdb.DuckDBPyConnection, a: str, b: str, filters: EventFilter, by: str,
              direction: str) -> list[dict[str, Any]]:
    return dyad_timeline(con, a, b, since=filters.since, until=filters.until, by=by, modalities=filters.modalities,
                         direction=direction, reports=filters)


def _filters(country: str | None = None, actor: str | None = None,
             type: Annotated[str | None, Query(description="PLOVER event type (any case).",
                                               json_schema_extra={"enum": list(plover_types())})] = None,
             modality: Annotated[list[str] | None, Query(description="Modality, repeatable; 'all' for every one.",
                                                         json_schema_extra={"items": {"enum": [*MODALITIES, "all"]}})]
             = None, since: str | None = None, until: str | None = None, doc: str | None = None,
             quad_class: Annotated[str | None, Query(description="Quad class: 1-4 or its name (material conflict).",
                                                     json_schema_extra={"enum": [
                                                         *map(str, event_policy().quad_classes),
                                                         *event_policy().quad_classes.values()]})] = None,
             sector: Annotated[str | None, Query(description="Sector of a source or target actor (GOV, MIL, ...).")]
             = None,
             site: Annotated[str | None, Query(description="Site of the reporting article (example.org).")] = None,
             confidence: Annotated[str | None, Query(description="Minimum confidence, 0 to 1.")] = None,
             ) -> EventFilter:
    """The one filter model of dyad.filters: a bad value is a 400 with the same message as the CLI's."""
    try:
        return EventFilter.parse(country=country or None, actor=actor, type=type or None,
                                 modality=[m for m in modality or [] if m] or None, since=since or None,
                                 until=until or None, doc=doc, quad_class=quad_class or None, sector=sector or None,
                                 site=site or None, min_confidence=confidence or None)
    except FilterError as exc:
        raise HTTPException(400, str(exc)) from None


def _period(modality: Annotated[list[str] | None, Query(description="Modality, repeatable; 'all' for every one; "
                                                                   "asserted by default.",
                                                       json_schema_extra={"items": {"enum": [*MODALITIES, "all"]}})]
            = None,
            since: str | None = None, until: str | None = None,
            before_since: Annotated[str | None, Query(description="Start of the period compared against.")] = None,
            before_until: Annotated[str | None, Query(description="End of the period compared against.")] = None,
            ) -> tuple[EventFilter, EventFilter]:
    """The overview's period and the one it is compared against, each with the modalities asked."""
    try:
        now = EventFilter.parse(modality=[m for m in modality or [] if m] or None, since=since or None,
                                until=until or None)
        before = EventFilter.parse(since=before_since or None, until=before_until or None)
    except FilterError as exc:
        raise HTTPException(400, str(exc)) from None
    modalities = now.modalities or DEFAULT_MODALITIES
    return dataclasses.replace(now, modalities=modalities), dataclasses.replace(before, modalities=modalities)


def _timeline_filters(filters: Annotated[EventFilter, Depends(_filters)]) -> EventFilter:
    """A timeline's filters: asserted events unless other modalities are asked (its event list shows the same)."""
    return filters if filters.modalities else dataclasses.replace(filters, modalities=DEFAULT_MODALITIES)


Filters = Annotated[EventFilter, Depends(_filters)]
TimelineFilters = Annotated[EventFilter, Depends(_timeline_filters)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Page size, 1 to {MAX_LIMIT}.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description=f"Items to skip, 0 to {MAX_OFFSET}.")]
Period = Annotated[str, Query(pattern=f"^({'|'.join(PERIODS)})$", description="Timeline period.")]
Periods = Annotated[tuple[EventFilter, EventFilter], Depends(_period)]
DownloadAs = Annotated[Format | None, Query(description="csv or json: the list as a file, in the columns its table "
                                                        "shows (see docs/hub.md#downloads)")]
Layout = Annotated[str, Query(pattern=f"^({'|'.join(EVENT_LAYOUTS)})$", json_schema_extra={"enum": list(EVENT_LAYOUTS)},
                              description="Columns of an events download: dyad (the table's) or the POLECAT, "
                                          "ICEWS or GDELT layout of `dyad export --layout` (docs/exports.md).")]
Direction = Annotated[str, Query(pattern=f"^({'|'.join(DIRECTIONS)})$",
                                 description="Events A→B (a-to-b), B→A (b-to-a) or both.")]


def _event_label(event: dict[str, Any]) -> str:
    source = ", ".join(c or t for c, t in zip(event["source_countries"] or [], event["source_texts"] or [], strict=False))
    target = ", ".join(c or t for c, t in zip(event["target_countries"] or [], event["target_texts"] or [], strict=False))
    parts = [event["type"], event["modality"], f"{source or '?'} → {target or '—'}"]
    if event["date"]:
        parts.append(event["date"])
    return " · ".join(parts)


def _article_markup(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The text cut into sections at its headings, each highlighted: mentions, evidence sentences, triggers."""
    text = record["text"] or ""
    names = {a["actor"]: a["name"] for a in record["actors"]}
    spans: list[Span] = []
    for event in record["events"]:
        if event["sentence_start"] is not None and event["sentence_end"] is not None:
            spans.append(Span(event["sentence_start"], event["sentence_end"], "mark", "evidence",
                              {"data-event": str(event["event"]), "title": _event_label(event)}))
        if event["trigger_start"] is not None and event["trigger_end"] is not None:
            spans.append(Span(event["trigger_start"], event["trigger_end"], "b", "trigger", {}))
    for mention in record["mentions"]:
        label = ", ".join(names.get(a, a) for a in mention["actors"] or [])
        spans.append(Span(mention["start"], mention["end"], "span", f"mention mention-{mention['kind']}",
                          {"title": label, "data-actors": " ".join(mention["actors"] or [])}))
    headings = json.loads(record["headings"]) if isinstance(record["headings"], str) else record["headings"] or []
    cuts = sorted({0, len(text), *(h["start"] for h in headings if 0 < h["start"] < len(text))})
    titles = {h["start"]: h["text"] for h in headings}
    sections = []
    for begin, end in pairwise(cuts):
        local = [Span(max(s.start, begin) - begin, min(s.end, end) - begin, s.tag, s.css, s.attrs)
                 for s in spans if s.start < end and s.end > begin]
        sections.append({"heading": titles.get(begin), "html": highlight(text[begin:end], local)})
    return sections


def _pager_base(request: Request, key: str = "offset") -> str:
    """This page's URL without its ``key`` (offset), ready for ``key=N`` to be appended."""
    kept = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != key and v])
    return f"{request.url.path}?{kept}&" if kept else f"{request.url.path}?"


def _dyad_url(a: str, b: str, period: EventFilter) -> str:
    """The dyad page of a pair over the period and modality of an overview."""
    query = urlencode([(k, v) for k, v in (("modality", period.modality), ("since", period.since),
                                           ("until", period.until)) if v])
    return f"/dyad/{a}/{b}?{query}" if query else f"/dyad/{a}/{b}"


def _download_base(request: Request, api_path: str, paged: bool = True, limit: int | None = PAGE) -> str:
    """The API URL of what this page shows (same filters, ``limit`` rows unless None and, when ``paged``, the
    same page), ready for ``download=csv`` to be appended."""
    dropped = {"download", "limit"} if paged else {"download", "limit", "offset"}
    kept = [(k, v) for k, v in request.query_params.multi_items() if v and k not in dropped]
    if limit is not None:
        kept.append(("limit", str(limit)))
    return f"{api_path}?{urlencode(kept)}&" if kept else f"{api_path}?"


def _matrix(pairs: list[dict[str, Any]], countries: int = 20) -> list[dict[str, Any]]:
    """The heat map's cells: pairs among the ``countries`` most active countries, each pair both ways round
    so the matrix is symmetric."""
    activity: dict[str, int] = {}
    for pair in pairs:
        for code in (pair["a"], pair["b"]):
            activity[code] = activity.get(code, 0) + pair["events"]
    top = set(sorted(activity, key=lambda c: (-activity[c], c))[:countries])
    cells = []
    for pair in pairs:
        if pair["a"] in top and pair["b"] in top:
            cells.append(pair)
            cells.append({**pair, "a": pair["b"], "b": pair["a"]})
    return cells


def _record_from_analysis(analysis: Analysis) -> dict[str, Any]:
    """An unsaved Analysis in the shape ``queries.document`` returns, so one template shows both."""
    rows = analysis_to_rows(analysis)
    record = dict(rows["documents"][0])
    for table in ("teasers", "actors", "mentions", "events", "figures"):
        record[table] = rows[table]
    record["actors"].sort(key=lambda a: (-a["n_mentions"], a["name"]))
    return record


def create_app(db: str | Path, token: str | None = None, max_body: int = DEFAULT_MAX_BODY,
               public_analyze: bool = False, analyses_at_once: int = ANALYSES_AT_ONCE) -> FastAPI:
    """Build the hub over the store ``db``; writes need ``token`` (none given: the hub is read-only), and so
    does ``POST /api/analyze`` unless ``public_analyze``. At most ``analyses_at_once`` analyses run together."""
    hub = Hub(Path(db), token)
    load_countries()  # seconds of knowledge files, at start rather than in the first page naming a country
    analysis_slots = threading.BoundedSemaphore(analyses_at_once)
    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        hub.close()  # on shutdown (SIGTERM, Ctrl-C): the store file holds every write, none left in the WAL

    app = FastAPI(title="dyad hub", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="Actors, PLOVER events with modality and dyad timelines from analysed news pages. "
                              "Writes need `Authorization: Bearer <token>`.")
    app.state.hub = hub
    # Autoescape everything: scraped text is untrusted and must never reach the page as markup.
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True)
    templates = Jinja2Templates(env=env)
    templates.env.globals.update(safe_url=_safe_url, event_cells=event_cells, event_columns=EVENT_COLUMNS,
                                 event_layouts=EVENT_LAYOUTS,
                                 dyad_url=_dyad_url, quad_classes=event_policy().quad_classes, modalities=MODALITIES,
                                 plover=tuple(plover_types()), periods=PERIODS,
                                 directions=DIRECTIONS, writable=bool(token), version=__version__)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_middleware(ResponseCache, state=hub.state)  # inside the security middleware: its headers on every answer
    app.add_middleware(SecurityMiddleware, max_body=max_body)

    def page(request: Request, name: str, code: int = 200, **context: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, context, status_code=code)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if request.url.path.startswith("/api/") or request.url.path == "/openapi.json":
            return JSONResponse({"error": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        response = page(request, "error.html", exc.status_code, message=exc.detail, status=exc.status_code)
        response.headers.update(exc.headers or {})
        return response

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("query", "body", "path"))
        message = f"{where}: {first.get('msg', 'invalid value')}" if where else first.get("msg", "invalid request")
        if where in _RANGES:
            message += f" (allowed: a whole number from {_RANGES[where][0]} to {_RANGES[where][1]})"
        # Pages answer a browser with an error page and any other client (curl, scripts) with JSON.
        if request.url.path.startswith("/api/") or "text/html" not in request.headers.get("accept", ""):
            return JSONResponse({"error": message}, status_code=422)
        return page(request, "error.html", 422, message=message, status=422)

    def require_token(request: Request, given: str | None = None) -> None:
        header = request.headers.get("authorization", "")
        bearer = header[7:] if header.lower().startswith("bearer ") else None
        if not hub.token:
            raise HTTPException(403, "the hub is read-only: start it with --token (or DYAD_TOKEN) to allow writes")
        if not token_matches(hub.token, bearer or given):
            raise HTTPException(401, "a valid write token is required")

    def write_access(request: Request) -> None:
        """The token, checked before the body is read or validated."""
        require_token(request)

    def analyze_access(request: Request) -> None:
        if not public_analyze:
            if not hub.token:
                raise HTTPException(403, "analysis over the API needs the write token: start the hub with --token "
                                         "(or --public-analyze to open it to anyone who can reach it)")
            require_token(request)

    def analyse_input(content: bytes | str, origin: str, published: str | None) -> Analysis:
        from dyad.api import analyse

        if not analysis_slots.acquire(timeout=1.0):
            raise HTTPException(503, f"{analyses_at_once} analyses are already running; retry shortly",
                                headers={"Retry-After": "5"})
        try:
            return analyse(content, origin=origin, published=published or None)
        except ValueError as exc:
            raise HTTPException(422, str(exc)) from None
        finally:
            analysis_slots.release()

    def events_download(rows: list[dict[str, Any]], fmt: Format, layout: str, name: str) -> Response:
        """A page of events as a file: in the table's columns, or in an export layout by the export's code."""
        if layout == "dyad":
            return downloads.download("events", rows, fmt, name)
        chosen = tuple((row["doc"], row["event"]) for row in rows)
        exported = hub.read(export_events, chosen, layout, "csv" if fmt == "csv" else "jsonl", export_labels())
        return downloads.layout_download(exported, fmt, f"{name}-{layout}")

    def _compared(periods: tuple[EventFilter, EventFilter]) -> tuple[EventFilter, EventFilter]:
        """The two periods of a comparison; without a period to compare against, the last year with events and
        the one before."""
        now, before = periods
        if not (before.since or before.until):
            latest, previous = hub.read(queries.latest_years)
            now = dataclasses.replace(now, since=latest, until=latest)
            before = dataclasses.replace(before, since=previous, until=previous)
        return now, before

    # ---- JSON API -------------------------------------------------------------------------------------------

    @app.get("/api/documents", tags=["documents"], response_model=models.DocumentsPage,
             responses={**_DOWNLOAD, **_errors(422)})
    def api_documents(limit: Limit = PAGE, offset: Offset = 0, site: str | None = None,
                      download: DownloadAs = None) -> Any:
        """Documents, latest first, with a two-sentence summary and their main dyads."""
        result = hub.read(queries.documents, limit, offset, site)
        return downloads.download("documents", result["items"], download, "documents") if download else result

    @app.get("/api/documents/{doc}", tags=["documents"], response_model=models.DocumentRecord,
             responses={**_DOWNLOAD, **_errors(404, 422)})
    def api_document(doc: str, download: DownloadAs = None, layout: Layout = "dyad",
                     part: Annotated[Literal["events", "figures"], Query(description="Which list a download holds.")]
                     = "events") -> Any:
        """One document (by digest or input id) with teasers, actors, mentions, events and figures."""
        record = hub.read(queries.document, doc)
        if record is None:
            raise HTTPException(404, f"no document {doc[:40]!r}")
        if download and part == "figures":
            return downloads.download("figures", record["figures"], download, f"document-{record['doc']}-figures")
        if download:
            return events_download(record["events"], download, layout, f"document-{record['doc']}-events")
        return record

    @app.post("/api/documents", tags=["documents"], status_code=201, response_model=models.Stored,
              responses={200: {"model": models.Stored, "description": "The store already held the page."},
                         **_errors(401, 403, 413, 422, 503)}, dependencies=[Depends(write_access)])
    def api_store(body: TextIn, response: Response) -> dict[str, Any]:
        """Analyse a page or text and store it (needs the write token): 201 when stored, 200 when the store
        already held it (``skipped``: 1)."""
        analysis = analyse_input(body.content, body.origin, body.published)
        result = hub.write(analysis, "serve: POST /api/documents")
        if not result.stored and not result.replaced:
            response.status_code = 200
        return {"doc": analysis.document.digest, "stored": result.stored, "skipped": result.skipped,
                "events": len(analysis.events), "actors": len(analysis.actors)}

    @app.get("/api/events", tags=["events"], response_model=models.EventsPage,
             responses={**_DOWNLOAD, **_errors(400, 422)})
    def api_events(filters: Filters, limit: Limit = PAGE, offset: Offset = 0,
                   download: DownloadAs = None, layout: Layout = "dyad") -> Any:
        """Events filtered like `dyad query`: country, actor, type, modality, since/until, doc, quad class,
        sector, site, confidence."""
        result = hub.read(queries.events, filters, limit, offset)
        return events_download(result["items"], download, layout, "events") if download else result

    @app.get("/api/actors", tags=["actors"], response_model=models.ActorsPage, responses=_errors(400, 422))
    def api_actors(limit: Limit = PAGE, offset: Offset = 0, country: str | None = None,
                   kind: str | None = None) -> dict[str, Any]:
        """Actors over all documents, most mentioned first; country as a name, demonym or ISO code."""
        try:
            code = check_country(country) if country else None
        except FilterError as exc:
            raise HTTPException(400, str(exc)) from None
        return hub.read(queries.actors, limit, offset, code, kind)

    @app.get("/api/actors/{actor:path}", tags=["actors"], response_model=models.ActorProfile,
             responses={**_DOWNLOAD, **_errors(404, 422)})
    def api_actor(actor: str, limit: Limit = PAGE, source_offset: Offset = 0, target_offset: Offset = 0,
                  download: DownloadAs = None, layout: Layout = "dyad",
                  part: Annotated[Literal["as_source", "as_target"], Query(description="Which list a download "
                                                                                       "holds.")] = "as_source"
                  ) -> Any:
        """One actor: roles over time, a page of events as source and one as target (with their totals
        ``n_as_source``, ``n_as_target``), top partners."""
        profile = hub.read(queries.actor_profile, actor, limit, (source_offset, target_offset))
        if profile is None:
            raise HTTPException(404, f"no actor {actor[:60]!r}")
        if download:
            return events_download(profile[part], download, layout, f"actor-{part}")
        return profile

    @app.get("/api/dyads/{a}/{b}", tags=["dyads"], response_model=models.DyadAnswer,
             responses={**_DOWNLOAD, **_errors(400, 404, 422)})
    def api_dyad(a: str, b: str, filters: TimelineFilters, by: Period = "month", direction: Direction = "both",
                 limit: Limit = PAGE, offset: Offset = 0, download: DownloadAs = None, layout: Layout = "dyad",
                 part: Annotated[Literal["events", "timeline"], Query(description="Which list a download holds.")]
                 = "events") -> Any:
        """The pair's timeline (per modality asked, default asserted, and period: events per quad class, net and
        mean Goldstein, top evidence; empty periods as zeros) and its events, in ``direction``; the other
        filters keep the events with a report they match."""
        a, b = _pair(a, b)
        timeline = hub.read(_timeline, a, b, filters, by, direction)
        events = hub.read(queries.dyad_events, a, b, direction, filters, limit, offset)
        if download and part == "events":
            return events_download(events["items"], download, layout, f"dyad-{a}-{b}-events")
        if download:
            return downloads.download("timeline", timeline, download, f"dyad-{a}-{b}-timeline")
        return {"a": a, "b": b, "by": by, "direction": direction, "modalities": list(filters.modalities),
                "timeline": timeline, "events": events}

    @app.get("/api/dyads", tags=["dyads"], response_model=models.PairsPage,
             responses={**_DOWNLOAD, **_errors(400, 422)})
    def api_dyads(periods: Periods, limit: Limit = PAGE, offset: Offset = 0, download: DownloadAs = None) -> Any:
        """Country pairs by number of events (clusters) in since–until of the modalities asked (default
        asserted), most active first: cooperation and conflict counts, balance, net Goldstein."""
        now, _ = periods
        result = hub.read(queries.dyad_pairs, now.modalities, now.since, now.until, limit, offset)
        return downloads.download("pairs", result["items"], download, "dyads") if download else result

    @app.get("/api/dyads/changes", tags=["dyads"], response_model=models.ChangesPage,
             responses={**_DOWNLOAD, **_errors(400, 422)})
    def api_dyad_changes(periods: Periods, limit: Limit = PAGE, offset: Offset = 0,
                         download: DownloadAs = None) -> Any:
        """Pairs active in both periods by how much their cooperation–conflict balance moved from
        before_since–before_until to since–until (default: the last year with events against the year before)."""
        now, before = _compared(periods)
        result = hub.read(queries.dyad_changes, now.modalities, (now.since, now.until),
                          (before.since, before.until), limit, offset)
        return downloads.download("changes", result["items"], download, "dyad-changes") if download else result

    @app.get("/api/map", tags=["dyads"], response_model=models.MapAnswer,
             responses={**_DOWNLOAD, **_errors(400)})
    def api_map(periods: Periods, download: DownloadAs = None,
                part: Annotated[Literal["countries", "places"], Query(description="Which list a download holds.")]
                = "countries") -> Any:
        """Per country, the events (clusters) of the period and modalities asked (default asserted) it took
        part in as source, target or place; and the places with coordinates where events happened."""
        now, _ = periods
        countries = hub.read(queries.country_activity, now.modalities, now.since, now.until)
        places = hub.read(queries.event_places, now.modalities, now.since, now.until)
        if download:
            rows = places if part == "places" else countries
            return downloads.download(part, rows, download, f"map-{part}")
        return {"modalities": list(now.modalities), "since": now.since, "until": now.until,
                "countries": countries, "places": places}

    @app.get("/api/search", tags=["search"], response_model=models.SearchPage,
             responses={**_DOWNLOAD, **_errors(400, 422)})
    def api_search(q: Annotated[str, Query(min_length=1, max_length=200)], filters: Filters,
                   limit: Limit = PAGE, offset: Offset = 0, download: DownloadAs = None) -> Any:
        """Documents containing every word of q, with matching evidence; same filters as events."""
        result = hub.read(queries.search, q, filters, limit, offset)
        return downloads.download("search", result["items"], download, "search") if download else result

    @app.post("/api/analyze", tags=["analysis"], response_model=models.Analyzed,
              responses=_errors(401, 403, 413, 422, 503), dependencies=[Depends(analyze_access)])
    def api_analyze(body: TextIn) -> dict[str, Any]:
        """Analyse without storing; returns the OUTPUT.md record (needs the write token unless the hub was
        started with --public-analyze)."""
        return analyse_input(body.content, body.origin, body.published).to_output()

    # ---- pages ----------------------------------------------------------------------------------------------

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        return page(request, "docs.html")

    @app.get("/", include_in_schema=False)
    def recent(request: Request, offset: Offset = 0) -> HTMLResponse:
        return page(request, "recent.html", result=hub.read(queries.documents, PAGE, offset),
                    base=_pager_base(request), api=_download_base(request, "/api/documents"))

    @app.get("/article/{doc}", include_in_schema=False)
    def article(request: Request, doc: str) -> HTMLResponse:
        record = hub.read(queries.document, doc)
        if record is None:
            raise HTTPException(404, f"no document {doc[:40]!r}")
        return page(request, "article.html", doc=record, sections=_article_markup(record), stored=True,
                    api=_download_base(request, f"/api/documents/{record['doc']}", paged=False, limit=None))

    @app.get("/dyad/{a}/{b}", include_in_schema=False)
    def dyad(request: Request, a: str, b: str, filters: TimelineFilters, by: Period = "month",
             direction: Direction = "both", offset: Offset = 0,
             compare: Annotated[str, Query(max_length=120, description="Another pair, A/B, drawn beside it.")] = ""
             ) -> Response:
        codes = _pair(a, b)
        if codes != (a, b):
            return RedirectResponse(f"/dyad/{codes[0]}/{codes[1]}?{request.url.query}", status_code=307)
        if len(filters.modalities) > 1:  # the chart draws one series; the API gives several
            raise HTTPException(400, "the dyad page shows one modality at a time; /api/dyads gives several")
        timeline = hub.read(_timeline, a, b, filters, by, direction)
        compare_pair = _pair(*compare.split("/", 1)) if "/" in compare else None
        if compare.strip() and compare_pair is None:
            raise HTTPException(400, f"compare is a pair of countries as A/B (IRN/SAU), not {compare[:40]!r}")
        compare_timeline = ([row for row in hub.read(_timeline, *compare_pair, filters, by, direction)
                             if row["period"] != UNDATED] if compare_pair else [])
        undated = next((row for row in timeline if row["period"] == UNDATED), None)
        timeline = [row for row in timeline if row["period"] != UNDATED]
        return page(request, "dyad.html", a=a, b=b, by=by, direction=direction, filters=filters, timeline=timeline,
                    undated=undated, events=hub.read(queries.dyad_events, a, b, direction, filters, PAGE, offset),
                    base=_pager_base(request), api=_download_base(request, f"/api/dyads/{a}/{b}"),
                    compare_pair=compare_pair, compare_timeline=compare_timeline)

    @app.get("/dyads", include_in_schema=False)
    def dyads_page(request: Request, periods: Periods, offset: Offset = 0) -> HTMLResponse:
        now, _ = periods
        pairs = hub.read(queries.dyad_pairs, now.modalities, now.since, now.until, MAX_OFFSET, 0)
        shown = dict(pairs, items=pairs["items"][offset:offset + PAGE], limit=PAGE, offset=offset)
        compared, before = _compared(periods)
        changes = hub.read(queries.dyad_changes, compared.modalities, (compared.since, compared.until),
                           (before.since, before.until), PAGE, 0)
        return page(request, "dyads.html", period=now, compared=compared, before=before, pairs=shown,
                    matrix=_matrix(pairs["items"]), changes=changes, base=_pager_base(request),
                    api=_download_base(request, "/api/dyads"), changes_api=_download_base(request, "/api/dyads/changes", paged=False))

    @app.get("/network", include_in_schema=False)
    def network_page(request: Request, periods: Periods) -> HTMLResponse:
        now, _ = periods
        pairs = hub.read(queries.dyad_pairs, now.modalities, now.since, now.until, NETWORK_EDGES, 0)
        return page(request, "network.html", period=now, pairs=pairs,
                    api=_download_base(request, "/api/dyads", limit=NETWORK_EDGES))

    @app.get("/map", include_in_schema=False)
    def map_page(request: Request, periods: Periods) -> HTMLResponse:
        now, _ = periods
        return page(request, "map.html", period=now, iso=_iso_numeric(),
                    countries=hub.read(queries.country_activity, now.modalities, now.since, now.until),
                    places=hub.read(queries.event_places, now.modalities, now.since, now.until),
                    api=_download_base(request, "/api/map", paged=False))

    @app.get("/actor/{actor:path}", include_in_schema=False)
    def actor_page(request: Request, actor: str, source_offset: Offset = 0, target_offset: Offset = 0) -> HTMLResponse:
        profile = hub.read(queries.actor_profile, actor, PAGE, (source_offset, target_offset))
        if profile is None:
            raise HTTPException(404, f"no actor {actor[:60]!r}")
        pages = {side: {"total": profile[f"n_as_{side}"], "limit": PAGE, "offset": offset}
                 for side, offset in (("source", source_offset), ("target", target_offset))}
        return page(request, "actor.html", actor=profile, pages=pages,
                    bases={side: _pager_base(request, f"{side}_offset") for side in pages},
                    api=_download_base(request, f"/api/actors/{quote(profile['actor'], safe=':')}"))

    @app.get("/search", include_in_schema=False)
    def search_page(request: Request, filters: Filters, q: Annotated[str, Query(max_length=200)] = "",
                    offset: Offset = 0) -> HTMLResponse:
        result = hub.read(queries.search, q, filters, PAGE, offset) if q.strip() else None
        return page(request, "search.html", q=q, filters=filters, result=result, base=_pager_base(request),
                    api=_download_base(request, "/api/search"))

    @app.get("/analyse", include_in_schema=False)
    def analyse_form(request: Request) -> HTMLResponse:
        return page(request, "analyse.html")

    @app.post("/analyse", include_in_schema=False)
    async def analyse_page(request: Request, text: Annotated[str, Form()] = "",
                           upload: Annotated[UploadFile | None, File()] = None,
                           published: Annotated[str, Form()] = "", save: Annotated[str, Form()] = "",
                           token: Annotated[str, Form()] = "") -> HTMLResponse:
        content: bytes | str = text
        origin = "<pasted>"
        if upload is not None and upload.filename:
            content, origin = await upload.read(), upload.filename
        if not content or (isinstance(content, str) and not content.strip()):
            raise HTTPException(400, "paste a text or choose a file to analyse")
        if save:
            require_token(request, token)
        analysis = await run_in_threadpool(analyse_input, content, origin, published)
        if save:
            await run_in_threadpool(hub.write, analysis, "serve: analyse page")
        record = _record_from_analysis(analysis)
        return page(request, "article.html", doc=record, sections=_article_markup(record), stored=bool(save))

    templates.env.filters["label"] = _event_label
    return app
