"""Put the append-only guard of the verdict history back on SQLite.

Adding a column to `claims_verdict` (0014_second_review) makes SQLite copy the table into a new
one, which drops its triggers; PostgreSQL alters the table in place and keeps its trigger. The
guard is the one 0002 created.
"""

from django.db import migrations

SQLITE_DROP = "DROP TRIGGER IF EXISTS claims_verdict_no_update;"
SQLITE_TRIGGER = """
CREATE TRIGGER claims_verdict_no_update BEFORE UPDATE ON claims_verdict
BEGIN SELECT RAISE(ABORT, 'Verdict history is append-only'); END;
"""


def restore_guard(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_DROP)
        schema_editor.execute(SQLITE_TRIGGER)


class Migration(migrations.Migration):
    dependencies = [("claims", "0015_claim_statement_and_text_search")]

    operations = [migrations.RunPython(restore_guard, migrations.RunPython.noop)]
