"""Speaker corrections on pages: forms on the speaker page, each quote row and the claim page.

Each view checks the permission (editors and reviewers), calls one service of
claims.services.speaker_corrections and goes back where the form was; bad input answers 400
with the message on a short page that links back.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from claims import selectors
from claims.models import Claim, Quote, Speaker
from claims.services import speaker_corrections as corrections

NAME_MAX = Speaker._meta.get_field("name").max_length


class SpeakerEditForm(forms.Form):
    name = forms.CharField(max_length=NAME_MAX)
    title = forms.CharField(max_length=300, required=False)
    organization = forms.CharField(max_length=300, required=False)


class SpeakerChoiceForm(forms.Form):
    """A speaker by id, name or alias; empty means nobody (where allowed)."""

    speaker = forms.CharField(max_length=NAME_MAX, required=False)
    not_a_quote = forms.BooleanField(required=False)
    next = forms.CharField(max_length=2000, required=False)

    def clean_speaker(self) -> Speaker | None:
        value = self.cleaned_data["speaker"].strip()
        if not value:
            return None
        if value.isdigit():
            row = Speaker.objects.filter(pk=int(value)).first() if len(value) < 19 else None
            if row is None:
                raise ValidationError(f"There is no speaker #{value}.")
            return row
        rows = list(selectors.speakers_named(name=value)[:2])
        exact = [r for r in rows if r.name.casefold() == value.casefold()]
        if len(exact) == 1 or len(rows) == 1:
            return (exact or rows)[0]
        if not rows:
            raise ValidationError(f"No speaker is called {value!r}.")
        raise ValidationError(f"Several speakers are called {value!r}: give the number.")


class AliasForm(forms.Form):
    alias = forms.CharField(max_length=NAME_MAX)


def _check(request: HttpRequest) -> None:
    if not request.user.has_perm(corrections.PERMISSION):
        raise PermissionDenied(corrections.NOT_ALLOWED)


def _refused(request: HttpRequest, back: str, error: ValidationError | str) -> HttpResponse:
    text = "; ".join(error.messages) if isinstance(error, ValidationError) else error
    context = {"error": text, "back": back}
    return render(request, "claims/correction_refused.html", context, status=400)


def _errors(form: forms.Form) -> str:
    return "; ".join(f"{k}: {' '.join(v)}" if k != "__all__" else " ".join(v)
                     for k, v in form.errors.items())  # fmt: skip


def _speaker(pk: int) -> Speaker:
    row = Speaker.objects.filter(pk=pk).first()
    if row is None:
        raise Http404("No such speaker.")
    return row


def _next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return default


@login_required
@require_POST
def speaker_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _check(request)
    speaker = _speaker(pk)
    back = speaker.get_absolute_url()
    form = SpeakerEditForm(request.POST)
    if not form.is_valid():
        return _refused(request, back, _errors(form))
    try:
        corrections.speaker_edit(speaker=speaker, editor=request.user, **form.cleaned_data)
    except ValidationError as exc:
        return _refused(request, back, exc)
    messages.success(request, "Speaker saved.")
    return redirect(back)


@login_required
@require_POST
def speaker_merge(request: HttpRequest, pk: int) -> HttpResponse:
    _check(request)
    speaker = _speaker(pk)
    back = speaker.get_absolute_url()
    form = SpeakerChoiceForm(request.POST)
    if not form.is_valid() or form.cleaned_data["speaker"] is None:
        return _refused(request, back, _errors(form) or "Name the speaker to merge in.")
    other = form.cleaned_data["speaker"]
    try:
        corrections.speaker_merge(speaker=speaker, other=other, editor=request.user)
    except ValidationError as exc:
        return _refused(request, back, exc)
    messages.success(request, f"Merged {other.name} into {speaker.name}.")
    return redirect(back)


@login_required
@require_POST
def speaker_split(request: HttpRequest, pk: int) -> HttpResponse:
    _check(request)
    speaker = _speaker(pk)
    form = AliasForm(request.POST)
    back = speaker.get_absolute_url()
    if not form.is_valid():
        return _refused(request, back, _errors(form))
    try:
        new = corrections.speaker_alias_split(
            speaker=speaker, alias=form.cleaned_data["alias"], editor=request.user
        )
    except ValidationError as exc:
        return _refused(request, back, exc)
    messages.success(request, f"{new.name} is now a speaker of their own.")
    return redirect(new)


@login_required
@require_POST
def quote_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """Set a quote's speaker (empty: nobody) and whether it is a quote at all."""
    _check(request)
    try:
        quote = selectors.quote_detail(pk=pk)
    except Quote.DoesNotExist:
        raise Http404("No such quote.") from None
    back = _next(request, quote.article.get_absolute_url())
    form = SpeakerChoiceForm(request.POST)
    if not form.is_valid():
        return _refused(request, back, _errors(form))
    corrections.quote_correct(
        quote=quote,
        editor=request.user,
        speaker=form.cleaned_data["speaker"],
        not_a_quote=form.cleaned_data["not_a_quote"],
    )
    messages.success(request, "Quote corrected.")
    return redirect(back)


@login_required
@require_POST
def claim_speaker(request: HttpRequest, pk: int) -> HttpResponse:
    """Set a claim's speaker (empty: nobody)."""
    _check(request)
    claim = Claim.objects.filter(pk=pk).first()
    if claim is None:
        raise Http404("No such claim.")
    form = SpeakerChoiceForm(request.POST)
    if not form.is_valid():
        return _refused(request, claim.get_absolute_url(), _errors(form))
    corrections.claim_speaker_set(
        claim=claim, editor=request.user, speaker=form.cleaned_data["speaker"]
    )
    messages.success(request, "Claim speaker saved.")
    return redirect(claim)
