"""Indexes for the long list pages at 100,000 claims and quotes (bench/pages.py).

- claim_speaker_found_idx: the speakers list counts each speaker's found claims index-only.
- claim_queue_speaker_idx: the queue filtered by speaker and date counts its claims index-only
  (the article, group and verdict included for the other filters) instead of reading every
  claim (130 ms).
- quote_search_order_idx (PostgreSQL only): the quote search without words, newest first with
  undated quotes last, reads the first page off the index instead of sorting every quote
  (200 ms). SQLite refuses NULLS LAST in an index definition, so it is not in Quote.Meta.
"""

from django.db import migrations, models

QUOTE_ORDER_INDEX = "quote_search_order_idx"


def _quote_order_index():
    return models.Index(
        models.F("published").desc(nulls_last=True),
        models.F("id").desc(),
        condition=models.Q(not_a_quote=False),
        name=QUOTE_ORDER_INDEX,
    )


def add_quote_order_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("claims", "Quote"), _quote_order_index())


def drop_quote_order_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("claims", "Quote"), _quote_order_index())


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0022_quote_search_vector"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                condition=models.Q(("found", True)),
                fields=["speaker"],
                name="claim_speaker_found_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                condition=models.Q(("dismissed_reason", ""), ("found", True)),
                fields=["speaker", "published"],
                include=["article", "group", "current_verdict"],
                name="claim_queue_speaker_idx",
            ),
        ),
        migrations.RunPython(add_quote_order_index, drop_quote_order_index),
    ]
