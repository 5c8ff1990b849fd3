"""Uploaded pages' bytes compressed with lz4 where the PostgreSQL server has it (14 and later,
built with lz4): pglz took about 15 ms more of the database's CPU per 1.9 MB upload, on the
request path. Other databases, and servers without lz4, are left as they are."""

from django.db import migrations

TABLE = "claims_articleupload"


def _has_lz4(schema_editor) -> bool:
    if schema_editor.connection.vendor != "postgresql":
        return False
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' "
            "AND 'lz4' = ANY(enumvals)"
        )
        return cursor.fetchone() is not None


def compress_with_lz4(apps, schema_editor):
    if _has_lz4(schema_editor):
        schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN data SET COMPRESSION lz4")


def compress_by_default(apps, schema_editor):
    if _has_lz4(schema_editor):
        schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN data SET COMPRESSION DEFAULT")


class Migration(migrations.Migration):
    dependencies = [("claims", "0020_claim_co_speakers")]

    operations = [migrations.RunPython(compress_with_lz4, compress_by_default)]
