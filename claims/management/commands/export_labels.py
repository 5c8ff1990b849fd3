"""manage.py export_labels [--output FILE]: reviewers' judgement as check-worthiness labels.

One JSON object a line, {"text", "checkworthy", "source": "reviewer"}: claims dismissed as
not check-worthy are false, claims with a reviewer's verdict are true. The file is what
`python -m training.checkworthy --extra FILE` takes as extra training rows.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims import selectors


class Command(BaseCommand):
    help = (
        'Write reviewers\' labels as JSON lines {"text", "checkworthy", "source": "reviewer"} '
        "(dismissed as not check-worthy -> false, given a verdict -> true) to standard output "
        "or --output, for training.checkworthy --extra."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="file to write (default: standard output)")

    def handle(self, *args, output: str | None, **options):
        rows = list(selectors.reviewer_labels())
        body = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
        if output:
            try:
                Path(output).write_text(body, encoding="utf-8")
            except OSError as exc:
                raise CommandError(f"Cannot write {output}: {exc.strerror or exc}.") from None
        else:
            self.stdout.write(body, ending="")
        worthy = sum(row["checkworthy"] for row in rows)
        self.stderr.write(f"{len(rows)} labels ({worthy} check-worthy, {len(rows) - worthy} not).")
