"""The events' search vector also holds their optional English texts (English
stemming), so a search in English finds an event by its English title."""

from django.db import migrations

from core import search_triggers

OLD = """
    setweight(to_tsvector('indonesian', coalesce(NEW.title, '')), 'A')
    || setweight(to_tsvector('indonesian', coalesce(NEW.summary, '')), 'B')
    || setweight(to_tsvector('indonesian', coalesce(NEW.description, '')), 'C')
    || setweight(to_tsvector('simple', coalesce(NEW.venue_name, '') || ' '
        || coalesce((SELECT name FROM members_member WHERE id = NEW.host_id), '')), 'D')
"""
NEW = """
    setweight(to_tsvector('indonesian', coalesce(NEW.title, '')), 'A')
    || setweight(to_tsvector('english', coalesce(NEW.title_en, '')), 'A')
    || setweight(to_tsvector('indonesian', coalesce(NEW.summary, '')), 'B')
    || setweight(to_tsvector('english', coalesce(NEW.summary_en, '')), 'B')
    || setweight(to_tsvector('indonesian', coalesce(NEW.description, '')), 'C')
    || setweight(to_tsvector('english', coalesce(NEW.description_en, '')), 'C')
    || setweight(to_tsvector('simple', coalesce(NEW.venue_name, '') || ' '
        || coalesce((SELECT name FROM members_member WHERE id = NEW.host_id), '')), 'D')
"""
OLD_COLUMNS = ["title", "summary", "description", "venue_name", "host_id"]
NEW_COLUMNS = [*OLD_COLUMNS, "title_en", "summary_en", "description_en"]


def forward(apps, schema_editor):
    search_triggers.drop(schema_editor, table="events_event")
    search_triggers.create(
        schema_editor, table="events_event", expression=NEW, columns=NEW_COLUMNS
    )


def backward(apps, schema_editor):
    search_triggers.drop(schema_editor, table="events_event")
    search_triggers.create(
        schema_editor, table="events_event", expression=OLD, columns=OLD_COLUMNS
    )


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0009_search_vector"),
    ]

    operations = [migrations.RunPython(forward, backward)]
