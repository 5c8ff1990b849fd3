"""Claims, their verdict history, quotes and claim groups: outputs and request bodies."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.api.claimreview import CLAIMREVIEW_SCHEMA, claim_review
from claims.api.external_reviews import ExternalReviewSerializer
from claims.api.serializers.common import (
    ApiUrlField,
    ArticleBriefSerializer,
    RawSchemaSerializer,
    SpeakerBriefSerializer,
)
from claims.models import (
    GROUP_NOTE_MAX_CHARS,
    URL_MAX_LENGTH,
    VERDICT_NOTE_MAX_CHARS,
    Claim,
    ClaimDismissal,
    ClaimGroupEvent,
    Quote,
    ReviewDecision,
    Verdict,
    VerdictChoice,
)
from claims.services.verdicts import MAX_EVIDENCE, RECORDABLE_VERDICTS


class ClaimReviewSerializer(RawSchemaSerializer):
    """A reviewed claim as schema.org ClaimReview JSON-LD (see claims.api.claimreview).

    The claim needs `reviewed_at` and `review_note` (claims.selectors.claim_reviews).
    """

    openapi_schema = CLAIMREVIEW_SCHEMA

    def to_representation(self, instance: Claim) -> dict[str, Any]:
        reviewed_at = getattr(instance, "reviewed_at", None) or instance.updated_at
        return claim_review(
            instance,
            reviewed_at=reviewed_at,
            request=self.context["request"],
            review_body=getattr(instance, "review_note", None) or "",
        )


class ClaimSerializer(serializers.ModelSerializer):
    """A claim; needs the `group_verdict` annotation (claims_with_group_verdict)."""

    api_url = ApiUrlField("api:claim-detail")
    speaker = SpeakerBriefSerializer(
        allow_null=True, help_text="The speaker (a joint statement's: its first signer)."
    )
    speakers = SpeakerBriefSerializer(
        many=True,
        read_only=True,
        help_text="Everyone whose words the claim is: `speaker` first, then the other signers "
        "of a joint statement; empty when nobody is named.",
    )
    article = ArticleBriefSerializer()
    reasons = serializers.ListField(child=serializers.CharField())
    group_id = serializers.IntegerField(
        allow_null=True, help_text="The claim group (the same claim in other articles)."
    )
    group_verdict = serializers.ChoiceField(
        choices=VerdictChoice.choices,
        help_text="The verdict to show: the newest across the group (else `current_verdict`).",
    )
    assignee = serializers.SlugRelatedField(
        slug_field="username",
        read_only=True,
        allow_null=True,
        help_text="Username of the reviewer checking the claim now; null if nobody is.",
    )

    class Meta:
        model = Claim
        fields = [
            "id", "api_url", "text", "statement", "speaker", "speakers", "article", "score",
            "reasons", "current_verdict", "group_id", "group_verdict", "assignee", "found",
            "dismissed_reason", "published",
            "created_at", "updated_at",
        ]  # fmt: skip


class SecondReviewSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=ReviewDecision.choices)
    reviewer = serializers.CharField(source="reviewer.get_username")
    note = serializers.CharField()
    created_at = serializers.DateTimeField()


VERDICT_STATUSES = ["published", "draft", "approved", "returned", "replaced"]


class VerdictSerializer(serializers.ModelSerializer):
    """A verdict of the history. `status`: `published` (no second review needed),
    `draft` (waiting for a second reviewer), `approved` (published after second review),
    `returned` (sent back with a note), `replaced` (a newer draft took its place)."""

    reviewer = serializers.CharField(source="reviewer.get_username")
    evidence = serializers.ListField(child=serializers.URLField())
    status = serializers.SerializerMethodField()
    second_review = serializers.SerializerMethodField()

    class Meta:
        model = Verdict
        fields = [
            "id", "verdict", "note", "evidence", "reviewer", "created_at", "status",
            "second_review",
        ]  # fmt: skip

    @staticmethod
    def _review(row: Verdict) -> Any:
        try:
            return row.review
        except ObjectDoesNotExist:
            return None

    @extend_schema_field({"type": "string", "enum": VERDICT_STATUSES})
    def get_status(self, row: Verdict) -> str:
        if not row.draft:
            return "published"
        review = self._review(row)
        if review is not None:
            return review.decision
        return "draft" if row.claim.pending_verdict_id == row.pk else "replaced"

    @extend_schema_field(SecondReviewSerializer(allow_null=True))
    def get_second_review(self, row: Verdict) -> dict[str, Any] | None:
        review = self._review(row)
        return SecondReviewSerializer(review).data if review is not None else None


class ClaimAppearanceSerializer(serializers.ModelSerializer):
    api_url = ApiUrlField("api:claim-detail")
    speaker = SpeakerBriefSerializer(allow_null=True)
    article = ArticleBriefSerializer()

    class Meta:
        model = Claim
        fields = ["id", "api_url", "text", "speaker", "article", "current_verdict", "published"]


class VerdictAsOfSerializer(serializers.Serializer):
    """The verdict that stood at the end of `date` (site time zone)."""

    date = serializers.DateField()
    verdict = serializers.ChoiceField(choices=VerdictChoice.choices)
    label = serializers.CharField()
    reviewer = serializers.CharField()
    recorded_at = serializers.DateTimeField()
    claim = serializers.IntegerField(help_text="The appearance the verdict was recorded on.")


class DismissalSerializer(serializers.ModelSerializer):
    """One entry of a claim's dismissal history (dismissed or restored, by whom, when)."""

    reviewer = serializers.CharField(source="reviewer.get_username")

    class Meta:
        model = ClaimDismissal
        fields = ["id", "action", "reason", "note", "reviewer", "created_at"]


class GroupEventSerializer(serializers.ModelSerializer):
    """A change of group membership: `match` (automatic, with its `score`), `split` or
    `merge` (by `reviewer`, with their `note`); group ids are plain numbers."""

    claim = serializers.IntegerField(source="claim_id", allow_null=True)
    other_claim = serializers.IntegerField(source="other_claim_id", allow_null=True)
    reviewer = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = ClaimGroupEvent
        fields = [
            "id", "action", "claim", "other_claim", "from_group_id", "to_group_id", "reviewer",
            "score", "note", "created_at",
        ]  # fmt: skip


class ClaimDetailSerializer(ClaimSerializer):
    """A claim with its whole verdict history, its group history (matches, splits and
    merges, newest first) and its other appearances (its group's members; none before it is
    matched). `verdict_as_of` is null unless `?as_of=` was given (then null too if no
    verdict stood on that date)."""

    verdicts = VerdictSerializer(many=True, source="history")
    group_events = GroupEventSerializer(many=True, source="group_history")
    appearances = ClaimAppearanceSerializer(many=True)
    seen_before = serializers.BooleanField(
        help_text="Unreviewed here, but another appearance of the claim has a verdict."
    )
    verdict_as_of = VerdictAsOfSerializer(allow_null=True)
    dismissals = DismissalSerializer(many=True, source="dismissal_history")
    external_reviews = ExternalReviewSerializer(
        many=True, help_text="Fact-checks of the same claim published elsewhere (ClaimReview)."
    )

    class Meta(ClaimSerializer.Meta):
        fields = [
            *ClaimSerializer.Meta.fields, "seen_before", "start", "end", "verdicts",
            "group_events", "appearances", "verdict_as_of", "dismissals", "external_reviews",
        ]  # fmt: skip


class VerdictHistorySerializer(serializers.ModelSerializer):
    """The answer to a recorded verdict: the claim's current verdict and full history."""

    claim = serializers.IntegerField(source="id")
    api_url = ApiUrlField("api:claim-detail")
    verdicts = VerdictSerializer(many=True, source="history")

    class Meta:
        model = Claim
        fields = ["claim", "api_url", "current_verdict", "updated_at", "verdicts"]


class QuoteSerializer(serializers.ModelSerializer):
    speaker = SpeakerBriefSerializer(allow_null=True)
    article = ArticleBriefSerializer()

    class Meta:
        model = Quote
        fields = ["id", "text", "kind", "cue", "speaker", "article", "published", "start", "end"]


class VerdictInputSerializer(serializers.Serializer):
    verdict = serializers.ChoiceField(
        choices=[(v, VerdictChoice(v).label) for v in RECORDABLE_VERDICTS],
        help_text="Evidence URLs are required for every verdict but `unverifiable`.",
    )
    note = serializers.CharField(
        allow_blank=True, required=False, default="", max_length=VERDICT_NOTE_MAX_CHARS
    )
    evidence = serializers.ListField(
        child=serializers.URLField(max_length=URL_MAX_LENGTH),
        required=False,
        default=list,
        max_length=MAX_EVIDENCE,
    )


class AsOfQuerySerializer(serializers.Serializer):
    as_of = serializers.DateField(
        required=False,
        input_formats=["%Y-%m-%d"],
        help_text="YYYY-MM-DD: also give the verdict that stood at the end of that day.",
    )


class GroupSplitInputSerializer(serializers.Serializer):
    note = serializers.CharField(
        allow_blank=True, required=False, default="", max_length=GROUP_NOTE_MAX_CHARS
    )


class GroupMergeInputSerializer(GroupSplitInputSerializer):
    other = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, help_text="The claim whose group this claim joins."
    )


class GroupSerializer(serializers.Serializer):
    """The answer to a split or merge: the claim's group now and its verdict."""

    claim = serializers.IntegerField()
    group_id = serializers.IntegerField()
    group_verdict = serializers.ChoiceField(choices=VerdictChoice.choices)
    members = serializers.ListField(child=serializers.IntegerField())
