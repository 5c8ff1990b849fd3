"""Every write goes through a service here; see STYLE.md section 2."""

from claims.services.extraction import (
    QueueResult,
    article_extract,
    article_queue_on_commit,
    articles_queue,
    articles_reextract,
)
from claims.services.ingest import (
    IngestResult,
    article_ingest,
    article_ingest_input,
    clean_body,
    content_hash,
)
from claims.services.speakers import speaker_key, speakers_upsert
from claims.services.verdicts import clean_evidence, verdict_record

__all__ = [
    "IngestResult",
    "QueueResult",
    "article_extract",
    "article_queue_on_commit",
    "articles_queue",
    "articles_reextract",
    "article_ingest",
    "article_ingest_input",
    "clean_body",
    "clean_evidence",
    "content_hash",
    "speaker_key",
    "speakers_upsert",
    "verdict_record",
]
