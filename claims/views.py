"""Server-rendered pages: thin views that call a selector or a service and render."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Count, Model, QuerySet
from django.forms import Form
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from claims import charts, selectors, selectors_desk, services
from claims.access import read_access
from claims.csv_export import CLAIM_COLUMNS, QUOTE_COLUMNS, csv_response
from claims.forms import (
    ArticleForm,
    AsOfForm,
    AssignForm,
    DismissForm,
    GroupNoteForm,
    MergeForm,
    QueueActionForm,
    RestoreForm,
    ReturnForm,
    StatementForm,
    VerdictForm,
)
from claims.highlight import Span, highlight_paragraphs
from claims.models import (
    Article,
    ArticleImport,
    Claim,
    DismissalReason,
    ImportStatus,
    Quote,
    Speaker,
    VerdictChoice,
)
from claims.page_filters import (
    DEFAULT_ORDERING,
    RELEVANCE,
    ClaimFilter,
    QuoteFilter,
    legacy_order_params,
)
from claims.pagination import BoundedPaginator
from claims.queue_actions import queue_actions_for
from claims.services.assignment import can_assign_any, can_take
from claims.services.external_reviews import external_checks_by_claim
from claims.services.imports import IMPORT_INLINE_MAX_ITEMS
from claims.services.ingest import DUPLICATE, ERROR, INGESTED, ItemOutcome, upload_too_large_message
from claims.upload_budget import UPLOAD_BUSY, declared_length, upload_budget_wait

PAGE_SIZE = 25
SEARCH_MAX_CHARS = 200  # longer search terms are cut: no name is that long
NUL = "\x00"
NUL_MESSAGE = "The search contains a NUL character."
M = TypeVar("M", bound=Model)


def _get_or_404(select: Callable[..., M], model: type[M], **kwargs) -> M:
    try:
        return select(**kwargs)
    except model.DoesNotExist:
        raise Http404(f"No such {model._meta.verbose_name}.") from None


def _page(
    request: HttpRequest,
    rows: QuerySet,
    param: str = "page",
    size: int = PAGE_SIZE,
    *,
    bounded: bool = False,
) -> Page:
    """A page of `rows`; `bounded` counts at most COUNT_LIMIT rows (long lists: the queue and
    the quote search), shown as "5,000+"."""
    paginator = BoundedPaginator(rows, size) if bounded else Paginator(rows, size)
    return paginator.get_page(request.GET.get(param))


def _add_errors(form: Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form, on the field it names if the form has it."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


# Review queue and claims ---------------------------------------------------------------


QUEUE_TABS = {
    "new": lambda user: selectors.claim_queue_new_work(),
    "seen": lambda user: selectors.claim_queue_seen_before(),
    "mine": lambda user: selectors_desk.claims_assigned_to(
        selectors.claims_with_group_verdict(selectors.claim_queue()), user=user
    ),
}


def _queue_page(
    request: HttpRequest, action_form: QueueActionForm | None = None, status: int = 200
) -> HttpResponse:
    tab = request.GET.get("tab") if request.GET.get("tab") in QUEUE_TABS else "new"
    data = legacy_order_params(request.GET)
    data.setdefault("verdict", VerdictChoice.UNREVIEWED)
    # With words the best matches come first unless another order is asked for.
    data.setdefault("ordering", RELEVANCE if data.get("q", "").strip() else DEFAULT_ORDERING)
    claim_filter = ClaimFilter(data, queryset=QUEUE_TABS[tab](request.user), request=request)
    bad_filter = bool(claim_filter.errors)
    if bad_filter:
        status = 400  # a bad filter value is named on the form, never silently ignored
    elif request.GET.get("format") == "csv":
        return csv_response(claim_filter.qs, CLAIM_COLUMNS, f"claims-{tab}.csv")
    actions = queue_actions_for(request.user)
    if action_form is None and actions:
        action_form = QueueActionForm(actions=actions, initial={"next": request.get_full_path()})
    page = _page(request, Claim.objects.none() if bad_filter else claim_filter.qs, bounded=True)
    checks = external_checks_by_claim(list(page.object_list))
    for claim in page.object_list:
        claim.external_checks = checks[claim.pk]
    context = {
        "filter": claim_filter,
        "page": page,
        "outlets": selectors.outlet_names(),
        "tab": tab,
        "filtered": any(
            v
            for k, v in request.GET.items()
            if k not in {"page", "order", "ordering", "tab", "format"}
        ),
        "action_form": action_form,
        "can_dismiss": "dismiss" in dict(actions),  # the action form shows a reason and note
        "can_take": can_take(request.user),
    }
    return render(request, "claims/queue.html", context, status=status)


@read_access
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """New work by default; `?tab=seen` lists unreviewed repeats of already reviewed claims,
    `?tab=mine` the claims assigned to the signed-in reviewer."""
    return _queue_page(request)


def _evidence_from(request: HttpRequest, checks: list) -> dict:
    """`?use_review=ID`: a reviewer takes an external fact-check over as evidence."""
    chosen = next((c for c in checks if str(c.pk) == request.GET.get("use_review")), None)
    if chosen is None:
        return {}
    date = f", {chosen.published:%Y-%m-%d}" if chosen.published else ""
    return {
        "evidence": chosen.url,
        "note": f"Already checked by {chosen.publisher}: {chosen.rating}{date}.",
    }


def _claim_page(
    request: HttpRequest, claim: Claim, status: int = 200, **forms: Form
) -> HttpResponse:
    article = claim.article
    focus = Span(claim.start, claim.end, "focus")
    as_of_form = forms.get("as_of_form") or AsOfForm(request.GET or None)
    as_of = as_of_form.cleaned_data.get("as_of") if as_of_form.is_valid() else None
    if as_of_form.errors:
        status = 400
    events = selectors.claim_group_events(claim=claim)
    external_checks = external_checks_by_claim([claim])[claim.pk]
    can_review = request.user.has_perm("claims.add_verdict")
    context = {
        "claim": claim,
        "article": article,
        "paragraphs": highlight_paragraphs(article.body, [focus], only_touching=True),
        "appearances": selectors.claim_other_appearances(claim=claim),
        "history": selectors.claim_history_entries(
            verdicts=selectors.claim_history(claim=claim, drafts=can_review),
            events=events,
            dismissals=selectors.claim_dismissals(claim=claim),
        ),
        "return_form": forms.get("return_form") or ReturnForm(),
        "timeline": charts.verdict_timeline_chart(
            selectors.claim_verdict_timeline(claim=claim), today=timezone.localdate()
        ),
        "as_of_form": as_of_form,
        "as_of": as_of,
        "as_of_verdict": as_of and selectors.claim_verdict_as_of(claim=claim, date=as_of),
        "external_checks": external_checks,
        "form": forms.get("form") or VerdictForm(initial=_evidence_from(request, external_checks)),
        "split_form": forms.get("split_form") or GroupNoteForm(),
        "merge_form": forms.get("merge_form") or MergeForm(),
        "can_review": can_review,
        "can_group": request.user.has_perm(services.groups.PERMISSION),
        "can_dismiss": request.user.has_perm(services.dismissals.PERMISSION),
        "dismiss_form": forms.get("dismiss_form") or DismissForm(),
        "restore_form": forms.get("restore_form") or RestoreForm(),
        "statement_form": forms.get("statement_form")
        or StatementForm(initial={"statement": claim.statement}),
        "assign_form": forms.get("assign_form") or AssignForm(initial={"reviewer": claim.assignee}),
        "assignment_events": selectors_desk.claim_events(claim=claim),
        "can_take": can_take(request.user),
        "can_assign_any": can_assign_any(request.user),
    }
    return render(request, "claims/claim_detail.html", context, status=status)


@read_access
@require_GET
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The claim page; `?as_of=YYYY-MM-DD` also shows the verdict that stood on that date."""
    claim = _get_or_404(selectors.claim_detail, Claim, pk=pk)
    return _claim_page(request, claim)


def claim_form_post(
    request: HttpRequest,
    pk: int,
    form_class: type[Form],
    form_name: str,
    act: Callable[[Claim, dict], str],
) -> HttpResponse:
    """A form posted about one claim: `act(claim, cleaned_data)` calls the service and returns
    the message shown after the redirect to the claim. Invalid input, or a ValidationError from
    the service, shows the claim page again with the form (as `form_name`) and a 400."""
    claim = _get_or_404(selectors.claim_detail, Claim, pk=pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            message = act(claim, form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, message)
            return redirect(claim)
    return _claim_page(request, claim, status=400, **{form_name: form})


@require_POST
def claim_verdict(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a verdict. Only reviewers: anyone else, signed in or not, gets 403."""
    if not request.user.has_perm("claims.add_verdict"):
        raise PermissionDenied("Only reviewers can record verdicts.")
    claim = _get_or_404(selectors.claim_detail, Claim, pk=pk)
    form = VerdictForm(request.POST)
    if form.is_valid():
        try:
            row = services.verdict_record(claim=claim, reviewer=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            label = row.get_verdict_display()
            if row.draft:
                messages.success(
                    request,
                    f"Draft recorded: {label}. It is published once another reviewer approves it.",
                )
            else:
                messages.success(request, f"Verdict recorded: {label}.")
            return redirect(claim)
    # Invalid input: the form again with its errors, as a 400 so clients and logs see it.
    return _claim_page(request, claim, status=400, form=form)


def _group_access(request: HttpRequest) -> None:
    if not request.user.has_perm(services.groups.PERMISSION):
        raise PermissionDenied("Only reviewers can split or merge claim groups.")


@login_required
@require_POST
def claim_split(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a wrongly matched claim out of its group (reviewers; others 403)."""
    _group_access(request)

    def split(claim: Claim, data: dict) -> str:
        services.claim_group_split(claim=claim, reviewer=request.user, **data)
        return "Split out: this claim now stands on its own."

    return claim_form_post(request, pk, GroupNoteForm, "split_form", split)


@login_required
@require_POST
def claim_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Merge this claim (and its group) into another claim's group (reviewers; others 403)."""
    _group_access(request)

    def merge(claim: Claim, data: dict) -> str:
        try:
            other = selectors.claim_detail(pk=data["other"])
        except Claim.DoesNotExist:
            raise ValidationError({"other": f"There is no claim #{data['other']}."}) from None
        services.claim_group_merge(
            claim=claim, other=other, reviewer=request.user, note=data["note"]
        )
        return f"Merged with claim #{other.pk}."

    return claim_form_post(request, pk, MergeForm, "merge_form", merge)


# Quotes and speakers ---------------------------------------------------------------------


@read_access
@require_GET
def quote_search(request: HttpRequest) -> HttpResponse:
    quote_filter = QuoteFilter(request.GET, queryset=selectors.quote_search())
    bad = bool(quote_filter.errors)  # a bad filter value is a 400 naming it, never ignored
    if not bad and request.GET.get("format") == "csv":
        return csv_response(quote_filter.qs, QUOTE_COLUMNS, "quotes.csv")
    context = {
        "filter": quote_filter,
        "page": _page(request, quote_filter.qs if not bad else Quote.objects.none(), bounded=True),
        "outlets": selectors.outlet_names(),
        "searched": any(v.strip() for k, v in request.GET.items() if k not in {"page", "format"}),
    }
    return render(request, "claims/quote_search.html", context, status=400 if bad else 200)


@read_access
@require_GET
def speaker_suggest(request: HttpRequest) -> JsonResponse:
    """Names for the speaker search box: {"results": [{name, title, alias}]}."""
    q = request.GET.get("q", "")[:SEARCH_MAX_CHARS]
    if NUL in q:
        return JsonResponse({"error": NUL_MESSAGE}, status=400)
    return JsonResponse({"results": selectors.speaker_suggestions(q=q)})


@read_access
@require_GET
def speaker_list(request: HttpRequest) -> HttpResponse:
    name = request.GET.get("name", "")[:SEARCH_MAX_CHARS]
    if NUL in name:
        return HttpResponseBadRequest(NUL_MESSAGE, content_type="text/plain; charset=utf-8")
    context = {"page": _page(request, selectors.speaker_list(name=name), size=50), "name": name}
    return render(request, "claims/speaker_list.html", context)


@read_access
@require_GET
def speaker_detail(request: HttpRequest, pk: int) -> HttpResponse:
    speaker = _get_or_404(selectors.speaker_detail, Speaker, pk=pk)
    context = {
        "speaker": speaker,
        "quotes": _page(request, selectors.speaker_quotes(speaker=speaker)),
        "claims": _page(request, selectors.speaker_claims(speaker=speaker), "claims_page"),
        "tally": selectors.speaker_verdict_tally(speaker=speaker),
        "monthly": charts.monthly_record_rows(selectors.speaker_monthly_record(speaker=speaker)),
        "history": selectors.speaker_history(speaker=speaker)[:50],
    }
    return render(request, "claims/speaker_detail.html", context)


# Articles -------------------------------------------------------------------------------


@read_access
@require_GET
def article_list(request: HttpRequest) -> HttpResponse:
    page = _page(request, selectors.article_list(), size=50)
    return render(request, "claims/article_list.html", {"page": page})


def _article_spans(article: Article) -> list[Span]:
    spans = [
        Span(
            q.start,
            q.end,
            "quote",
            q.speaker.get_absolute_url() if q.speaker else "",
            f"{q.speaker} {q.cue}".strip() if q.speaker else "Unattributed quote",
        )
        for q in article.quotes.all()
    ]
    spans += [
        Span(
            c.start,
            c.end,
            "claim",
            c.get_absolute_url(),
            f"Claim · {c.get_current_verdict_display()}",
        )
        for c in article.claims.all()
    ]
    return spans


@read_access
@require_GET
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = _get_or_404(selectors.article_detail, Article, pk=pk)
    context = {
        "article": article,
        "paragraphs": highlight_paragraphs(article.body, _article_spans(article)),
    }
    return render(request, "claims/article_detail.html", context)


def _ingest_upload(form: ArticleForm, data: bytes) -> list[services.ItemOutcome]:
    """Ingest every article of the uploaded document; fields typed in the form win over
    those in a one-article file."""
    upload = form.cleaned_data["file"]
    overrides = {k: form.cleaned_data[k] for k in ("title", "source", "url", "published")}
    try:
        return services.document_ingest(name=upload.name, data=data, overrides=overrides)
    except ValidationError as exc:
        _add_errors(form, exc)
        return []


def _ingest_text(form: ArticleForm) -> list[services.ItemOutcome]:
    data = form.cleaned_data
    try:
        result = services.article_ingest(
            body=data["body"],
            title=data["title"],
            url=data["url"],
            source=data["source"],
            published=data["published"],
        )
    except ValidationError as exc:
        _add_errors(form, exc)
        return []
    status = INGESTED if result.created else DUPLICATE
    return [ItemOutcome("", None, status, result.reason, result.article)]


@login_required
@require_http_methods(["GET", "POST"])
def article_new(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("claims.add_article"):
        raise PermissionDenied("You may not add articles.")
    posted = request.method == "POST"
    if posted and declared_length(request) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
        # Refused before the body is read: the same limit the API's parsers apply.
        context = {
            "form": ArticleForm(),
            "refusal": upload_too_large_message(),
            "inline_max": IMPORT_INLINE_MAX_ITEMS,
        }
        return render(request, "claims/article_new.html", context, status=413)
    if posted and not upload_budget_wait(size=declared_length(request)):
        # Held before the body is read, like the API's posts (claims.upload_budget).
        context = {
            "form": ArticleForm(),
            "refusal": UPLOAD_BUSY,
            "inline_max": IMPORT_INLINE_MAX_ITEMS,
        }
        response = render(request, "claims/article_new.html", context, status=429)
        response["Retry-After"] = "1"
        return response
    form = ArticleForm(request.POST, request.FILES) if posted else ArticleForm()
    results: list[services.ItemOutcome] = []
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload:
            data = upload.read()
            if services.document_is_bulk(name=upload.name, data=data):
                return _import_in_background(request, form, data)
            results = _ingest_upload(form, data)
        else:
            results = _ingest_text(form)
        if len(results) == 1 and results[0].outcome == INGESTED:
            article = results[0].article
            article.refresh_from_db()  # an uploaded page may have been read in-process
            messages.success(request, f"Article stored: {article}. Extraction is queued.")
            return redirect(article)
    context = {"form": form, "results": results, "inline_max": IMPORT_INLINE_MAX_ITEMS}
    # Invalid input (or a file none of whose articles could be stored) is a 400.
    refused = posted and (bool(form.errors) or all(r.outcome == ERROR for r in results))
    return render(request, "claims/article_new.html", context, status=400 if refused else 200)


def _import_in_background(request: HttpRequest, form: ArticleForm, data: bytes) -> HttpResponse:
    upload = form.cleaned_data["file"]
    try:
        job = services.article_import_create(name=upload.name, data=data, uploaded_by=request.user)
    except ValidationError as exc:
        _add_errors(form, exc)
        context = {"form": form, "inline_max": IMPORT_INLINE_MAX_ITEMS}
        return render(request, "claims/article_new.html", context, status=400)
    messages.info(request, f"{job.total:,} lines are being imported; this page shows each one.")
    return redirect(job)


# An import's page reloads itself this often until the import has finished.
IMPORT_REFRESH_SECONDS = 3
# A running import whose page shows no new line for this long may be queued again.
IMPORT_STALE_AFTER = dt.timedelta(minutes=10)
IMPORT_PAGE_SIZE = 100


@login_required
@require_http_methods(["GET", "POST"])
def article_import(request: HttpRequest, pk: int) -> HttpResponse:
    """A background import's progress and every line's outcome; POST queues it again."""
    if not request.user.has_perm("claims.add_article"):
        raise PermissionDenied("You may not import articles.")
    job = ArticleImport.objects.defer("data").filter(pk=pk).first()
    if job is None:
        raise Http404("No such import.")
    finished = job.status in (ImportStatus.DONE, ImportStatus.FAILED)
    can_requeue = (
        job.status == ImportStatus.QUEUED
        and bool(job.status_message)
        or (
            job.status == ImportStatus.RUNNING
            and timezone.now() - job.created_at > IMPORT_STALE_AFTER
        )
    )
    if request.method == "POST":
        if can_requeue:
            services.article_import_queue(import_id=job.pk)
        return redirect(job)
    lines = job.lines.select_related("article").order_by("id")
    if request.GET.get("show") == ERROR:
        lines = lines.filter(outcome=ERROR)
    counts = dict(
        job.lines.values_list("outcome").annotate(n=Count("id")).values_list("outcome", "n")
    )
    context = {
        "job": job,
        "finished": finished,
        "can_requeue": can_requeue,
        "counts": counts,
        "processed": sum(counts.values()),
        "page": _page(request, lines, size=IMPORT_PAGE_SIZE),
        "refresh_seconds": IMPORT_REFRESH_SECONDS,
    }
    return render(request, "claims/article_import.html", context)


# Dashboard ------------------------------------------------------------------------------


@read_access
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    months = charts.last_months(today=timezone.localdate(), count=12)
    summary = selectors.dashboard_summary(since=months[0])
    totals, dismissed = summary["totals"], summary["dismissed"]
    context = {
        "chart": charts.verdict_month_chart(summary["months"], months=months),
        "totals": [
            {"verdict": v, "label": label, "count": totals.get(v, 0)}
            for v, label in VerdictChoice.choices
        ],
        "claim_count": sum(totals.values()),
        "dismissed": [
            {"reason": reason, "label": label, "count": dismissed.get(reason, 0)}
            for reason, label in DismissalReason.choices
        ],
        "dismissed_count": sum(dismissed.values()),
        "speakers": summary["speakers"],
        "summary_seconds": settings.DASHBOARD_CACHE_SECONDS,
        "waiting": selectors.articles_waiting(limit=20),
        "failed": selectors.articles_failed(limit=20),
    }
    return render(request, "claims/dashboard.html", context)
