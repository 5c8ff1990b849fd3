"""The roles people have, as Django groups and the permissions each one grants.

Migrations created these groups over time; this is the one current definition, used by
`manage.py sync_roles` and by tests (a transactional test's flush removes migration data).
A test checks that the migrated database and this table agree.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction

VIEW = ["view_article", "view_speaker", "view_quote", "view_claim", "view_verdict"]

ROLES: dict[str, list[str]] = {
    "reviewers": VIEW
    + [
        "add_verdict",
        "add_article",
        "change_claimgroup",
        "add_webhooksubscription",
        "change_speaker",
        "add_claimdismissal",
        "add_externalfactcheck",
    ],
    "editors": VIEW
    + [
        "add_article",
        "add_webhooksubscription",
        "change_speaker",
        "add_externalfactcheck",
        "assign_claim",
    ],
    "ingest": VIEW + ["add_article"],
}


@transaction.atomic
def roles_sync() -> dict[str, Group]:
    """Create the role groups if missing and give each exactly its permissions."""
    groups: dict[str, Group] = {}
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        perms = Permission.objects.filter(content_type__app_label="claims", codename__in=codenames)
        group.permissions.set(perms)
        groups[name] = group
    return groups


def role_group(name: str) -> Group:
    """The group for a role, re-created (with its permissions) if it is missing."""
    group = Group.objects.filter(name=name).first()
    return group if group is not None else roles_sync()[name]
