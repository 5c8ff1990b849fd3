"""The quote search's ranked words read a stored tsvector on PostgreSQL, as the queue's do (0018).

Ranking the matches of common words (thousands of quotes at 100,000) parsed every matching
text again in ts_rank: about 200 ms of the quote search page. `search_vector` holds the parsed
text, set by a trigger whenever a quote is written (bulk_create and update() too), and the GIN
index of 0003 (on the expression) is replaced by one on the column. SQLite keeps the column
empty and searches by substring (claims.selectors.rows_by_text).
"""

import django.contrib.postgres.search
from django.db import migrations

SEARCH_CONFIG = "english"  # claims.selectors.common.SEARCH_CONFIG
OLD_INDEX = "quote_text_search_idx"  # 0003: GIN on to_tsvector('english', text)
NEW_INDEX = "quote_search_vector_idx"

FORWARD = [
    f"""
    CREATE FUNCTION claims_quote_search_vector() RETURNS trigger AS $$
    BEGIN
        NEW.search_vector := to_tsvector('{SEARCH_CONFIG}'::regconfig, COALESCE(NEW.text, ''));
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER claims_quote_search_vector
    BEFORE INSERT OR UPDATE OF text, search_vector ON claims_quote
    FOR EACH ROW EXECUTE FUNCTION claims_quote_search_vector()
    """,
    f"UPDATE claims_quote SET search_vector = "
    f"to_tsvector('{SEARCH_CONFIG}'::regconfig, COALESCE(text, ''))",
    f"DROP INDEX IF EXISTS {OLD_INDEX}",
    f"CREATE INDEX {NEW_INDEX} ON claims_quote USING gin (search_vector)",
]
BACKWARD = [
    f"DROP INDEX IF EXISTS {NEW_INDEX}",
    f"CREATE INDEX {OLD_INDEX} ON claims_quote "
    f"USING gin (to_tsvector('{SEARCH_CONFIG}'::regconfig, COALESCE(text, '')))",
    "DROP TRIGGER IF EXISTS claims_quote_search_vector ON claims_quote",
    "DROP FUNCTION IF EXISTS claims_quote_search_vector()",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0021_article_upload_lz4"),
    ]

    operations = [
        migrations.AddField(
            model_name="quote",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(_run(FORWARD), _run(BACKWARD)),
    ]
