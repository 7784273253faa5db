"""Readers: plain text, HTML (trafilatura), JSONL, JSON article lists and RSS/Atom (feedparser).

:func:`read_inputs` walks files and folders and yields either a
:class:`RawArticle` or an :class:`~dateline.errors.InputError` for each thing
it found, so one bad file never stops a batch. Text is kept exactly as read
(after decoding); every offset in the system refers to it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from dateline.errors import (
    BadDate,
    BinaryInput,
    EmptyInput,
    EncodingError,
    InputError,
    MalformedRecord,
    MissingInput,
    UnreadableInput,
    UnsupportedInput,
)

TEXT_EXT = {".txt", ".text"}
HTML_EXT = {".html", ".htm", ".xhtml"}
JSONL_EXT = {".jsonl", ".ndjson"}
JSON_EXT = {".json"}
FEED_EXT = {".rss", ".atom", ".xml"}
KNOWN_EXT = TEXT_EXT | HTML_EXT | JSONL_EXT | JSON_EXT | FEED_EXT


@dataclass
class RawArticle:
    """An article as read, before analysis."""

    text: str
    path: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: dt.date | None = None
    external_id: str | None = None
    line: int | None = None

    @property
    def key(self) -> str:
        """What identifies this copy besides its text: id, URL, or file (and line)."""
        if self.external_id:
            return f"id:{self.external_id}"
        if self.url:
            return f"url:{self.url}"
        name = os.path.basename(self.path)
        return f"file:{name}#{self.line}" if self.line else f"file:{name}"


def parse_date(value: object) -> dt.date | None:
    """An ISO date or datetime (string) → date; ``None`` for empty. Raises ``ValueError``."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"expected an ISO date string, got {type(value).__name__}")
    v = value.strip()
    try:
        return dt.date.fromisoformat(v[:10]) if len(v) >= 10 else dt.date.fromisoformat(v)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(v.replace("Z", "+00:00")).date()
    except ValueError as exc:
        raise ValueError(f"not an ISO date or datetime: {value!r}") from exc


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except PermissionError as exc:
        raise UnreadableInput("permission denied", path=str(path)) from exc
    except OSError as exc:
        raise UnreadableInput(exc.strerror or str(exc), path=str(path)) from exc


def _decode(data: bytes, path: Path) -> str:
    if b"\x00" in data[:8192]:
        raise BinaryInput("binary file (NUL bytes), not text", path=str(path))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise EncodingError(
            f"invalid UTF-8 at byte {exc.start} (re-save the file as UTF-8)", path=str(path)
        ) from exc
    return text


def read_text(path: Path) -> Iterator[RawArticle]:
    text = _decode(_read_bytes(path), path)
    if not text.strip():
        raise EmptyInput("empty text", path=str(path))
    yield RawArticle(text=text, path=str(path))


def html_to_article(html: str, path: str, line: int | None = None, url: str | None = None) -> RawArticle:
    """Extract the main text and metadata of an HTML page with trafilatura."""
    import trafilatura

    if not re.search(r"<\s*[a-zA-Z!]", html):
        raise MalformedRecord("no HTML markup found", path=path, line=line)
    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, favor_recall=True
        )
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        raise MalformedRecord(f"broken HTML ({exc.__class__.__name__})", path=path, line=line) from exc
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        raise EmptyInput("HTML has no extractable article text", path=path, line=line)
    published = None
    raw_date = getattr(doc, "date", None)
    # Only trust a date the page states; trafilatura never invents today's date with
    # these settings, but we check the page says it somewhere to be sure.
    if raw_date and raw_date[:4] in html:
        try:
            published = parse_date(raw_date)
        except ValueError:
            published = None
    return RawArticle(
        text=text,
        path=path,
        title=getattr(doc, "title", None) or None,
        source=getattr(doc, "sitename", None) or None,
        url=getattr(doc, "url", None) or url,
        published=published,
        line=line,
    )


def read_html(path: Path) -> Iterator[RawArticle]:
    data = _read_bytes(path)
    html = _decode(data, path)
    if not html.strip():
        raise EmptyInput("empty HTML file", path=str(path))
    yield html_to_article(html, str(path))


def _record_to_article(rec: dict[str, object], path: str, line: int) -> RawArticle:
    if not isinstance(rec, dict):
        raise MalformedRecord("expected a JSON object per line", path=path, line=line)
    try:
        published = parse_date(rec.get("published") or rec.get("dct") or rec.get("date"))
    except ValueError as exc:
        raise BadDate(str(exc), path=path, line=line) from exc
    ext_id = rec.get("id") or rec.get("uid")
    meta = {
        "title": rec.get("title"),
        "source": rec.get("source"),
        "url": rec.get("url"),
    }
    for k, v in meta.items():
        if v is not None and not isinstance(v, str):
            raise MalformedRecord(f"field {k!r} must be a string", path=path, line=line)
    if isinstance(rec.get("text"), str) and rec["text"].strip():  # type: ignore[union-attr]
        art = RawArticle(text=str(rec["text"]), path=path, line=line)
    elif isinstance(rec.get("html"), str) and rec["html"].strip():  # type: ignore[union-attr]
        art = html_to_article(str(rec["html"]), path, line, url=meta["url"])  # type: ignore[arg-type]
    else:
        raise EmptyInput("record has no non-empty 'text' or 'html'", path=path, line=line)
    art.title = meta["title"] or art.title  # type: ignore[assignment]
    art.source = meta["source"] or art.source  # type: ignore[assignment]
    art.url = meta["url"] or art.url  # type: ignore[assignment]
    art.published = published or art.published
    art.external_id = str(ext_id) if ext_id is not None else None
    return art


def read_jsonl(path: Path) -> Iterator[RawArticle | InputError]:
    text = _decode(_read_bytes(path), path)
    if not text.strip():
        raise EmptyInput("empty JSONL file", path=str(path))
    for n, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            rec = json.loads(raw)
        except json.JSONDecodeError as exc:
            yield MalformedRecord(f"invalid JSON: {exc.msg} (column {exc.colno})", path=str(path), line=n)
            continue
        try:
            yield _record_to_article(rec, str(path), n)
        except InputError as exc:
            yield exc


def read_json(path: Path) -> Iterator[RawArticle | InputError]:
    """A JSON list of article objects (same fields as JSONL; Timeline17's ``dct`` accepted)."""
    text = _decode(_read_bytes(path), path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MalformedRecord(f"invalid JSON: {exc.msg} (line {exc.lineno})", path=str(path)) from exc
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list) or not data:
        raise EmptyInput("expected a non-empty JSON list of articles", path=str(path))
    for n, rec in enumerate(data, start=1):
        try:
            yield _record_to_article(rec, str(path), n)
        except InputError as exc:
            yield exc


def read_feed(path: Path) -> Iterator[RawArticle | InputError]:
    import feedparser
    from lxml import html as lxml_html

    data = _read_bytes(path)
    _decode(data, path)  # same encoding checks as every other input
    feed = feedparser.parse(data)
    if not feed.entries:
        reason = getattr(feed, "bozo_exception", None)
        msg = f"broken XML feed: {reason}" if reason else "feed has no entries"
        raise MalformedRecord(msg.splitlines()[0][:200], path=str(path))
    source = feed.feed.get("title") if hasattr(feed, "feed") else None
    broken = None
    if feed.get("bozo") and not isinstance(
        feed.get("bozo_exception"), feedparser.CharacterEncodingOverride
    ):
        broken = str(feed.get("bozo_exception")).splitlines()[0][:200]
    for n, entry in enumerate(feed.entries, start=1):
        content = ""
        if entry.get("content"):
            content = entry["content"][0].get("value", "")
        content = content or entry.get("summary", "") or entry.get("description", "")
        if not content.strip():
            if broken:
                yield MalformedRecord(f"broken XML feed ({broken}); entry has no content", path=str(path), line=n)
            else:
                yield EmptyInput("feed entry has no content", path=str(path), line=n)
            continue
        if re.search(r"<\s*[a-zA-Z]", content):
            text = lxml_html.fromstring(content).text_content()
        else:
            text = content
        text = re.sub(r"[ \t]+\n", "\n", text).strip()
        published = None
        parsed = entry.get("published_parsed") or entry.get("updated_parsed")
        if parsed:
            published = dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
        yield RawArticle(
            text=text,
            path=str(path),
            title=entry.get("title"),
            source=source,
            url=entry.get("link"),
            published=published,
            external_id=entry.get("id"),
            line=n,
        )


def _reader_for(path: Path):  # type: ignore[no-untyped-def]
    ext = path.suffix.lower()
    if ext in TEXT_EXT:
        return read_text
    if ext in HTML_EXT:
        return read_html
    if ext in JSONL_EXT:
        return read_jsonl
    if ext in JSON_EXT:
        return read_json
    if ext in FEED_EXT:
        return read_feed
    return None


def iter_files(inputs: list[str]) -> Iterator[Path | InputError]:
    """Expand files and folders (recursively, sorted, hidden files skipped)."""
    for item in inputs:
        p = Path(item)
        if not p.exists():
            yield MissingInput("no such file or directory", path=item)
        elif p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield Path(root) / name
        else:
            yield p


def read_inputs(inputs: list[str]) -> Iterator[RawArticle | InputError]:
    """Every article (or error) found in ``inputs``, in a stable order."""
    for item in iter_files(inputs):
        if isinstance(item, InputError):
            yield item
            continue
        reader = _reader_for(item)
        if reader is None:
            yield UnsupportedInput(
                f"unsupported file type {item.suffix or '(none)'!r}; expected one of "
                + ", ".join(sorted(KNOWN_EXT)),
                path=str(item),
            )
            continue
        try:
            yield from reader(item)
        except InputError as exc:
            yield exc
        except Exception as exc:  # a reader bug must not sink the batch either
            yield UnreadableInput(f"could not read ({exc.__class__.__name__}: {exc})", path=str(item))
