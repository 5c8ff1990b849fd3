"""Reads with their joins applied; visibility rules live here once.

One module a subject; `from claims import selectors` then `selectors.<name>` reaches them all.
The modules import downwards only (common <- claims <- speakers, quotes, groups), so there is
no import cycle.
"""

from __future__ import annotations

from claims.selectors.articles import (
    article_detail,
    article_list,
    articles_by_status,
    articles_failed,
    articles_waiting,
    outlet_names,
)
from claims.selectors.claims import (
    claim_dismissals,
    claim_history,
    claim_history_entries,
    claim_list,
    claim_queue,
    claim_reviews,
    claim_rows,
    claim_verdict_totals,
    dismissal_totals,
    reviewer_labels,
    verdicts_by_month,
)
from claims.selectors.common import article_label, count_of
from claims.selectors.groups import (
    UNREVIEWED,
    SeenBefore,
    VerdictSegment,
    claim_detail,
    claim_group_events,
    claim_group_members,
    claim_group_verdict,
    claim_other_appearances,
    claim_queue_new_work,
    claim_queue_seen_before,
    claim_seen_before,
    claim_verdict_as_of,
    claim_verdict_timeline,
    claims_with_group_verdict,
    seen_before_message,
    speaker_monthly_record,
)
from claims.selectors.quotes import SEARCH_CONFIG, quote_search, quotes_by_text
from claims.selectors.speakers import (
    by_speaker_name,
    most_quoted_speakers,
    speaker_claims,
    speaker_detail,
    speaker_list,
    speaker_quote_counts,
    speaker_quotes,
    speaker_suggestions,
    speaker_verdict_tally,
    speakers_matching,
    speakers_named,
)
from claims.selectors.webhooks import webhook_deliveries, webhook_subscriptions

__all__ = [
    "reviewer_labels",
    "claim_dismissals",
    "dismissal_totals",
    "SEARCH_CONFIG",
    "SeenBefore",
    "UNREVIEWED",
    "VerdictSegment",
    "article_detail",
    "article_label",
    "article_list",
    "articles_by_status",
    "articles_failed",
    "articles_waiting",
    "by_speaker_name",
    "claim_detail",
    "claim_group_events",
    "claim_group_members",
    "claim_group_verdict",
    "claim_history",
    "claim_history_entries",
    "claim_list",
    "claim_other_appearances",
    "claim_queue",
    "claim_queue_new_work",
    "claim_queue_seen_before",
    "claim_reviews",
    "claim_rows",
    "claim_seen_before",
    "claim_verdict_as_of",
    "claim_verdict_timeline",
    "claim_verdict_totals",
    "claims_with_group_verdict",
    "count_of",
    "most_quoted_speakers",
    "outlet_names",
    "quote_search",
    "quotes_by_text",
    "seen_before_message",
    "speaker_claims",
    "speaker_detail",
    "speaker_list",
    "speaker_monthly_record",
    "speaker_quote_counts",
    "speaker_quotes",
    "speaker_suggestions",
    "speaker_verdict_tally",
    "speakers_matching",
    "speakers_named",
    "verdicts_by_month",
    "webhook_deliveries",
    "webhook_subscriptions",
]
