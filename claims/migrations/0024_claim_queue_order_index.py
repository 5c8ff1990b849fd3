"""The queue in its default order over any verdict (PostgreSQL only).

The queue filtered by speaker, outlet and dates with "any verdict" sorted every matching claim by
check-worthiness (a parallel scan of all claims, 60 ms at 100,000); this index holds the queue's
claims (found, not dismissed) in the page order, score first and undated claims last, so the
first page is read off it and the filters checked row by row. SQLite refuses NULLS LAST in an
index definition, so it is not in Claim.Meta (as quote_search_order_idx in 0023).
"""

from django.db import migrations, models

QUEUE_ORDER_INDEX = "claim_queue_order_idx"


def _queue_order_index():
    return models.Index(
        models.F("score").desc(),
        models.F("published").desc(nulls_last=True),
        models.F("id").desc(),
        condition=models.Q(found=True, dismissed_reason=""),
        name=QUEUE_ORDER_INDEX,
    )


def add_queue_order_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("claims", "Claim"), _queue_order_index())


def drop_queue_order_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("claims", "Claim"), _queue_order_index())


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0023_page_list_indexes"),
    ]

    operations = [
        migrations.RunPython(add_queue_order_index, drop_queue_order_index),
    ]
