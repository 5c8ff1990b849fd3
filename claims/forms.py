"""Forms for the server-rendered pages: they validate input; services do the writing."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from claims import selectors_desk
from claims.documents import formats_help
from claims.models import (
    GROUP_NOTE_MAX_CHARS,
    VERDICT_NOTE_MAX_CHARS,
    Claim,
    DismissalReason,
    VerdictChoice,
)
from claims.services.dismissals import MAX_NOTE as MAX_DISMISSAL_NOTE
from claims.services.ingest import (
    field_max_length,
    upload_max_bytes,
    upload_too_large_message,
)
from claims.services.verdicts import EVIDENCE_OPTIONAL, MAX_EVIDENCE, RECORDABLE_VERDICTS

VERDICT_CHOICES = [(v, VerdictChoice(v).label) for v in RECORDABLE_VERDICTS]


class VerdictForm(forms.Form):
    verdict = forms.ChoiceField(choices=VERDICT_CHOICES, widget=forms.RadioSelect)
    note = forms.CharField(
        required=False,
        max_length=VERDICT_NOTE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "What did you check, and how?"}),
    )
    evidence = forms.CharField(
        label="Evidence URLs",
        required=False,
        help_text="One URL per line (http or https).",
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "https://…", "spellcheck": "false"}),
    )

    def clean_evidence(self) -> list[str]:
        urls: list[str] = []
        validate = URLValidator(schemes=["http", "https"])
        for line in self.cleaned_data["evidence"].splitlines():
            url = line.strip()
            if not url or url in urls:
                continue
            try:
                validate(url)
            except ValidationError:
                raise ValidationError(
                    "%(url)s is not a valid http(s) URL.", params={"url": url[:100]}
                ) from None
            urls.append(url)
        if len(urls) > MAX_EVIDENCE:
            raise ValidationError(f"At most {MAX_EVIDENCE} evidence URLs.")
        return urls

    def clean(self) -> dict:
        data = super().clean()
        needs_evidence = data.get("verdict") and data["verdict"] not in EVIDENCE_OPTIONAL
        if needs_evidence and "evidence" in data and not data["evidence"]:
            self.add_error("evidence", "Give at least one evidence URL for this verdict.")
        return data


class DateRangeForm(forms.Form):
    """Base form for filter sets with date_from / date_to: the range must not be reversed."""

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and start > end:
            self.add_error("date_to", "The end date is before the start date.")
        return data


class ArticleForm(forms.Form):
    """Paste an article's text, or upload a file in any format `manage.py ingest` reads."""

    title = forms.CharField(required=False, max_length=field_max_length("title"))
    source = forms.CharField(label="Outlet", required=False, max_length=field_max_length("source"))
    url = forms.URLField(
        label="Original URL",
        required=False,
        max_length=field_max_length("url"),
        assume_scheme="https",
    )
    published = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label="Published"
    )
    body = forms.CharField(
        label="Article text",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "placeholder": "Paste the article text here"}),
    )
    file = forms.FileField(label="…or upload a file", required=False, help_text=formats_help())

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > upload_max_bytes():
            raise ValidationError(upload_too_large_message())
        return upload

    def clean(self) -> dict:
        data = super().clean()
        has_body = bool((data.get("body") or "").strip())
        if has_body and data.get("file"):
            raise ValidationError("Paste text or upload a file, not both.")
        if not has_body and not data.get("file") and not self.errors:
            raise ValidationError("Paste the article text or choose a file to upload.")
        return data


class AsOfForm(forms.Form):
    """`?as_of=YYYY-MM-DD` on the claim page: which verdict stood on that date."""

    as_of = forms.DateField(
        label="As of",
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a date as YYYY-MM-DD."},
    )


class GroupNoteForm(forms.Form):
    """Split a wrong match out of its group; the note says why (kept in the history)."""

    # The claim page shows this form next to the verdict form: ids must not clash (id_note).
    id_format = "id_split_%s"

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", self.id_format)
        super().__init__(*args, **kwargs)

    note = forms.CharField(
        required=False,
        max_length=GROUP_NOTE_MAX_CHARS,
        widget=forms.TextInput(attrs={"placeholder": "Why (optional)"}),
    )


class MergeForm(GroupNoteForm):
    """Merge this claim's group into another claim's group, given that claim's number."""

    id_format = "id_merge_%s"

    other = forms.IntegerField(
        label="Other claim #",
        min_value=1,
        max_value=2**63 - 1,
        widget=forms.NumberInput(attrs={"placeholder": "e.g. 1234"}),
    )


class DismissForm(forms.Form):
    """Dismiss a claim as not worth checking: a reason, and a note kept in its history."""

    id_format = "id_dismiss_%s"  # shown on the claim page beside the verdict form

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", self.id_format)
        super().__init__(*args, **kwargs)

    reason = forms.ChoiceField(choices=DismissalReason.choices, label="Reason")
    note = forms.CharField(
        required=False,
        max_length=MAX_DISMISSAL_NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Note (optional)",
    )


class RestoreForm(forms.Form):
    """Put a dismissed claim back in the queue, with an optional note."""

    id_format = "id_restore_%s"

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", self.id_format)
        super().__init__(*args, **kwargs)

    note = forms.CharField(
        required=False, max_length=MAX_DISMISSAL_NOTE, widget=forms.TextInput, label="Note"
    )


class AssignForm(forms.Form):
    """Assign a claim to a reviewer by username; empty releases it."""

    id_format = "id_assign_%s"

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", self.id_format)
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = selectors_desk.reviewers()

    reviewer = forms.ModelChoiceField(
        queryset=None,
        to_field_name="username",
        required=False,
        empty_label="Nobody (release)",
        label="Assign to",
    )


class QueueActionForm(AssignForm):
    """A bulk action on claims ticked in the queue; `action` names one of
    claims.queue_actions.QUEUE_ACTIONS that the user may run."""

    id_format = "id_bulk_%s"

    def __init__(self, *args, actions: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = actions
        self.fields["reviewer"].empty_label = "—"

    action = forms.ChoiceField(choices=[], label="With the ticked claims")
    # For "dismiss" only (claims.queue_actions checks that a reason is given).
    reason = forms.ChoiceField(
        choices=[("", "—"), *DismissalReason.choices], required=False, label="Reason"
    )
    note = forms.CharField(
        required=False,
        max_length=MAX_DISMISSAL_NOTE,
        widget=forms.TextInput,
        label="Note (optional)",
    )
    claims = forms.ModelMultipleChoiceField(
        queryset=Claim.objects.all(),
        widget=forms.MultipleHiddenInput,
        error_messages={"required": "Tick at least one claim."},
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class ReturnForm(forms.Form):
    """Send a draft verdict back to its author: the note says what to fix."""

    id_format = "id_return_%s"

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", self.id_format)
        super().__init__(*args, **kwargs)

    note = forms.CharField(
        label="What needs fixing",
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say why the draft goes back to its author."},
    )


class StatementForm(forms.Form):
    """The claim as checked, in clean words (empty clears it)."""

    statement = forms.CharField(
        label="The claim as checked",
        required=False,
        max_length=1000,
        widget=forms.Textarea(
            attrs={"rows": 2, "placeholder": "e.g. The U.S. embassy in Kabul cut its staff by half"}
        ),
        help_text="Used as the claim on the published fact-check; the sentence stays as found.",
    )
