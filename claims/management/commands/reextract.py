"""manage.py reextract [--all | --failed | --pending | ID ...]: extract articles again."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

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
        parser.add_argument(
            "--force",
            action="store_true",
            help="also take over articles left in `processing` (a worker died mid-task)",
        )

    def handle(self, *args, ids: list[int], **options):
        selected = [name for name in ("all", "failed", "pending") if options[name]]
        if bool(ids) == bool(selected):
            raise CommandError("Give article ids or one of --all, --failed, --pending.")
        articles = Article.objects.order_by("pk")
        if ids:
            articles = articles.filter(pk__in=ids)
            missing = sorted(set(ids) - set(articles.values_list("pk", flat=True)))
            if missing:
                raise CommandError(f"No article with id {', '.join(map(str, missing))}.")
        elif options["failed"]:
            articles = articles.filter(status=ExtractionStatus.FAILED)
        elif options["pending"]:
            articles = articles.filter(status=ExtractionStatus.PENDING)
        article_ids = list(articles.values_list("pk", flat=True))
        result = services.articles_reextract(article_ids=article_ids, force=options["force"])
        if celery_app.conf.task_always_eager:
            done = Article.objects.filter(pk__in=article_ids, status=ExtractionStatus.DONE)
            failed = Article.objects.filter(pk__in=article_ids, status=ExtractionStatus.FAILED)
            self.stdout.write(
                f"Extracted {result.queued} article(s) in-process: {done.count()} done, "
                f"{failed.count()} failed."
            )
        else:
            self.stdout.write(f"Queued {result.queued} article(s) for extraction.")
        if result.not_queued:
            raise CommandError(
                f"{result.not_queued} article(s) not queued, the broker is unavailable "
                f"({result.error}); they stay as they were: run this again once it is back."
            )
