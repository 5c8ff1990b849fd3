"""manage.py reextract [--all | --failed | --pending | --stale MINUTES | ID ...]: extract again."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q, QuerySet
from django.utils import timezone

from claims import services
from claims.models import Article, ExtractionStatus
from factcheck.celery import app as celery_app


class Command(BaseCommand):
    help = (
        "Queue extraction again (run it in-process when REDIS_URL is unset): for the given "
        "article ids, or every article, the failed ones or the pending ones (for instance "
        "those stored while the broker was down). Reviewed claims are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="article ids")
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--all", action="store_true", help="every article")
        which.add_argument("--failed", action="store_true", help="articles whose extraction failed")
        which.add_argument("--pending", action="store_true", help="articles never extracted")
        which.add_argument(
            "--stale",
            type=int,
            metavar="MINUTES",
            help="articles pending or processing for MINUTES or more, as after a broker restart "
            "lost their queued tasks or a worker died (implies --force); also matching lost for "
            "done articles and webhook deliveries left pending that long; run it from cron",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="also take over articles left in `processing` (a worker died mid-task)",
        )

    def handle(self, *args, ids: list[int], **options):
        selected = [name for name in ("all", "failed", "pending") if options[name]]
        if options["stale"] is not None:
            if options["stale"] < 0:
                raise CommandError("--stale takes a number of minutes, 0 or more.")
            selected.append("stale")
        if bool(ids) == bool(selected):
            raise CommandError("Give article ids or one of --all, --failed, --pending, --stale.")
        articles = Article.objects.order_by("pk")
        if ids:
            articles = articles.filter(pk__in=ids)
            missing = sorted(set(ids) - set(articles.values_list("pk", flat=True)))
            if missing:
                raise CommandError(f"No article with id {', '.join(map(str, missing))}.")
        elif options["all"]:
            # An uploaded page found to duplicate a stored article has nothing to extract.
            articles = articles.exclude(status=ExtractionStatus.DUPLICATE)
        elif options["failed"]:
            articles = articles.filter(status=ExtractionStatus.FAILED)
        elif options["pending"]:
            articles = articles.filter(status=ExtractionStatus.PENDING)
        elif options["stale"] is not None:
            articles = _stale(articles, minutes=options["stale"])
        article_ids = list(articles.values_list("pk", flat=True))
        force = options["force"] or options["stale"] is not None
        result = services.articles_reextract(article_ids=article_ids, force=force)
        if celery_app.conf.task_always_eager:
            done = Article.objects.filter(pk__in=article_ids, status=ExtractionStatus.DONE)
            failed = Article.objects.filter(pk__in=article_ids, status=ExtractionStatus.FAILED)
            self.stdout.write(
                f"Extracted {result.queued} article(s) in-process: {done.count()} done, "
                f"{failed.count()} failed."
            )
        else:
            self.stdout.write(f"Queued {result.queued} article(s) for extraction.")
        problems = []
        if result.not_queued:
            problems.append(f"{result.not_queued} article(s) not queued")
        if options["stale"] is not None:
            problems += self._sweep_the_rest(dt.timedelta(minutes=options["stale"]))
        if problems:
            why = result.error or "see the log"
            raise CommandError(
                f"{', '.join(problems)}, the broker is unavailable ({why}); they stay as they "
                "were: run this again once it is back."
            )

    def _sweep_the_rest(self, age: dt.timedelta) -> list[str]:
        """The rest of the stale sweep: matching whose task was lost, webhook deliveries left
        pending, idempotency keys past their 24 hours. Returns what could not be queued."""
        problems = []
        matching = services.articles_match_requeue(older_than=age)
        self.stdout.write(f"Queued matching again for {matching.queued} article(s).")
        if matching.not_queued:
            problems.append(f"matching of {matching.not_queued} article(s) not queued")
        pending = services.webhook_deliveries_pending(older_than=age)
        sent = services.webhook_deliveries_requeue(older_than=age)
        self.stdout.write(f"Queued {sent} of {pending} pending webhook delivery(ies).")
        if sent < pending:
            problems.append(f"{pending - sent} webhook delivery(ies) not queued")
        purged = services.idempotency_keys_purge()
        self.stdout.write(f"Forgot {purged} idempotency key(s) older than 24 hours.")
        return problems


def _stale(articles: QuerySet[Article], *, minutes: int) -> QuerySet[Article]:
    """Articles pending or processing whose last extraction (or ingestion) is `minutes` old.

    Their task is presumed lost: Redis keeps nothing on disk here, so a restart drops queued
    and unacknowledged messages alike. Taking over one that a live worker still holds is
    harmless: extraction replaces an article's rows in one transaction, so it runs twice safely.
    """
    cutoff = timezone.now() - dt.timedelta(minutes=minutes)
    return articles.filter(
        status__in=[ExtractionStatus.PENDING, ExtractionStatus.PROCESSING]
    ).filter(Q(extracted_at__lte=cutoff) | Q(extracted_at__isnull=True, ingested_at__lte=cutoff))
