"""Who may use the API: reading, recording verdicts and ingesting articles.

A token belongs to a user and acts with that user's groups. Anonymous visitors may only read,
and only when settings.API_PUBLIC_READ allows it.
"""

from __future__ import annotations

from django.conf import settings
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView


class ReadAccess(BasePermission):
    """Any signed-in user or token may read; anonymous visitors only with API_PUBLIC_READ.

    Unsafe methods always need an authenticated user; the write permissions below decide the
    rest.
    """

    message = "Authentication credentials were not provided."

    def has_permission(self, request: Request, view: APIView) -> bool:
        if request.user and request.user.is_authenticated:
            return True
        return request.method in SAFE_METHODS and bool(settings.API_PUBLIC_READ)


class _WritePermission(BasePermission):
    """Reads pass (ReadAccess decides them); writes need `perm`."""

    perm = ""

    def has_permission(self, request: Request, view: APIView) -> bool:
        if request.method in SAFE_METHODS:
            return True
        user = request.user
        return bool(user and user.is_authenticated and user.has_perm(self.perm))


class CanRecordVerdict(_WritePermission):
    """Reviewers (permission claims.add_verdict) record verdicts."""

    perm = "claims.add_verdict"
    message = "Only reviewers can record verdicts."


class CanIngestArticles(_WritePermission):
    """Users with claims.add_article (groups ingest, reviewers, editors) post articles."""

    perm = "claims.add_article"
    message = "Posting articles needs the claims.add_article permission (group 'ingest')."


class CanGroupClaims(_WritePermission):
    """Reviewers (permission claims.change_claimgroup) split and merge claim groups."""

    perm = "claims.change_claimgroup"
    message = "Only reviewers can split or merge claim groups."


class CanDismissClaims(_WritePermission):
    """Reviewers (permission claims.add_claimdismissal) dismiss and restore claims."""

    perm = "claims.add_claimdismissal"
    message = "Only reviewers can dismiss or restore claims."


class CanImportFactChecks(_WritePermission):
    """Editors and reviewers (claims.add_externalfactcheck) import fact-checks from elsewhere."""

    perm = "claims.add_externalfactcheck"
    message = "Importing fact-checks needs the claims.add_externalfactcheck permission (editors)."


class CanSubscribeWebhooks(BasePermission):
    """Reviewers, editors and staff (claims.add_webhooksubscription) manage their own webhook
    subscriptions; everyone else is refused, reads included."""

    message = "Webhook subscriptions need the claims.add_webhooksubscription permission."

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        return bool(
            user and user.is_authenticated and user.has_perm("claims.add_webhooksubscription")
        )


class CanCorrectSpeakers(_WritePermission):
    """Editors and reviewers (claims.change_speaker) correct speakers and attributions."""

    perm = "claims.change_speaker"
    message = "Only editors and reviewers can correct speakers."


class CanAssignClaims(BasePermission):
    """Reviewers (take and release their own claims) and editors (claims.assign_claim: assign
    any claim to any reviewer); the assignment service decides the rest."""

    message = "Only reviewers and editors can assign claims."

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        return bool(
            user
            and user.is_authenticated
            and (user.has_perm("claims.add_verdict") or user.has_perm("claims.assign_claim"))
        )
