"""Admin for fact-checks published elsewhere: the list, and an import page (file or URL)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

from claims.models import ExternalFactCheck
from claims.services.external_reviews import (
    MAX_DOCUMENT_BYTES,
    external_reviews_fetch,
    external_reviews_import,
)


class ClaimReviewImportForm(forms.Form):
    file = forms.FileField(
        required=False, help_text="ClaimReview JSON-LD, a feed, or an HTML page."
    )
    url = forms.URLField(required=False, max_length=2000, assume_scheme="https")

    def clean(self):
        data = super().clean()
        if bool(data.get("file")) == bool(data.get("url")):
            raise ValidationError("Give a file or a URL (one of them).")
        if data.get("file") and data["file"].size > MAX_DOCUMENT_BYTES:
            raise ValidationError("The file is too large.")
        return data


@admin.register(ExternalFactCheck)
class ExternalFactCheckAdmin(admin.ModelAdmin):
    list_display = ("publisher", "rating", "published", "claimant", "claim_reviewed")
    list_filter = ("publisher",)
    search_fields = ("claim_reviewed", "claimant", "publisher", "url")
    readonly_fields = ("imported_at", "source")
    change_list_template = "admin/claims/externalfactcheck/change_list.html"

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name="claims_externalfactcheck_import"), *super().get_urls()]

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ClaimReviewImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                if form.cleaned_data["file"]:
                    upload = form.cleaned_data["file"]
                    body, source = upload.read(), f"upload:{upload.name}"
                else:
                    source = form.cleaned_data["url"]
                    body = external_reviews_fetch(url=source)
                report = external_reviews_import(data=body, source=source)
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    f"{len(report.created)} imported, {len(report.updated)} updated, "
                    f"{len(report.errors)} refused.",
                )
                for error in report.errors:
                    messages.warning(request, error)
                return redirect("admin:claims_externalfactcheck_changelist")
        context = {**self.admin_site.each_context(request), "form": form, "opts": self.model._meta,
                   "title": "Import ClaimReview"}  # fmt: skip
        return TemplateResponse(request, "admin/claims/externalfactcheck/import.html", context)
