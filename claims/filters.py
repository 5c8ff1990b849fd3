"""django-filter FilterSets shared by the pages and the API.

Parameter names are the same everywhere: speaker (name or alias), q (words), outlet,
date_from and date_to (publication date, inclusive).
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import F, QuerySet

from claims import selectors
from claims.forms import DateRangeForm
from claims.models import Claim, Quote, VerdictChoice

_DATE = forms.DateInput(attrs={"type": "date"})


class SpeakerOutletDateFilter(django_filters.FilterSet):
    """The filters claims and quotes share: speaker name or alias, outlet, publication date."""

    speaker = django_filters.CharFilter(method="filter_speaker", label="Speaker")
    outlet = django_filters.CharFilter(
        field_name="article__source", lookup_expr="iexact", label="Outlet"
    )
    date_from = django_filters.DateFilter(
        field_name="published", lookup_expr="gte", label="From", widget=_DATE
    )
    date_to = django_filters.DateFilter(
        field_name="published", lookup_expr="lte", label="To", widget=_DATE
    )

    def filter_speaker(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return selectors.by_speaker_name(queryset, value)


class ClaimFilter(SpeakerOutletDateFilter):
    """Claims by verdict, speaker name or alias, outlet and publication date; sortable."""

    ORDERINGS = {
        "worthy": ("-score", F("published").desc(nulls_last=True), "-id"),
        "newest": (F("published").desc(nulls_last=True), "-score", "-id"),
        "oldest": (F("published").asc(nulls_last=True), "-score", "id"),
    }

    verdict = django_filters.ChoiceFilter(
        field_name="current_verdict", choices=VerdictChoice.choices, empty_label="Any verdict"
    )
    order = django_filters.ChoiceFilter(
        method="filter_order",
        label="Sort",
        choices=[("worthy", "Most check-worthy"), ("newest", "Newest"), ("oldest", "Oldest")],
        empty_label=None,
    )

    class Meta:
        model = Claim
        fields: list[str] = []
        form = DateRangeForm

    def filter_order(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.order_by(*self.ORDERINGS.get(value, self.ORDERINGS["worthy"]))


class QuoteFilter(SpeakerOutletDateFilter):
    """Quotes by speaker name or alias, words (ranked full text on PostgreSQL), outlet, date.

    With words, the best matches come first (the `q` filter orders by rank).
    """

    q = django_filters.CharFilter(method="filter_words", label="Words in the quote")

    class Meta:
        model = Quote
        fields: list[str] = []
        form = DateRangeForm

    def filter_words(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return selectors.quotes_by_text(queryset, value)
