"""django-filter FilterSets for the server-rendered pages (claims/api/filters.py has the API's).

Parameter names are the same on pages and in the API: speaker (name or alias), q (words),
outlet, date_from and date_to (publication date, inclusive), verdict, and ordering (`-score`,
`-published`, `published`). Old page links with `order=worthy|newest|oldest` still work
(`legacy_order_params`).
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import F, QuerySet
from django.http import QueryDict

from claims import selectors, selectors_desk
from claims.forms import DateRangeForm
from claims.models import Claim, Quote, VerdictChoice

_DATE = forms.DateInput(attrs={"type": "date"})
DEFAULT_ORDERING = "-score"
RELEVANCE = "relevance"  # with `q`: best matches first (ranked on PostgreSQL)
# `order=` values of page links made before pages took the API's `ordering` names.
LEGACY_ORDER = {"worthy": "-score", "newest": "-published", "oldest": "published"}


def legacy_order_params(params: QueryDict) -> QueryDict:
    """A mutable copy of the query with an old `order=` turned into the `ordering=` it meant."""
    data = params.copy()
    legacy = data.pop("order", [None])[-1]
    if legacy in LEGACY_ORDER and "ordering" not in data:
        data["ordering"] = LEGACY_ORDER[legacy]
    return data


class SpeakerOutletDateFilter(django_filters.FilterSet):
    """The filters claims and quotes share: speaker name or alias, outlet, publication date."""

    speaker = django_filters.CharFilter(method="filter_speaker", label="Speaker")
    outlet = django_filters.CharFilter(method="filter_outlet", label="Outlet")
    date_from = django_filters.DateFilter(
        field_name="published", lookup_expr="gte", label="From", widget=_DATE
    )
    date_to = django_filters.DateFilter(
        field_name="published", lookup_expr="lte", label="To", widget=_DATE
    )

    def filter_speaker(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return selectors.by_speaker_name(queryset, value)

    def filter_outlet(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return selectors.by_outlet(queryset, value)


class AssigneeFilter(django_filters.FilterSet):
    """`assignee=<username>`: claims that reviewer is checking; `assignee=none`: nobody is."""

    assignee = django_filters.ModelChoiceFilter(
        queryset=lambda request: selectors_desk.reviewers(),
        to_field_name="username",
        null_value="none",
        null_label="Nobody",
        empty_label="Anyone",
        label="Assigned to",
    )


class ClaimFilter(AssigneeFilter, SpeakerOutletDateFilter):
    """Claims by verdict, speaker name or alias, outlet and publication date; sortable."""

    ORDERINGS = {
        DEFAULT_ORDERING: ("-score", F("published").desc(nulls_last=True), "-id"),
        "-published": (F("published").desc(nulls_last=True), "-score", "-id"),
        "published": (F("published").asc(nulls_last=True), "-score", "id"),
    }

    q = django_filters.CharFilter(method="filter_words", label="Words in the claim")
    verdict = django_filters.ChoiceFilter(
        field_name="current_verdict", choices=VerdictChoice.choices, empty_label="Any verdict"
    )
    ordering = django_filters.ChoiceFilter(
        method="filter_ordering",
        label="Sort",
        choices=[
            (DEFAULT_ORDERING, "Most check-worthy"),
            (RELEVANCE, "Best match (with words)"),
            ("-published", "Newest"),
            ("published", "Oldest"),
        ],
        empty_label=None,
    )

    class Meta:
        model = Claim
        fields: list[str] = []
        form = DateRangeForm

    def filter_words(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return selectors.rows_by_text(queryset, value)

    def filter_ordering(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == RELEVANCE:
            # rows_by_text already ordered by rank (PostgreSQL) when words were given.
            if self.form.cleaned_data.get("q"):
                return queryset
            value = DEFAULT_ORDERING
        return queryset.order_by(*self.ORDERINGS.get(value, self.ORDERINGS[DEFAULT_ORDERING]))


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
