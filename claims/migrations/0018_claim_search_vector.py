"""The queue's ranked keyword search reads a stored tsvector on PostgreSQL.

Ranking the matches of a common word (thousands of claims) parsed each matching text again in
ts_rank, which took most of the page's time at 100,000 claims. `search_vector` holds the
parsed text: a trigger sets it whenever a claim is written (bulk_create and update() too),
and the GIN index of 0015 (on the expression) is replaced by one on the column. SQLite keeps
the column empty and searches by substring (claims.selectors.rows_by_text).
"""

import django.contrib.postgres.search
from django.db import migrations

SEARCH_CONFIG = "english"  # claims.selectors.common.SEARCH_CONFIG
OLD_INDEX = "claim_text_search_idx"  # 0015: GIN on to_tsvector('english', text)
NEW_INDEX = "claim_search_vector_idx"

FORWARD = [
    f"""
    CREATE FUNCTION claims_claim_search_vector() RETURNS trigger AS $$
    BEGIN
        NEW.search_vector := to_tsvector('{SEARCH_CONFIG}'::regconfig, COALESCE(NEW.text, ''));
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER claims_claim_search_vector
    BEFORE INSERT OR UPDATE OF text, search_vector ON claims_claim
    FOR EACH ROW EXECUTE FUNCTION claims_claim_search_vector()
    """,
    f"UPDATE claims_claim SET search_vector = "
    f"to_tsvector('{SEARCH_CONFIG}'::regconfig, COALESCE(text, ''))",
    f"DROP INDEX IF EXISTS {OLD_INDEX}",
    f"CREATE INDEX {NEW_INDEX} ON claims_claim USING gin (search_vector)",
]
BACKWARD = [
    f"DROP INDEX IF EXISTS {NEW_INDEX}",
    f"CREATE INDEX {OLD_INDEX} ON claims_claim "
    f"USING gin (to_tsvector('{SEARCH_CONFIG}'::regconfig, COALESCE(text, '')))",
    "DROP TRIGGER IF EXISTS claims_claim_search_vector ON claims_claim",
    "DROP FUNCTION IF EXISTS claims_claim_search_vector()",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0017_dashboard_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(_run(FORWARD), _run(BACKWARD)),
    ]
