"""Every write goes through a service here; see STYLE.md section 2."""

from claims.services.assignment import claim_assign, claim_statement_set, claims_assign
from claims.services.claim_grouping import (
    Match,
    claim_find_match,
    claims_index,
    claims_match,
    claims_match_article,
    claims_match_articles,
)
from claims.services.dismissals import claim_dismiss, claim_restore, claims_dismiss
from claims.services.extraction import article_extract, articles_extract
from claims.services.extraction_queue import (
    QueueResult,
    article_queue_on_commit,
    articles_queue,
    articles_queue_in_batches,
    articles_reextract,
)
from claims.services.groups import (
    claim_group_merge,
    claim_group_split,
    group_verdict_refresh,
)
from claims.services.idempotency import (
    idempotency_key_clean,
    idempotency_keys_purge,
    idempotent_write,
)
from claims.services.imports import (
    article_import_create,
    article_import_queue,
    article_import_run,
    document_is_bulk,
)
from claims.services.ingest import (
    Document,
    IngestResult,
    ItemOutcome,
    article_ingest,
    article_ingest_check,
    article_ingest_input,
    clean_body,
    content_hash,
    documents_ingest,
)
from claims.services.recovery import articles_match_requeue, articles_unmatched
from claims.services.speakers import speaker_key, speakers_upsert
from claims.services.uploads import article_upload_create, article_upload_read, document_ingest
from claims.services.verdicts import (
    clean_evidence,
    verdict_approve,
    verdict_record,
    verdict_return,
)
from claims.services.webhooks import (
    webhook_deliver,
    webhook_deliveries_pending,
    webhook_deliveries_requeue,
    webhook_filters_clean,
    webhook_retry_countdown,
    webhook_subscription_create,
    webhook_subscription_set_active,
    webhook_url_clean,
    webhooks_verdict_changed,
)

__all__ = [
    "articles_match_requeue",
    "articles_unmatched",
    "idempotency_key_clean",
    "idempotency_keys_purge",
    "idempotent_write",
    "Document",
    "claim_dismiss",
    "claim_restore",
    "claims_dismiss",
    "IngestResult",
    "ItemOutcome",
    "Match",
    "QueueResult",
    "article_extract",
    "article_queue_on_commit",
    "articles_extract",
    "articles_queue",
    "articles_queue_in_batches",
    "articles_reextract",
    "article_import_create",
    "article_import_queue",
    "article_import_run",
    "article_upload_create",
    "article_upload_read",
    "article_ingest",
    "article_ingest_check",
    "article_ingest_input",
    "claim_assign",
    "claim_find_match",
    "claim_statement_set",
    "claim_group_merge",
    "claim_group_split",
    "claims_assign",
    "claims_index",
    "claims_match",
    "claims_match_article",
    "claims_match_articles",
    "clean_body",
    "clean_evidence",
    "content_hash",
    "document_ingest",
    "document_is_bulk",
    "documents_ingest",
    "group_verdict_refresh",
    "speaker_key",
    "speakers_upsert",
    "verdict_approve",
    "verdict_record",
    "verdict_return",
    "webhook_deliver",
    "webhook_deliveries_pending",
    "webhook_deliveries_requeue",
    "webhook_filters_clean",
    "webhook_url_clean",
    "webhook_retry_countdown",
    "webhook_subscription_create",
    "webhook_subscription_set_active",
    "webhooks_verdict_changed",
]
