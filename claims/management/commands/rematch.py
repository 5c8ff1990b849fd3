"""manage.py rematch [--dry-run]: re-group the claims no reviewer touched, with today's matcher."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from claims.services.claim_regrouping import claims_rematch


def _group(value: int | None) -> str:
    if value is None:
        return "no group"
    return f"a new group (with claim {-value})" if value < 0 else f"group {value}"


class Command(BaseCommand):
    help = (
        "Match again, oldest first, every claim that no reviewer split or merged and that has no "
        "verdict of its own, and print each claim whose group changes. Reviewers' splits and "
        "merges and every verdict stay as they are. --dry-run prints without writing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="print, change nothing")

    def handle(self, *args, dry_run: bool, **options):
        changes = claims_rematch(dry_run=dry_run)
        for change in changes:
            why = (
                f" (matches claim {change.with_claim}, score {change.score:.1f})"
                if change.with_claim
                else ""
            )
            self.stdout.write(
                f"claim {change.claim_id}: {_group(change.from_group)} -> "
                f"{_group(change.to_group)}{why}"
            )
        verb = "would change" if dry_run else "changed"
        self.stdout.write(f"{len(changes)} claim(s) {verb} group.")
