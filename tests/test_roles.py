"""Roles: the migrated groups match claims.roles, and sync_roles restores them."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from claims.roles import ROLES, role_group

pytestmark = pytest.mark.django_db


def _perms(group: Group) -> set[str]:
    return set(group.permissions.values_list("codename", flat=True))


def test_migrations_create_exactly_the_defined_roles():
    for name, codenames in ROLES.items():
        assert _perms(Group.objects.get(name=name)) == set(codenames), name


def test_sync_roles_recreates_a_deleted_group_and_resets_extra_permissions():
    Group.objects.filter(name="editors").delete()
    reviewers = Group.objects.get(name="reviewers")
    reviewers.permissions.add(*Group.objects.get(name="ingest").permissions.all())
    call_command("sync_roles", stdout=StringIO())
    assert _perms(Group.objects.get(name="editors")) == set(ROLES["editors"])
    assert _perms(Group.objects.get(name="reviewers")) == set(ROLES["reviewers"])


def test_role_group_recreates_a_missing_group():
    Group.objects.filter(name="ingest").delete()
    assert _perms(role_group("ingest")) == set(ROLES["ingest"])
