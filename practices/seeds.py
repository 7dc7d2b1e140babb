"""Reference data: the themes and the 17 SDGs, kept in ``practices/data/themes.csv``
and ``sdgs.csv`` (the SDGs' official short names; Indonesian as used by Bappenas for the
TPB). Seeded by a data migration; also called by the demo loader, so a flushed test
database gets them back."""

import csv
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_csv(name: str) -> list[dict[str, str]]:
    """The rows of ``practices/data/<name>``, as dicts keyed by the header."""
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


THEMES = [(row["slug"], row["name_id"], row["name_en"]) for row in read_csv("themes.csv")]
SDGS = [(int(row["number"]), row["name_id"], row["name_en"]) for row in read_csv("sdgs.csv")]


def seed_taxonomy(theme_model, sdg_model) -> None:
    """Create or update the themes and SDGs (idempotent). Takes the model classes so
    that migrations can pass their historical models."""
    for order, (slug, name_id, name_en) in enumerate(THEMES, start=1):
        theme_model.objects.update_or_create(
            slug=slug, defaults={"name_id": name_id, "name_en": name_en, "order": order * 10}
        )
    for number, name_id, name_en in SDGS:
        sdg_model.objects.update_or_create(
            number=number, defaults={"name_id": name_id, "name_en": name_en}
        )
