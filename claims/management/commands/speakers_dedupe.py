"""manage.py speakers_dedupe [--dry-run]: one speaker row per person, for the rows stored."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from claims.services.speaker_dedupe import speakers_dedupe


class Command(BaseCommand):
    help = (
        "Apply the speaker identity rule to the stored speakers: remove pronoun, phrase and "
        "bare-office speakers (an office's quotes go to its holder at the time), clean junk "
        "aliases and organisations, and merge rows of one person (their quotes, claims and "
        "names move to the fullest name). Editors' corrections are respected. Prints what it did."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="print what would change, change nothing"
        )

    def handle(self, *args, dry_run: bool, **options):
        report = speakers_dedupe(dry_run=dry_run)
        for kept, merged in report.merged:
            self.stdout.write(f"merged into {kept}: {'; '.join(merged)}")
        for name in report.removed:
            self.stdout.write(f"removed (not a name): {name}")
        merged_rows = sum(len(names) for _, names in report.merged)
        verb = "would be" if dry_run else "were"
        self.stdout.write(
            f"{merged_rows} rows {verb} merged into {len(report.merged)}; "
            f"{len(report.removed)} junk speakers {verb} removed "
            f"({report.reattributed} of their quotes and claims given to an office holder); "
            f"{report.cleaned} rows {verb} cleaned."
        )
