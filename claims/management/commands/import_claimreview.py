"""manage.py import_claimreview PATH|URL [...]: import fact-checks published elsewhere."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from claims.services.external_reviews import (
    MAX_DOCUMENT_BYTES,
    external_reviews_fetch,
    external_reviews_import,
    external_reviews_match_reviews,
)


def _message(exc: ValidationError) -> str:
    return "; ".join(m for messages in exc.message_dict.values() for m in messages)


class Command(BaseCommand):
    help = (
        "Import schema.org ClaimReview JSON-LD (one review, a list, an @graph, a DataFeed of "
        "reviews, or an HTML page with JSON-LD) from files or http(s) URLs, then link the "
        "reviews to the stored claims that state their claim. Bad items are reported one by "
        "one; the good ones are imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("sources", nargs="+", metavar="PATH|URL")

    def handle(self, *args, sources: list[str], **options):
        failed = 0
        for source in sources:
            try:
                if source.startswith(("http://", "https://")):
                    data = external_reviews_fetch(url=source)
                else:
                    path = Path(source)
                    if path.stat().st_size > MAX_DOCUMENT_BYTES:
                        raise ValidationError({"file": "The file is too large."})
                    data = path.read_bytes()
                report = external_reviews_import(data=data, source=source)
            except OSError as exc:
                self.stderr.write(f"{source}: cannot read it ({exc.strerror})")
                failed += 1
                continue
            except ValidationError as exc:
                self.stderr.write(f"{source}: {_message(exc)}")
                failed += 1
                continue
            for error in report.errors:
                self.stderr.write(f"{source}: {error}")
            linked = external_reviews_match_reviews(review_ids=report.created + report.updated)
            self.stdout.write(
                f"{source}: {len(report.created)} imported, {len(report.updated)} updated, "
                f"{len(report.errors)} refused; {linked} claim link(s)"
            )
        if failed:
            raise CommandError(f"{failed} source(s) could not be imported.")
