"""manage.py webhooks_retry [--older-than MINUTES]: send webhook deliveries left pending."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from claims import services

DEFAULT_MINUTES = 10


class Command(BaseCommand):
    help = (
        "Queue again the webhook deliveries still pending MINUTES after they were written: a "
        "broker outage kept them from being queued, or a broker restart lost their task. "
        "Safe to run again; `reextract --stale` runs the same sweep (run that from cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=DEFAULT_MINUTES,
            metavar="MINUTES",
            help=f"only deliveries pending this long or longer (default {DEFAULT_MINUTES})",
        )

    def handle(self, *args, older_than: int, **options):
        if older_than < 0:
            raise CommandError("--older-than takes a number of minutes, 0 or more.")
        age = dt.timedelta(minutes=older_than)
        pending = services.webhook_deliveries_pending(older_than=age)
        sent = services.webhook_deliveries_requeue(older_than=age)
        self.stdout.write(f"Queued {sent} of {pending} pending webhook delivery(ies).")
        if sent < pending:
            raise CommandError(
                f"{pending - sent} delivery(ies) not queued, the broker is unavailable; they "
                "stay pending: run this again once it is back."
            )
