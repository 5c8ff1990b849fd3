"""Reviewer and editor groups, and a database guard that keeps verdict history append-only."""

from django.db import migrations

VIEW = ["view_article", "view_speaker", "view_quote", "view_claim", "view_verdict"]
GROUPS = {
    "reviewers": VIEW + ["add_verdict"],
    "editors": VIEW,
    "ingest": VIEW + ["add_article"],
}

PG_TRIGGER = """
CREATE OR REPLACE FUNCTION claims_verdict_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Verdict history is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER claims_verdict_no_update BEFORE UPDATE OR DELETE ON claims_verdict
    FOR EACH ROW EXECUTE FUNCTION claims_verdict_append_only();
"""
PG_DROP = """
DROP TRIGGER IF EXISTS claims_verdict_no_update ON claims_verdict;
DROP FUNCTION IF EXISTS claims_verdict_append_only();
"""
# SQLite's flush (used between transactional tests) deletes rows, so guard updates only there.
SQLITE_TRIGGER = """
CREATE TRIGGER claims_verdict_no_update BEFORE UPDATE ON claims_verdict
BEGIN SELECT RAISE(ABORT, 'Verdict history is append-only'); END;
"""
SQLITE_DROP = "DROP TRIGGER IF EXISTS claims_verdict_no_update;"


def create_groups(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        perms = Permission.objects.filter(content_type__app_label="claims", codename__in=codenames)
        group.permissions.add(*perms)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


def add_guard(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_TRIGGER)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_TRIGGER)


def drop_guard(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_DROP)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_groups, remove_groups),
        migrations.RunPython(add_guard, drop_guard),
    ]
