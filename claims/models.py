"""Tables: articles, canonical speakers, quotes, claims and their append-only verdict history."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

# Limits named once: forms, serializers and services read these (or the field's max_length).
URL_MAX_LENGTH = 2000
VERDICT_NOTE_MAX_CHARS = 10_000
GROUP_NOTE_MAX_CHARS = 2000


class ExtractionStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    PROCESSING = "processing", "Processing"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"
    # An uploaded page whose text, once read by the worker, is an article already stored
    # (`duplicate_of`): nothing is extracted from it.
    DUPLICATE = "duplicate", "Duplicate"


class VerdictChoice(models.TextChoices):
    """The verdict scale; it maps onto schema.org ClaimReview ratings in the API."""

    UNREVIEWED = "unreviewed", "Unreviewed"
    VERIFIED = "verified", "Verified"
    MOSTLY_TRUE = "mostly_true", "Mostly true"
    MIXED = "mixed", "Mixed"
    MISLEADING = "misleading", "Misleading"
    CONTRADICTED = "contradicted", "Contradicted"
    UNVERIFIABLE = "unverifiable", "Unverifiable"


class Article(models.Model):
    title = models.CharField(max_length=500, blank=True)
    body = models.TextField()
    url = models.URLField(max_length=URL_MAX_LENGTH, blank=True)
    source = models.CharField("source / outlet", max_length=200, blank=True)
    published = models.DateField(null=True, blank=True)
    ingested_at = models.DateTimeField(default=timezone.now, editable=False)
    # Of the text; empty while an uploaded page waits for the worker to read it (ArticleUpload).
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    status = models.CharField(
        max_length=12, choices=ExtractionStatus.choices, default=ExtractionStatus.PENDING
    )
    status_message = models.TextField(blank=True, help_text="Why it failed or is still pending.")
    extracted_at = models.DateTimeField(null=True, blank=True)
    # Last `match_articles` run; unset or older than extracted_at: lost (`reextract --stale`).
    matched_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Status `duplicate`: the stored article this upload's text (or URL) turned out to be.
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["-published", "-ingested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"], condition=~Q(url=""), name="article_url_unique_when_present"
            ),
            models.UniqueConstraint(
                fields=["content_hash"],
                condition=~Q(content_hash=""),
                name="article_content_hash_unique_when_present",
            ),
        ]
        indexes = [
            models.Index(fields=["-published", "-id"], name="article_published_idx"),
            models.Index(fields=["status"], name="article_status_idx"),
            # Outlets: their suggestions walk it; with the id included, the queue's outlet
            # filter finds its articles index-only and joins them by hash (PostgreSQL).
            models.Index(fields=["source"], include=["id"], name="article_outlet_idx"),
        ]

    def __str__(self) -> str:
        return self.title or self.body[:80] or f"Article {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("claims:article_detail", args=[self.pk])


class SpeakerKind(models.TextChoices):
    PERSON = "person", "Person"
    ORGANIZATION = "organization", "Organisation"


class Speaker(models.Model):
    """A canonical person or organisation; `key` is the normalised name that makes it unique."""

    name = models.CharField(max_length=200)
    key = models.CharField(max_length=200, unique=True, editable=False)
    title = models.CharField("title / role", max_length=300, blank=True)
    organization = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=12, choices=SpeakerKind.choices, default=SpeakerKind.PERSON)
    aliases = models.JSONField(default=list, blank=True, help_text="Other surface forms seen.")
    # Folded surname (claims.services.speaker_names): the candidates a new mention may join.
    surname = models.CharField(max_length=100, blank=True, editable=False)
    # Name, title and organisation set by an editor: extraction and dedupe leave them alone.
    edited = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["name"], name="speaker_name_idx"),
            models.Index(fields=["surname"], name="speaker_surname_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.title}" if self.title else self.name

    def get_absolute_url(self) -> str:
        return reverse("claims:speaker_detail", args=[self.pk])


class QuoteKind(models.TextChoices):
    DIRECT = "direct", "Direct"
    INDIRECT = "indirect", "Indirect"
    STATEMENT = "statement", "Statement"


class Quote(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="quotes")
    speaker = models.ForeignKey(
        Speaker, null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes"
    )
    text = models.TextField()
    kind = models.CharField(max_length=10, choices=QuoteKind.choices, default=QuoteKind.DIRECT)
    cue = models.CharField(max_length=100, blank=True)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    # Copied from the article so speaker + date queries need no join.
    published = models.DateField(null=True, blank=True)
    # The speaker's name as the engine gave it, so that a split alias knows its quotes.
    speaker_mention = models.CharField(max_length=200, blank=True)
    # An editor said this span is no quote: hidden from searches, kept across re-extraction.
    not_a_quote = models.BooleanField(default=False)
    # PostgreSQL: `text` as a tsvector for the quote search's ranked words (claims.selectors.
    # rows_by_text), kept by a database trigger (migration 0022) and GIN-indexed, as on Claim.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["article_id", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="quote_offsets"),
        ]
        indexes = [
            models.Index(fields=["speaker", "-published"], name="quote_speaker_date_idx"),
            models.Index(fields=["-published"], name="quote_published_idx"),
            # The dashboard's most quoted speakers: quotes counted by speaker, index-only.
            models.Index(
                fields=["speaker"], condition=Q(not_a_quote=False), name="quote_speaker_counted_idx"
            ),
            # The quote search's order (newest first, NULLS LAST) has a PostgreSQL-only index:
            # SQLite refuses NULLS LAST in an index (migration 0023).
        ]

    def __str__(self) -> str:
        return self.text[:80]


class DismissalReason(models.TextChoices):
    NOT_CHECKWORTHY = "not_checkworthy", "Not check-worthy"
    DUPLICATE = "duplicate", "Duplicate"
    OUT_OF_SCOPE = "out_of_scope", "Out of scope"
    EXTRACTION_ERROR = "extraction_error", "Extraction error"


class Claim(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claims")
    speaker = models.ForeignKey(
        Speaker, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims"
    )
    text = models.TextField()
    # What is being checked, in the reviewer's clean words (ClaimReview's claimReviewed);
    # `text` stays the sentence as found. Changed by claim_statement_set, with history.
    statement = models.TextField(blank=True)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    score = models.FloatField("check-worthiness", default=0.0)
    reasons = models.JSONField(default=list, blank=True)
    fingerprint = models.CharField(max_length=64, db_index=True)
    current_verdict = models.CharField(
        max_length=14, choices=VerdictChoice.choices, default=VerdictChoice.UNREVIEWED
    )
    # False once a re-extraction of its article no longer finds it (kept for its verdicts).
    found = models.BooleanField(default=True)
    # The same claim in other articles (claims.services.claim_grouping); null until it matches one.
    group = models.ForeignKey(
        "ClaimGroup", null=True, blank=True, on_delete=models.SET_NULL, related_name="claims"
    )
    published = models.DateField(null=True, blank=True)
    speaker_mention = models.CharField(max_length=200, blank=True)
    # Why a reviewer judged it not worth checking (DismissalReason); blank while in the queue.
    # Denormalised from the newest ClaimDismissal row by claims.services.dismissals.
    dismissed_reason = models.CharField(
        max_length=20, choices=DismissalReason.choices, blank=True, default=""
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)
    # The reviewer checking it now ("in progress by X"); changed only by claim_assign, and
    # every change is a ClaimEvent.
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_claims",
    )
    # The draft verdict waiting for a second reviewer (REQUIRE_SECOND_REVIEW); null when none.
    # A newer draft replaces it; approval or return clears it.
    pending_verdict = models.ForeignKey(
        "Verdict", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The other signers of a joint statement the claim was found in (ClaimSpeaker rows, in
    # signing order); `speaker` stays the first signer, and is never one of these.
    co_speakers = models.ManyToManyField(
        Speaker, through="ClaimSpeaker", related_name="co_signed_claims", blank=True
    )
    # PostgreSQL: `text` as a tsvector for the queue's ranked search (claims.selectors.
    # rows_by_text), kept by a database trigger (migration 0018) and GIN-indexed, so ranking
    # the matches reads it instead of parsing every matching text again. Null on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["-score", "-id"]
        permissions = [("assign_claim", "Can assign claims to any reviewer")]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="claim_offsets"),
            models.CheckConstraint(
                condition=Q(score__gte=0.0) & Q(score__lte=1.0), name="claim_score_0_1"
            ),
        ]
        indexes = [
            models.Index(fields=["current_verdict", "-score"], name="claim_verdict_idx"),
            # The API's claim list: found claims by verdict, in page order (count is index-only).
            models.Index(
                fields=["current_verdict", "-score", "-id"],
                condition=Q(found=True),
                name="claim_found_verdict_idx",
            ),
            models.Index(fields=["speaker", "-published"], name="claim_speaker_idx"),
            # The speakers list's claim counts, index-only (claims.selectors.speaker_list).
            models.Index(
                fields=["speaker"], condition=Q(found=True), name="claim_speaker_found_idx"
            ),
            # The queue's page order over any verdict (score, then NULLS LAST) has a
            # PostgreSQL-only index: SQLite refuses NULLS LAST in an index (migration 0024).
            # The queue filtered by speaker (and dates): its claims found index-only, with what
            # the count and the other filters read (PostgreSQL; SQLite ignores `include`).
            models.Index(
                fields=["speaker", "published"],
                include=["article", "group", "current_verdict"],
                condition=Q(found=True, dismissed_reason=""),
                name="claim_queue_speaker_idx",
            ),
            models.Index(fields=["-published"], name="claim_published_idx"),
            models.Index(fields=["updated_at"], name="claim_updated_idx"),
            # The queue's Mine tab and Assigned-to filter: a reviewer's claims in queue order.
            models.Index(
                fields=["assignee", "current_verdict", "-score"],
                condition=Q(assignee__isnull=False),
                name="claim_assignee_idx",
            ),
            # The dashboard's dismissal totals: only the few dismissed claims are indexed.
            models.Index(
                fields=["dismissed_reason"],
                condition=Q(found=True) & ~Q(dismissed_reason=""),
                name="claim_dismissed_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return reverse("claims:claim_detail", args=[self.pk])

    @property
    def dismissed(self) -> bool:
        """True once a reviewer dismissed it as not worth checking (until restored)."""
        return bool(self.dismissed_reason)

    @property
    def speakers(self) -> list[Speaker]:
        """Everyone whose words the claim is: `speaker`, then the co-signers in signing order
        (read from `co_signers` prefetched with their speakers, as the selectors do)."""
        first = [self.speaker] if self.speaker_id else []
        return first + [row.speaker for row in self.co_signers.all()]


class ClaimSpeaker(models.Model):
    """A co-signer of a claim: one of the other people a joint statement's paragraph is
    signed by (the first signer is the claim's `speaker`). Written by extraction, moved by
    speaker merges and splits, cleared by an editor's choice of the claim's speaker."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="co_signers")
    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="co_signed")
    position = models.PositiveSmallIntegerField(default=1)  # 1: the second signer, ...
    # The engine's name for the signer, so that an alias split off moves its rows too.
    mention = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["claim_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "speaker"], name="claimspeaker_unique"),
        ]
        # The speaker filters' "co-signed by" test and the speaker pages: by speaker, index-only.
        indexes = [models.Index(fields=["speaker", "claim"], name="claimspeaker_speaker_idx")]

    def __str__(self) -> str:
        return f"{self.speaker_id} co-signed {self.claim_id}"


class AppendOnlyError(Exception):
    """Raised on an attempt to edit or delete verdict history."""


class VerdictQuerySet(models.QuerySet):
    def published(self) -> VerdictQuerySet:
        """Verdicts the public sees: recorded without second review, or approved."""
        return self.filter(Q(draft=False) | Q(review__decision=ReviewDecision.APPROVED))

    def update(self, **kwargs):
        raise AppendOnlyError("Verdict history is append-only: record a new verdict instead.")

    def delete(self):
        raise AppendOnlyError("Verdict history is append-only and cannot be deleted.")


class Verdict(models.Model):
    """One entry of a claim's verdict history. Rows are never edited or deleted."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="verdicts")
    verdict = models.CharField(max_length=14, choices=VerdictChoice.choices)
    note = models.TextField(blank=True)
    evidence = models.JSONField(default=list, blank=True, help_text="Evidence URLs.")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="verdicts"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # Recorded under REQUIRE_SECOND_REVIEW: published only once another reviewer approves it
    # (a VerdictReview row); the row itself never changes.
    draft = models.BooleanField(default=False, editable=False)

    objects = VerdictQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = ["created_at", "id"]
        indexes = [models.Index(fields=["claim", "-created_at"], name="verdict_claim_idx")]

    def __str__(self) -> str:
        return f"{self.get_verdict_display()} by {self.reviewer} at {self.created_at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Verdict history is append-only: record a new verdict instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Verdict history is append-only and cannot be deleted.")


class ReviewDecision(models.TextChoices):
    APPROVED = "approved", "Approved"
    RETURNED = "returned", "Returned"


class VerdictReviewQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Second reviews are append-only.")

    def delete(self):
        raise AppendOnlyError("Second reviews are append-only and cannot be deleted.")


class VerdictReview(models.Model):
    """The second review of a draft verdict: approved (published) or returned with a note.
    One per draft, by a reviewer other than its author. Append-only."""

    verdict = models.OneToOneField(Verdict, on_delete=models.PROTECT, related_name="review")
    decision = models.CharField(max_length=10, choices=ReviewDecision.choices)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="verdict_reviews"
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = VerdictReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision="returned") | ~Q(note=""), name="verdictreview_return_note"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} by {self.reviewer} at {self.created_at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Second reviews are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Second reviews are append-only and cannot be deleted.")


class ClaimGroup(models.Model):
    """Appearances of one claim across articles. Verdicts stay on the claim they were recorded
    on; the group's current verdict is the newest verdict across its members (denormalised
    here by the services that change verdicts or membership)."""

    text = models.TextField("representative text", blank=True)
    current_verdict = models.CharField(
        max_length=14, choices=VerdictChoice.choices, default=VerdictChoice.UNREVIEWED
    )
    latest_verdict = models.ForeignKey(
        Verdict, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["current_verdict"], name="claimgroup_verdict_idx")]

    def __str__(self) -> str:
        return f"Group {self.pk}: {self.text[:70]}"


class ClaimBlockKey(models.Model):
    """Blocking keys (claims.claim_comparison.blocking_keys) that find match candidates by index."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="block_keys")
    key = models.CharField(max_length=16)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "claim"], name="claimblockkey_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.key} -> {self.claim_id}"


class GroupAction(models.TextChoices):
    MATCH = "match", "Matched automatically"
    SPLIT = "split", "Split out"
    MERGE = "merge", "Merged"
    REMATCH = "rematch", "Re-grouped by a new matcher"


class ClaimGroupEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Group history is append-only.")

    def delete(self):
        raise AppendOnlyError("Group history is append-only and cannot be deleted.")


class ClaimGroupEvent(models.Model):
    """One change of group membership: automatic match, reviewer split or merge. Append-only.

    Group ids are plain numbers, not keys, so the history outlives merged-away groups.
    """

    action = models.CharField(max_length=8, choices=GroupAction.choices)
    claim = models.ForeignKey(
        Claim, null=True, on_delete=models.SET_NULL, related_name="group_events"
    )
    other_claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_group_id = models.BigIntegerField(null=True, blank=True)
    to_group_id = models.BigIntegerField(null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    score = models.FloatField(null=True, blank=True, help_text="Match score (automatic).")
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ClaimGroupEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["claim", "-created_at"], name="groupevent_claim_idx"),
            models.Index(fields=["to_group_id"], name="groupevent_to_idx"),
            models.Index(fields=["from_group_id"], name="groupevent_from_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.from_group_id} -> {self.to_group_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Group history is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Group history is append-only and cannot be deleted.")


class ClaimEventAction(models.TextChoices):
    ASSIGN = "assign", "Assigned"
    RELEASE = "release", "Released"
    STATEMENT = "statement", "Statement edited"


class ClaimEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Claim history is append-only.")

    def delete(self):
        raise AppendOnlyError("Claim history is append-only and cannot be deleted.")


class ClaimEvent(models.Model):
    """One change to a claim's desk state, with who made it: assigned, taken or released (the
    claim's `assignee` is the latest state), or its checked statement edited (`text` is the
    new statement). Append-only."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=12, choices=ClaimEventAction.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ClaimEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["claim", "-created_at"], name="claimevent_claim_idx")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} by {self.actor} at {self.created_at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Claim history is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Claim history is append-only and cannot be deleted.")


class WebhookSubscription(models.Model):
    """A URL told about verdict changes, signed with its own secret (docs/WEBHOOKS.md)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webhook_subscriptions"
    )
    url = models.URLField(max_length=URL_MAX_LENGTH)
    secret = models.CharField(max_length=64, editable=False)
    active = models.BooleanField(default=True)
    # Optional: {"verdicts": ["contradicted", ...], "speakers": [speaker ids]}.
    filters = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["active"], name="webhooksub_active_idx")]

    def __str__(self) -> str:
        return self.url


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    RETRYING = "retrying", "Retrying"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed"


class WebhookDelivery(models.Model):
    """One event for one subscriber, with the outcome of its latest attempt and a log of all."""

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    claim = models.ForeignKey(
        Claim, null=True, on_delete=models.SET_NULL, related_name="webhook_deliveries"
    )
    verdict = models.ForeignKey(
        Verdict, null=True, on_delete=models.SET_NULL, related_name="webhook_deliveries"
    )
    event = models.CharField(max_length=40)
    payload = models.JSONField()
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    status_code = models.PositiveIntegerField(null=True, blank=True)
    response_excerpt = models.TextField(blank=True)
    error = models.TextField(blank=True)
    # [{"at", "status_code", "error"}] for every attempt.
    log = models.JSONField(default=list, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "verdict"], name="webhookdelivery_once_per_verdict"
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="webhookdelivery_status_idx")]

    def __str__(self) -> str:
        return f"{self.event} -> {self.subscription_id} ({self.status})"


class CorrectionAction(models.TextChoices):
    MERGE = "merge", "Merged speakers"
    SPLIT = "split", "Split an alias off"
    EDIT = "edit", "Edited name, title or organisation"
    QUOTE_SPEAKER = "quote_speaker", "Set a quote's speaker"
    CLAIM_SPEAKER = "claim_speaker", "Set a claim's speaker"
    NOT_A_QUOTE = "not_a_quote", "Marked not a quote"


class SpeakerCorrectionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Speaker corrections are append-only.")

    def delete(self):
        raise AppendOnlyError("Speaker corrections are append-only and cannot be deleted.")


class SpeakerCorrection(models.Model):
    """One correction by hand (who, when, before, after), and the rule that re-applies it.

    Re-extraction and `speakers_dedupe` read these rows again: a merge sends `name_keys` to
    `target`; a split sends the alias's key to the new `target` and never back to `speaker`;
    a quote or claim correction (article and span, or article and fingerprint) gives that
    span `target` (none: unattributed) or hides it. Append-only; the newest rule wins.
    """

    action = models.CharField(max_length=14, choices=CorrectionAction.choices)
    speaker = models.ForeignKey(
        Speaker, null=True, blank=True, on_delete=models.SET_NULL, related_name="corrections"
    )
    target = models.ForeignKey(
        Speaker, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name_keys = models.JSONField(default=list, blank=True)
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    fingerprint = models.CharField(max_length=64, blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = SpeakerCorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["speaker", "-created_at"], name="correction_speaker_idx"),
            models.Index(fields=["target", "-created_at"], name="correction_target_idx"),
            models.Index(fields=["article"], name="correction_article_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} by {self.editor} at {self.created_at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Speaker corrections are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Speaker corrections are append-only and cannot be deleted.")


# Background imports of many-article uploads live in their own module (this one is long).
# Answers kept for Idempotency-Key retries (claims.services.idempotency).
from claims.idempotency_models import IdempotencyKey  # noqa: E402, F401
from claims.import_models import (  # noqa: E402, F401
    ArticleImport,
    ArticleImportLine,
    ImportStatus,
)

# Reviewers' dismissals live in their own module; imported here so Django registers them.
from claims.models_dismissals import ClaimDismissal, DismissalAction  # noqa: E402, F401

# Fact-checks published elsewhere (imported ClaimReview) and their links to our claims.
from claims.models_external_reviews import (  # noqa: E402, F401
    ExternalFactCheck,
    ExternalFactCheckMatch,
)

# Uploaded web pages kept raw until a worker reads them (claims.services.uploads).
from claims.upload_models import ArticleUpload  # noqa: E402, F401
