"""Every write goes through a service here; see STYLE.md section 2."""

from claims.services.ingest import (
    IngestResult,
    article_ingest,
    article_ingest_input,
    clean_body,
    content_hash,
)
from claims.services.verdicts import clean_evidence, verdict_record

__all__ = [
    "IngestResult",
    "article_ingest",
    "article_ingest_input",
    "clean_body",
    "clean_evidence",
    "content_hash",
    "verdict_record",
]
