"""manage.py sync_roles: reset the reviewers / editors / ingest groups to their definition."""

from django.core.management.base import BaseCommand

from claims.roles import ROLES, roles_sync


class Command(BaseCommand):
    help = "Create the role groups if missing and give each exactly its permissions."

    def handle(self, *args, **options):
        roles_sync()
        for name, codenames in ROLES.items():
            self.stdout.write(f"{name}: {', '.join(sorted(codenames))}")
