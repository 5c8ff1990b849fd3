"""API routes, mounted at /api/ by factcheck.urls (namespace "api")."""

from django.urls import path, re_path

from claims.api import desk_views, dismissals, speaker_views, views
from claims.api.external_reviews import FactCheckImportApi

app_name = "api"

urlpatterns = [
    path("", views.ApiRootView.as_view(), name="root"),
    path("claims/", views.ClaimListApi.as_view(), name="claims"),
    path("claims/<int:pk>/", speaker_views.ClaimDetailApi.as_view(), name="claim-detail"),
    path("claims/<int:pk>/assign/", desk_views.ClaimAssignApi.as_view(), name="claim-assign"),
    path(
        "claims/<int:pk>/statement/",
        desk_views.ClaimStatementApi.as_view(),
        name="claim-statement",
    ),
    path("claims/<int:pk>/verdicts/", views.ClaimVerdictApi.as_view(), name="claim-verdicts"),
    path(
        "claims/<int:pk>/claimreview/",
        views.ClaimReviewDetailApi.as_view(),
        name="claim-claimreview",
    ),
    path("claims/<int:pk>/dismiss/", dismissals.ClaimDismissApi.as_view(), name="claim-dismiss"),
    path("claims/<int:pk>/restore/", dismissals.ClaimRestoreApi.as_view(), name="claim-restore"),
    path("claims/<int:pk>/split/", views.ClaimSplitApi.as_view(), name="claim-split"),
    path("claims/<int:pk>/merge/", views.ClaimMergeApi.as_view(), name="claim-merge"),
    path(
        "verdicts/<int:pk>/approve/", desk_views.VerdictApproveApi.as_view(), name="verdict-approve"
    ),
    path("verdicts/<int:pk>/return/", desk_views.VerdictReturnApi.as_view(), name="verdict-return"),
    path("webhooks/", views.WebhookListApi.as_view(), name="webhooks"),
    path("webhooks/<int:pk>/", views.WebhookDetailApi.as_view(), name="webhook-detail"),
    path(
        "webhooks/<int:pk>/deliveries/",
        views.WebhookDeliveryListApi.as_view(),
        name="webhook-deliveries",
    ),
    path("quotes/", views.QuoteListApi.as_view(), name="quotes"),
    path("quotes/<int:pk>/", speaker_views.QuoteDetailApi.as_view(), name="quote-detail"),
    path("speakers/", views.SpeakerListApi.as_view(), name="speakers"),
    path("speakers/<int:pk>/", speaker_views.SpeakerDetailApi.as_view(), name="speaker-detail"),
    path("speakers/<int:pk>/merge/", speaker_views.SpeakerMergeApi.as_view(), name="speaker-merge"),
    path("speakers/<int:pk>/split/", speaker_views.SpeakerSplitApi.as_view(), name="speaker-split"),
    path(
        "speakers/<int:pk>/history/",
        speaker_views.SpeakerHistoryApi.as_view(),
        name="speaker-history",
    ),
    path("articles/", views.ArticleListApi.as_view(), name="articles"),
    path("articles/<int:pk>/", views.ArticleDetailApi.as_view(), name="article-detail"),
    path("claimreview/", views.ClaimReviewListApi.as_view(), name="claimreview"),
    path("fact-checks/import/", FactCheckImportApi.as_view(), name="fact-checks-import"),
    path("schema/", views.SchemaApi.as_view(), name="schema"),
    path("docs/", views.DocsView.as_view(url_name="api:schema"), name="docs"),
    # Anything else under /api/ (an unknown path, a non-numeric id) is a JSON 404.
    re_path(r"^[\s\S]*$", views.not_found, name="not-found"),
]
