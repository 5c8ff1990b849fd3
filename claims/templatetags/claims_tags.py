"""Template helpers for the claims pages: verdict badges and small formatting."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString

from claims.models import VerdictChoice

register = template.Library()

_LABELS = dict(VerdictChoice.choices)


@register.filter
def verdict_badge(value: str) -> SafeString:
    """A coloured badge for a verdict value ("contradicted" -> Contradicted, in red)."""
    label = _LABELS.get(value, value or "Unreviewed")
    css = value if value in _LABELS else "unreviewed"
    return format_html('<span class="badge verdict v-{}">{}</span>', css, label)


@register.filter
def verdict_label(value: str) -> str:
    return _LABELS.get(value, value)


@register.filter
def percent(value: float | None) -> int:
    """A 0..1 score as a whole percentage."""
    try:
        return max(0, min(100, round(float(value or 0) * 100)))
    except (TypeError, ValueError):
        return 0


@register.simple_tag(takes_context=True)
def nav_class(context: template.Context, *names: str) -> str:
    """ "active" when the current URL name is one of `names` (for the navigation bar)."""
    match = getattr(context.get("request"), "resolver_match", None)
    return "active" if match is not None and match.url_name in names else ""


@register.simple_tag(takes_context=True)
def page_url(context: template.Context, param: str, number: int) -> str:
    """The current URL's query string with `param` set to `number` (keeps the filters)."""
    query = context["request"].GET.copy()
    query[param] = number
    return "?" + query.urlencode()


@register.simple_tag
def public_read() -> bool:
    """Whether anonymous visitors may read pages (settings.PUBLIC_READ)."""
    return bool(settings.PUBLIC_READ)


@register.filter
def seen_before(claim) -> str:
    """ "Seen before: Contradicted on 14 Aug 2021 by rita" for a claim annotated by
    claims_with_group_verdict (its group's latest verdict joined); "" when not a repeat."""
    from claims.selectors.groups import seen_before_message

    if not getattr(claim, "seen_before", False) or claim.group.latest_verdict is None:
        return ""
    return seen_before_message(claim.group.latest_verdict)


@register.simple_tag(takes_context=True)
def csv_url(context: template.Context) -> str:
    """The current URL's query string for its CSV download: same filters, no page, format=csv."""
    query = context["request"].GET.copy()
    for param in ("page", "claims_page"):
        query.pop(param, None)
    query["format"] = "csv"
    return "?" + query.urlencode()
