"""Speaker corrections: input and output of claims.api.speaker_views."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from claims.api.serializers.claims import QuoteSerializer
from claims.models import Quote, Speaker, SpeakerCorrection

_NAME_MAX = Speaker._meta.get_field("name").max_length
_TITLE_MAX = Speaker._meta.get_field("title").max_length
_ORG_MAX = Speaker._meta.get_field("organization").max_length


class SpeakerEditInputSerializer(serializers.Serializer):
    name = serializers.CharField(required=False, max_length=_NAME_MAX)
    title = serializers.CharField(required=False, allow_blank=True, max_length=_TITLE_MAX)
    organization = serializers.CharField(required=False, allow_blank=True, max_length=_ORG_MAX)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs:
            raise serializers.ValidationError("Give name, title or organization.")
        return attrs


class SpeakerMergeInputSerializer(serializers.Serializer):
    other = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, help_text="The speaker merged into this one (deleted)."
    )


class SpeakerSplitInputSerializer(serializers.Serializer):
    alias = serializers.CharField(max_length=_NAME_MAX, help_text="An alias of this speaker.")


class SpeakerChoiceField(serializers.PrimaryKeyRelatedField):
    """A speaker id, or null for no speaker."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=Speaker.objects.all(), allow_null=True, **kwargs)


class QuoteCorrectionInputSerializer(serializers.Serializer):
    speaker = SpeakerChoiceField(required=False, help_text="Speaker id; null: unattributed.")
    not_a_quote = serializers.BooleanField(required=False, help_text="This span is no quote.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs:
            raise serializers.ValidationError("Give speaker or not_a_quote.")
        return attrs


class ClaimSpeakerInputSerializer(serializers.Serializer):
    speaker = SpeakerChoiceField(help_text="Speaker id; null: unattributed.")


class QuoteDetailSerializer(QuoteSerializer):
    class Meta(QuoteSerializer.Meta):
        model = Quote
        fields = [*QuoteSerializer.Meta.fields, "not_a_quote"]


class SpeakerCorrectionSerializer(serializers.ModelSerializer):
    editor = serializers.SlugRelatedField(slug_field="username", read_only=True)
    action_label = serializers.CharField(source="get_action_display")
    before = serializers.JSONField()
    after = serializers.JSONField()

    class Meta:
        model = SpeakerCorrection
        fields = [
            "id", "action", "action_label", "editor", "created_at", "speaker", "target",
            "article", "start", "end", "before", "after",
        ]  # fmt: skip
