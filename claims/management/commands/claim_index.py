"""manage.py claim_index --rebuild: write the nearest-neighbour index of claim embeddings."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from claims.services.claim_index import claim_index_rebuild, index_path


class Command(BaseCommand):
    help = (
        "Build the vector index of every found claim from the database and write it to "
        "CLAIM_INDEX_PATH (atomically: workers reading the old file are not disturbed; each "
        "loads the new one when it restarts, and adds claims stored since in the meantime)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="build and write the index")

    def handle(self, *args, rebuild: bool, **options):
        if not rebuild:
            raise CommandError("Say --rebuild to build the index.")
        start = time.perf_counter()
        size = claim_index_rebuild()
        where = index_path() or "memory (CLAIM_INDEX_PATH is empty)"
        self.stdout.write(f"{size} claims indexed in {time.perf_counter() - start:.1f} s: {where}")
