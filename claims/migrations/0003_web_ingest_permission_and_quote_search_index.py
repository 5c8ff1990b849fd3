"""Web app support: reviewers and editors may add articles; a full-text index on quotes.

The GIN index is PostgreSQL-only, so it is created here rather than in Quote.Meta (SQLite
has no GIN). Its expression is built with the same SearchVector the search selector uses,
so the planner can match the index.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

GROUPS_ADD_ARTICLE = ["reviewers", "editors"]
QUOTE_SEARCH_INDEX = "quote_text_search_idx"
SEARCH_CONFIG = "english"


def _add_article_perm(apps):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="claims", codename="add_article")


def grant_add_article(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    perms = list(_add_article_perm(apps))
    for group in Group.objects.filter(name__in=GROUPS_ADD_ARTICLE):
        group.permissions.add(*perms)


def revoke_add_article(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    perms = list(_add_article_perm(apps))
    for group in Group.objects.filter(name__in=GROUPS_ADD_ARTICLE):
        group.permissions.remove(*perms)


def _index():
    return GinIndex(SearchVector("text", config=SEARCH_CONFIG), name=QUOTE_SEARCH_INDEX)


def add_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("claims", "Quote"), _index())


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("claims", "Quote"), _index())


class Migration(migrations.Migration):
    dependencies = [("claims", "0002_groups_and_append_only_verdicts")]

    operations = [
        migrations.RunPython(grant_add_article, revoke_add_article),
        migrations.RunPython(add_search_index, drop_search_index),
    ]
