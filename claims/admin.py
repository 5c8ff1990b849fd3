"""Admin: edits and actions that call services; verdict history is read-only everywhere."""

from __future__ import annotations

import secrets

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models

from claims import services
from claims.models import (
    URL_MAX_LENGTH,
    Article,
    ArticleUpload,
    Claim,
    ClaimGroup,
    ClaimGroupEvent,
    ClaimSpeaker,
    Quote,
    Speaker,
    Verdict,
    WebhookDelivery,
    WebhookSubscription,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class VerdictInline(ReadOnlyInline):
    model = Verdict
    fields = ("created_at", "verdict", "reviewer", "note", "evidence")
    readonly_fields = fields
    ordering = ("-created_at", "-id")


class QuoteInline(ReadOnlyInline):
    model = Quote
    fields = ("text", "speaker", "kind", "cue", "start", "end")
    readonly_fields = fields


class CoSignerInline(ReadOnlyInline):
    """A joint statement's other signers; editors change them in the app, where each change
    is recorded in the speaker's history."""

    model = ClaimSpeaker
    fields = ("position", "speaker", "mention")
    readonly_fields = fields
    verbose_name = "co-signer"
    show_change_link = False


class ClaimInline(ReadOnlyInline):
    model = Claim
    fields = ("text", "speaker", "score", "current_verdict")
    readonly_fields = fields


class ArticleAddForm(forms.ModelForm):
    """A new article: checked by the ingest service here, stored by it in `save_model`."""

    class Meta:
        model = Article
        fields = ["title", "body", "url", "source", "published"]

    url = forms.URLField(required=False, max_length=URL_MAX_LENGTH, assume_scheme="https")

    def clean(self) -> dict:
        data = super().clean()
        if self.errors:
            return data
        try:
            services.article_ingest_check(
                body=data.get("body") or "",
                title=data.get("title") or "",
                url=data.get("url") or "",
                source=data.get("source") or "",
            )
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                raise
            for field, errors in exc.message_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        return data


# URLs typed without a scheme are https (Django 6's default, stated now instead of warned about).
HTTPS_URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_URL_FIELDS
    list_display = ("__str__", "source", "published", "status", "ingested_at")
    list_filter = ("status", "source", "published")
    search_fields = ("title", "body", "url")
    date_hierarchy = "published"
    readonly_fields = (
        "content_hash", "ingested_at", "extracted_at", "status", "status_message", "duplicate_of",
    )  # fmt: skip
    inlines = [QuoteInline, ClaimInline]
    actions = ["rerun_extraction"]

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []  # a new article has no quotes yet

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ArticleAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        # The text is what the content hash and the extraction were made from: re-ingest to
        # change it.
        return (*readonly, "body") if obj is not None else readonly

    def save_model(self, request, obj, form, change) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        result = services.article_ingest(
            body=obj.body, title=obj.title, url=obj.url, source=obj.source, published=obj.published
        )
        if not result.created:  # stored by someone else since the form was checked
            self.message_user(
                request, f"Already stored ({result.reason}); nothing new.", messages.WARNING
            )
        for field in Article._meta.concrete_fields:
            setattr(obj, field.attname, getattr(result.article, field.attname))
        obj._state.adding = False
        obj._state.db = result.article._state.db

    @admin.action(description="Re-run extraction", permissions=["change"])
    def rerun_extraction(self, request, queryset) -> None:
        ids = list(queryset.order_by("pk").values_list("pk", flat=True))
        result = services.articles_reextract(article_ids=ids, force=True)
        self.message_user(request, f"Extraction queued for {result.queued} article(s).")
        if result.not_queued:
            self.message_user(
                request,
                f"{result.not_queued} article(s) not queued, the broker is unavailable: "
                "they stay pending; try again later.",
                level=messages.ERROR,
            )


@admin.register(ArticleUpload)
class ArticleUploadAdmin(admin.ModelAdmin):
    """Uploaded web pages, read-only: they are made by uploads and read by the worker; re-run an
    article's extraction (which reads its page again if that failed) from the article."""

    list_display = ("name", "article", "size", "created_at", "read_at")
    list_select_related = ("article",)
    fields = ("article", "name", "size", "raw_hash", "created_at", "read_at")
    readonly_fields = fields
    search_fields = ("name", "raw_hash")

    def get_queryset(self, request):
        return super().get_queryset(request).defer("data")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ("name", "title", "organization", "kind")
    list_filter = ("kind",)
    search_fields = ("name", "title", "organization", "aliases")


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    list_display = ("__str__", "speaker", "kind", "cue", "published")
    list_filter = ("kind", "published")
    search_fields = ("text", "speaker__name")
    list_select_related = ("speaker",)
    raw_id_fields = ("article", "speaker")


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ("__str__", "speaker", "score", "current_verdict", "published", "found")
    list_filter = ("current_verdict", "found", "published")
    search_fields = ("text", "speaker__name", "fingerprint")
    list_select_related = ("speaker",)
    raw_id_fields = ("article", "speaker")
    readonly_fields = ("current_verdict", "fingerprint", "created_at", "updated_at")
    inlines = [CoSignerInline, VerdictInline]


@admin.register(Verdict)
class VerdictAdmin(admin.ModelAdmin):
    list_display = ("claim", "verdict", "reviewer", "created_at")
    list_filter = ("verdict",)
    list_select_related = ("claim", "reviewer")

    def has_add_permission(self, request) -> bool:
        return False  # verdicts are recorded on the claim page, through the service

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """History and logs: viewable, never added, edited or deleted here."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class GroupMemberInline(ReadOnlyInline):
    model = Claim
    fk_name = "group"
    fields = ("text", "article", "speaker", "current_verdict", "published")
    readonly_fields = fields


@admin.register(ClaimGroup)
class ClaimGroupAdmin(ReadOnlyAdmin):
    """Groups change through the matcher and the reviewers' split/merge services only."""

    list_display = ("__str__", "current_verdict", "created_at")
    list_filter = ("current_verdict",)
    search_fields = ("text",)
    inlines = [GroupMemberInline]


@admin.register(ClaimGroupEvent)
class ClaimGroupEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "action", "claim", "from_group_id", "to_group_id", "reviewer")
    list_filter = ("action",)
    list_select_related = ("claim", "reviewer")


class WebhookSubscriptionForm(forms.ModelForm):
    """The admin's subscription form checks URL and filters as the API does (no bypass)."""

    class Meta:
        model = WebhookSubscription
        fields = ("owner", "url", "filters", "active")

    url = forms.CharField(max_length=URL_MAX_LENGTH, widget=forms.TextInput(attrs={"size": 80}))

    def clean_url(self) -> str:
        return _service_clean(services.webhook_url_clean, self.cleaned_data.get("url", ""))

    def clean_filters(self) -> dict:
        return _service_clean(services.webhook_filters_clean, self.cleaned_data.get("filters"))


def _service_clean(check, value):
    """A service's check as a form field's clean: its message shown on the field."""
    try:
        return check(value)
    except ValidationError as exc:
        messages = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        raise ValidationError([m for ms in messages.values() for m in ms]) from None


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    form = WebhookSubscriptionForm
    list_display = ("url", "owner", "active", "created_at")
    list_filter = ("active",)
    search_fields = ("url", "owner__username")
    list_select_related = ("owner",)
    raw_id_fields = ("owner",)
    readonly_fields = ("secret", "created_at")

    def save_model(self, request, obj, form, change) -> None:
        if not obj.secret:
            obj.secret = secrets.token_hex(32)
        super().save_model(request, obj, form, change)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "event",
        "subscription",
        "claim",
        "status",
        "attempts",
        "status_code",
        "delivered_at",
    )
    list_filter = ("status", "event")
    list_select_related = ("subscription", "claim")
    search_fields = ("subscription__url", "error")


from claims import admin_external_reviews  # noqa: E402,F401  (registers ExternalFactCheck)
