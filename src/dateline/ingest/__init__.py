"""Ingest: read inputs of every supported format, identify articles, find duplicates."""

from dateline.ingest.dedup import DuplicateIndex, article_id, text_hash
from dateline.ingest.readers import RawArticle, parse_date, read_inputs

__all__ = ["DuplicateIndex", "RawArticle", "article_id", "parse_date", "read_inputs", "text_hash"]
