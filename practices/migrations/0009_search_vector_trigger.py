from django.db import migrations

from core import search_triggers

# The same weights as practices/search.py (WEIGHTED_FIELDS): the title counts most, then
# the summary, then the narrative. A trigger keeps the vector current on every write, a
# plain save() and bulk loads included (a save used to store the stale in-memory value).
PRACTICE = """
    setweight(to_tsvector(cfg, coalesce(NEW.title, '')), 'A')
    || setweight(to_tsvector(cfg, coalesce(NEW.summary, '') || ' ' || coalesce(NEW.office, '')), 'B')
    || setweight(to_tsvector(cfg, coalesce(NEW.problem, '') || ' ' || coalesce(NEW.activities, '') || ' ' || coalesce(NEW.novelty, '') || ' ' || coalesce(NEW.results, '') || ' ' || coalesce(NEW.beneficiaries, '')), 'C')
    || setweight(to_tsvector(cfg, coalesce(NEW.objectives, '') || ' ' || coalesce(NEW.steps, '') || ' ' || coalesce(NEW.partners, '') || ' ' || coalesce(NEW.obstacles, '') || ' ' || coalesce(NEW.sustainability, '') || ' ' || coalesce(NEW.lessons, '') || ' ' || coalesce(NEW.replication, '') || ' ' || coalesce(NEW.awards, '')), 'D')
""".replace(
    "cfg", "(CASE WHEN NEW.language = 'en' THEN 'english' ELSE 'indonesian' END)::regconfig"
)
COLUMNS = ['title', 'summary', 'office', 'problem', 'activities', 'novelty', 'results', 'beneficiaries', 'objectives', 'steps', 'partners', 'obstacles', 'sustainability', 'lessons', 'replication', 'awards', 'language']


def forward(apps, schema_editor):
    search_triggers.create(
        schema_editor,
        table="practices_practice",
        expression=PRACTICE,
        columns=COLUMNS,
        index=False,  # practices_search_vector_gin (0003) already indexes it
    )


def backward(apps, schema_editor):
    search_triggers.drop(schema_editor, table="practices_practice")


class Migration(migrations.Migration):
    dependencies = [("practices", "0008_add_lifecycle")]

    operations = [migrations.RunPython(forward, backward)]
