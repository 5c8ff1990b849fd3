"""Speakers with their quote counts, verdict tally and monthly record."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.api.serializers.common import (
    ApiUrlField,
)
from claims.models import (
    Speaker,
    VerdictChoice,
)


class SpeakerSerializer(serializers.ModelSerializer):
    api_url = ApiUrlField("api:speaker-detail")
    aliases = serializers.ListField(child=serializers.CharField())
    quote_count = serializers.IntegerField()
    claim_count = serializers.IntegerField()

    class Meta:
        model = Speaker
        fields = [
            "id", "api_url", "name", "title", "organization", "kind", "aliases",
            "quote_count", "claim_count",
        ]  # fmt: skip


class QuoteCountsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    direct = serializers.IntegerField()
    indirect = serializers.IntegerField()
    statement = serializers.IntegerField()


@extend_schema_field(
    {
        "type": "object",
        "properties": {value: {"type": "integer"} for value in VerdictChoice.values},
        "required": list(VerdictChoice.values),
    }
)
class VerdictTallyField(serializers.DictField):
    """{verdict: number of the speaker's claims with that current verdict}, every verdict."""

    child = serializers.IntegerField()


class MonthlyRecordSerializer(serializers.Serializer):
    """One month of a speaker's claims (by publication date), each claim counted once with
    its group verdict."""

    month = serializers.CharField(help_text="YYYY-MM")
    claims = serializers.IntegerField(help_text="Distinct claims (a repeat counts once).")
    appearances = serializers.IntegerField()
    verdicts = VerdictTallyField()

    def to_representation(self, row: dict[str, Any]) -> dict[str, Any]:
        return {
            "month": row["month"].strftime("%Y-%m"),
            "claims": row["claims"],
            "appearances": row["appearances"],
            "verdicts": {value: row[value] for value in VerdictChoice.values},
        }


class SpeakerDetailSerializer(SpeakerSerializer):
    quote_counts = QuoteCountsSerializer()
    verdict_tally = VerdictTallyField()
    monthly_record = MonthlyRecordSerializer(many=True)

    class Meta(SpeakerSerializer.Meta):
        fields = [*SpeakerSerializer.Meta.fields, "quote_counts", "verdict_tally", "monthly_record"]
