"""manage.py create_demo_users: a demo reviewer, editor and admin with fresh printed passwords."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

DEMO = (
    ("reviewer", "reviewers", False),
    ("editor", "editors", False),
    ("admin", None, True),
)


class Command(BaseCommand):
    help = "Create (or reset) the demo accounts reviewer, editor and admin; prints passwords."

    def handle(self, *args, **options):
        User = get_user_model()
        for username, group_name, is_staff in DEMO:
            password = secrets.token_urlsafe(9)
            user, _ = User.objects.get_or_create(username=username)
            user.is_staff = is_staff
            user.is_superuser = is_staff
            user.set_password(password)
            user.save()
            if group_name:
                user.groups.add(Group.objects.get(name=group_name))
            self.stdout.write(f"  {username:<9} password: {password}")
