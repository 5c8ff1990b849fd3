"""manage.py match_claims [--batch N]: index and group claims stored before matching existed."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from claims import services
from claims.models import Claim


class Command(BaseCommand):
    help = (
        "Index every claim for matching (blocking keys) and put each ungrouped claim into the "
        "group of the same claim in an older article. Oldest first, in batches; safe to run "
        "again (claims already in a group are left alone)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=500, help="claims per transaction")

    def handle(self, *args, batch: int, **options):
        last, seen, joined = 0, 0, 0
        while True:
            claims = list(
                Claim.objects.filter(pk__gt=last, found=True)
                .order_by("pk")
                .only("pk", "text", "group_id", "article_id", "fingerprint")[:batch]
            )
            if not claims:
                break
            joined += len(services.claims_match(claims=claims))
            seen += len(claims)
            last = claims[-1].pk
        self.stdout.write(f"{seen} claims indexed, {joined} joined a group.")
