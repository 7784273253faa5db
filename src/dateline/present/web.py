"""The web UI and JSON API (FastAPI), served on 127.0.0.1 by ``dateline serve``.

Every API error has one shape: ``{"error": {"code": ..., "message": ...}}``.
The store is opened read-only per request, so a build can write meanwhile.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from dateline import __version__
from dateline.assemble.stories import has_story, stories
from dateline.assemble.timeline import METHODS, build_timeline
from dateline.present import export
from dateline.present.report import render_report
from dateline.store import Store


def create_app(db: str) -> FastAPI:
    """The application for the database at ``db``."""
    app = FastAPI(title="dateline", version=__version__, docs_url="/api/docs", redoc_url=None)

    @contextmanager
    def store() -> Iterator[Store]:
        s = Store(db)
        try:
            yield s
        finally:
            s.close()

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 400: "bad_request", 405: "method_not_allowed"}.get(exc.status_code, "error")
        return JSONResponse({"error": {"code": code, "message": str(exc.detail)}}, exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def bad_params(request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(x) for x in first.get("loc", ()))
        message = f"{where}: {first.get('msg', 'invalid request')}"
        return JSONResponse({"error": {"code": "bad_request", "message": message}}, 400)

    @app.exception_handler(Exception)
    async def any_error(request: Request, exc: Exception) -> JSONResponse:
        return JSONResponse({"error": {"code": "internal", "message": str(exc)}}, 500)

    def known_story(s: Any, story: int | None) -> None:
        """404 when ``story`` is given and the store has no such story."""
        if story is not None and not has_story(s, story):
            raise HTTPException(404, f"no story {story}")

    @app.get("/", response_class=HTMLResponse)
    def index(story: int | None = None) -> str:
        with store() as s:
            known_story(s, story)
            return render_report(s, api=True, story=story)

    @app.get("/api")
    def api_index() -> dict[str, Any]:
        with store() as s:
            return {
                "dateline_version": __version__,
                "counts": s.counts(),
                "endpoints": ["/api/articles", "/api/articles/{id}", "/api/timexes", "/api/places",
                              "/api/figures", "/api/events", "/api/timeline", "/api/export",
                              "/api/geojson", "/api/timelinejs"],
                "story": "?story=N on /, /api/timeline, /api/export, /api/geojson and /api/timelinejs: one story's record",
            }  # fmt: skip

    @app.get("/api/articles")
    def api_articles() -> list[dict[str, Any]]:
        with store() as s:
            return export.articles(s)

    @app.get("/api/articles/{art_id}")
    def api_article(art_id: str) -> dict[str, Any]:
        with store() as s:
            a = s.article(art_id)
            if a is None:
                raise HTTPException(404, f"no article with id {art_id!r}")
            return a

    def table(name: str, article: str | None) -> list[dict[str, Any]]:
        with store() as s:
            rows = getattr(export, name)(s)
        if article:
            rows = [r for r in rows if r.get("article") == article or any(
                m["article"] == article for m in r.get("mentions", []))]  # fmt: skip
        return rows

    @app.get("/api/timexes")
    def api_timexes(article: str | None = None) -> list[dict[str, Any]]:
        return table("timexes", article)

    @app.get("/api/places")
    def api_places(article: str | None = None) -> list[dict[str, Any]]:
        return table("places", article)

    @app.get("/api/figures")
    def api_figures(article: str | None = None) -> list[dict[str, Any]]:
        return table("figures", article)

    @app.get("/api/events")
    def api_events(article: str | None = None, type: str | None = None) -> list[dict[str, Any]]:
        rows = table("events", article)
        return [r for r in rows if not type or r["type"] == type.upper()]

    @app.get("/api/timeline")
    def api_timeline(
        max_dates: int | None = None, per_date: int = 2, start: str | None = None,
        end: str | None = None, query: str | None = None, story: int | None = None, method: str = "combined",
    ) -> list[dict[str, Any]]:  # fmt: skip
        if per_date < 1:
            raise HTTPException(400, "per_date must be at least 1")
        if method not in METHODS:
            raise HTTPException(400, f"method must be one of {', '.join(METHODS)}")
        with store() as s:
            known_story(s, story)
            return build_timeline(s, max_dates=max_dates, per_date=per_date, start=start, end=end, query=query,
                                  story=story, method=method)  # fmt: skip

    @app.get("/api/stories")
    def api_stories() -> list[dict[str, Any]]:
        with store() as s:
            return stories(s)

    @app.get("/api/export")
    def api_export(story: int | None = None) -> dict[str, Any]:
        with store() as s:
            known_story(s, story)
            return export.export_data(s, story)

    @app.get("/api/geojson")
    def api_geojson(table: str = "events", story: int | None = None) -> Response:
        if table not in export.GEOJSON_TABLES:
            raise HTTPException(400, f"GeoJSON holds events or places, not {table!r}")
        with store() as s:
            known_story(s, story)
            return Response(export.to_geojson(s, table, story), media_type="application/geo+json")

    @app.get("/api/timelinejs")
    def api_timelinejs(story: int | None = None) -> Response:
        with store() as s:
            known_story(s, story)
            return Response(export.to_timelinejs(s, story), media_type="application/json")

    return app
