"""Server-rendered pages: thin views that call a selector or a service and render."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from claims import selectors
from claims.access import read_access
from claims.models import Article


@read_access
def article_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.article_list(), 50).get_page(request.GET.get("page"))
    return render(request, "claims/article_list.html", {"page": page})


@read_access
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        article = selectors.article_detail(pk=pk)
    except Article.DoesNotExist:
        raise Http404("No such article.") from None
    return render(request, "claims/article_detail.html", {"article": article})
