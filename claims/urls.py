from django.urls import path

from claims import desk_views, factcheck_views, views, views_dismissals, views_speakers

app_name = "claims"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("claims/<int:pk>/", views.claim_detail, name="claim_detail"),
    path("queue/actions/", desk_views.queue_action, name="queue_action"),
    path("claims/<int:pk>/assign/", desk_views.claim_assign, name="claim_assign"),
    path("claims/<int:pk>/statement/", desk_views.claim_statement, name="claim_statement"),
    path("claims/<int:pk>/verdict/", views.claim_verdict, name="claim_verdict"),
    path("claims/<int:pk>/dismiss/", views_dismissals.claim_dismiss, name="claim_dismiss"),
    path("claims/<int:pk>/restore/", views_dismissals.claim_restore, name="claim_restore"),
    path("verdicts/<int:pk>/approve/", desk_views.verdict_approve, name="verdict_approve"),
    path("verdicts/<int:pk>/return/", desk_views.verdict_return, name="verdict_return"),
    path("claims/<int:pk>/split/", views.claim_split, name="claim_split"),
    path("claims/<int:pk>/merge/", views.claim_merge, name="claim_merge"),
    path("quotes/", views.quote_search, name="quote_search"),
    path("speakers/", views.speaker_list, name="speaker_list"),
    path("speakers/suggest/", views.speaker_suggest, name="speaker_suggest"),
    path("speakers/<int:pk>/", views.speaker_detail, name="speaker_detail"),
    path("speakers/<int:pk>/edit/", views_speakers.speaker_edit, name="speaker_edit"),
    path("speakers/<int:pk>/merge/", views_speakers.speaker_merge, name="speaker_merge"),
    path("speakers/<int:pk>/split/", views_speakers.speaker_split, name="speaker_split"),
    path("quotes/<int:pk>/correct/", views_speakers.quote_correct, name="quote_correct"),
    path("claims/<int:pk>/speaker/", views_speakers.claim_speaker, name="claim_speaker"),
    path("articles/", views.article_list, name="article_list"),
    path("articles/new/", views.article_new, name="article_new"),
    path("articles/<int:pk>/", views.article_detail, name="article_detail"),
    path("articles/imports/<int:pk>/", views.article_import, name="article_import"),
    path("dashboard/", views.dashboard, name="dashboard"),
    # Published fact-checks: public whatever PUBLIC_READ says.
    path("fact-checks/", factcheck_views.factcheck_list, name="factcheck_list"),
    path("fact-checks/feed/", factcheck_views.factcheck_feed, name="factcheck_feed"),
    path("fact-checks/<int:pk>/", factcheck_views.factcheck_detail, name="factcheck_detail"),
]
