"""FilterSets for the API's list endpoints (django-filter parses and validates every param).

Invalid values (an unknown verdict, a malformed date or number) make the list answer 400 with
the parameter's name and message. Speaker filters take an id or a name; a name matches the
canonical name or any alias (claims.selectors.speakers_matching).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.db.models import F, QuerySet
from django_filters import rest_framework as filters
from django_filters.fields import IsoDateTimeField

from claims import selectors
from claims.models import (
    Article,
    Claim,
    ExtractionStatus,
    Quote,
    QuoteKind,
    Speaker,
    VerdictChoice,
)
from claims.page_filters import AssigneeFilter

SPEAKER_HELP = "Speaker id, or part of a speaker's name or of one of their aliases."
OUTLET_HELP = (
    "The outlet (article source): every word, case-insensitive (white house finds The White House)."
)
SINCE_HELP = "Only rows changed at or after this ISO 8601 date/time (for polling)."


class UtcDateTimeField(IsoDateTimeField):
    """ISO 8601 date/time, converted to UTC: PostgreSQL refuses offsets beyond ±15:59, which
    ISO 8601 and Python allow."""

    def to_python(self, value: object) -> dt.datetime | None:
        parsed = super().to_python(value)
        if parsed is None:
            return None
        try:
            return parsed.astimezone(dt.UTC)
        except (OverflowError, ValueError):
            raise forms.ValidationError("The date/time is out of range.", code="invalid") from None


class UtcDateTimeFilter(filters.IsoDateTimeFilter):
    field_class = UtcDateTimeField


MAX_ID = 2**63 - 1  # ids are 64-bit; a larger number would overflow the database driver


def _by_id(rows: QuerySet, field: str, value: int) -> QuerySet:
    if not 0 < value <= MAX_ID:
        return rows.none()
    return rows.filter(**{field: value})


def _by_speaker(rows: QuerySet, value: str) -> QuerySet:
    """Rows by a speaker id or name (a claim: also one the speaker co-signed)."""
    value = (value or "").strip()
    if value.isascii() and value.isdigit():
        if not 0 < int(value) <= MAX_ID:
            return rows.none()
        return selectors.by_speakers(rows, [int(value)])
    return selectors.by_speaker_name(rows, value)


class StableOrderingFilter(filters.OrderingFilter):
    """OrderingFilter that breaks ties by id (same direction) so pages never overlap."""

    def filter(self, qs: QuerySet, value: list[str] | None) -> QuerySet:
        if not value:
            return qs
        fields = [self.get_ordering_value(param) for param in value]
        last = fields[-1]
        tie = "-id" if last.startswith("-") else "id"
        expressions = [
            F(name[1:]).desc(nulls_last=True) if name.startswith("-") else F(name).asc()
            for name in fields
        ]
        return qs.order_by(*expressions, tie)


class ClaimFilter(AssigneeFilter, filters.FilterSet):
    q = filters.CharFilter(
        method="filter_q",
        help_text="Words in the claim (PostgreSQL: ranked full-text search, best first).",
    )
    verdict = filters.ChoiceFilter(
        field_name="current_verdict",
        choices=VerdictChoice.choices,
        help_text="This appearance's own verdict (`current_verdict`).",
    )
    group_verdict = filters.ChoiceFilter(
        field_name="group_verdict",
        choices=VerdictChoice.choices,
        help_text="The verdict shown for the claim: the newest across its group's appearances "
        "(`group_verdict`). An unreviewed repeat of a contradicted claim has "
        "group_verdict=contradicted but verdict=unreviewed.",
    )
    date_from = filters.DateFilter(field_name="published", lookup_expr="gte")
    date_to = filters.DateFilter(field_name="published", lookup_expr="lte")
    speaker = filters.CharFilter(method="filter_speaker", help_text=SPEAKER_HELP)
    article = filters.NumberFilter(method="filter_article", help_text="Article id.")
    outlet = filters.CharFilter(method="filter_outlet", help_text=OUTLET_HELP)
    updated_since = UtcDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", help_text=SINCE_HELP
    )
    date_from = filters.DateFilter(field_name="published", lookup_expr="gte")
    date_to = filters.DateFilter(field_name="published", lookup_expr="lte")
    min_score = filters.NumberFilter(
        field_name="score", lookup_expr="gte", help_text="Minimum check-worthiness (0 to 1)."
    )
    dismissed = filters.ChoiceFilter(
        choices=[("true", "true"), ("false", "false")],
        method="filter_dismissed",
        help_text="true: only claims reviewers dismissed as not worth checking; false (the "
        "default when absent): only claims still in the queue.",
    )
    ordering = StableOrderingFilter(
        fields=("score", "updated_at", "published", "created_at"),
        help_text="Sort key; default -score. Ties are broken by id.",
    )

    class Meta:
        model = Claim
        fields: list[str] = []

    def filter_queryset(self, queryset: QuerySet[Claim]) -> QuerySet[Claim]:
        if not self.form.cleaned_data.get("dismissed"):  # absent: the queue's claims only
            queryset = queryset.filter(dismissed_reason="")
        return super().filter_queryset(queryset)

    def filter_dismissed(self, queryset: QuerySet[Claim], name: str, value: str) -> QuerySet:
        if value == "true":
            return queryset.exclude(dismissed_reason="")
        return queryset.filter(dismissed_reason="")

    def filter_speaker(self, queryset: QuerySet[Claim], name: str, value: str) -> QuerySet[Claim]:
        return _by_speaker(queryset, value)

    def filter_q(self, queryset: QuerySet[Claim], name: str, value: str) -> QuerySet[Claim]:
        return selectors.rows_by_text(queryset, value)

    def filter_outlet(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return selectors.by_outlet(queryset, value)

    def filter_article(self, queryset: QuerySet, name: str, value: Decimal) -> QuerySet:
        if value != value.to_integral_value():
            return queryset.none()
        return _by_id(queryset, "article_id", int(value))


class QuoteFilter(filters.FilterSet):
    speaker = filters.CharFilter(method="filter_speaker", help_text=SPEAKER_HELP)
    q = filters.CharFilter(
        method="filter_q",
        help_text="Words to search for (PostgreSQL: ranked full-text search, web syntax).",
    )
    date_from = filters.DateFilter(field_name="published", lookup_expr="gte")
    date_to = filters.DateFilter(field_name="published", lookup_expr="lte")
    outlet = filters.CharFilter(method="filter_outlet", help_text=OUTLET_HELP)
    kind = filters.ChoiceFilter(choices=QuoteKind.choices)

    class Meta:
        model = Quote
        fields: list[str] = []

    def filter_speaker(self, queryset: QuerySet[Quote], name: str, value: str) -> QuerySet[Quote]:
        return _by_speaker(queryset, value)

    def filter_q(self, queryset: QuerySet[Quote], name: str, value: str) -> QuerySet[Quote]:
        return selectors.quotes_by_text(queryset, value)

    def filter_outlet(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return selectors.by_outlet(queryset, value)


class SpeakerFilter(filters.FilterSet):
    search = filters.CharFilter(
        method="filter_search", help_text="Part of the speaker's name or of one of their aliases."
    )

    class Meta:
        model = Speaker
        fields: list[str] = []

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(pk__in=selectors.speakers_matching(name=value).values("pk"))


class ArticleFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=ExtractionStatus.choices)
    outlet = filters.CharFilter(method="filter_outlet", help_text=OUTLET_HELP)
    published_from = filters.DateFilter(field_name="published", lookup_expr="gte")
    published_to = filters.DateFilter(field_name="published", lookup_expr="lte")

    class Meta:
        model = Article
        fields: list[str] = []

    def filter_outlet(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return selectors.by_outlet(queryset, value, field="source")


class ClaimReviewFilter(filters.FilterSet):
    updated_since = UtcDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", help_text=SINCE_HELP
    )

    class Meta:
        model = Claim
        fields: list[str] = []
