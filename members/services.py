"""Writes that concern members: loading the official list of regions."""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from .models import Member, Province

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass
class LoadResult:
    provinces_created: int = 0
    members_created: int = 0
    members_updated: int = 0


def _read_csv(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def regions_load(*, data_dir: Path | None = None) -> LoadResult:
    """Create or update the 38 provinces and 514 kabupaten/kota from the committed CSV
    files (Kepmendagri 300.2.2-2138/2025). Safe to run again: nothing is duplicated,
    and profile fields edited by the secretariat are kept."""
    result = LoadResult()
    provinces = {province.code: province for province in Province.objects.all()}
    for row in _read_csv("provinces.csv"):
        province = provinces.get(row["code"])
        if province is None:
            provinces[row["code"]] = Province.objects.create(code=row["code"], name=row["name"])
            result.provinces_created += 1
        elif province.name != row["name"]:
            province.name = row["name"]
            province.save(update_fields=["name"])

    existing = {member.code: member for member in Member.objects.all()}
    to_create, to_update = [], []
    for row in _read_csv("regencies.csv"):
        province = provinces[row["province_code"]]
        districts = int(row["districts"]) if row.get("districts") else None
        villages = int(row["villages"]) if row.get("villages") else None
        member = existing.get(row["code"])
        if member is None:
            to_create.append(
                Member(
                    code=row["code"],
                    slug=slugify(row["name"]),
                    name=row["name"],
                    kind=row["kind"],
                    province=province,
                    districts=districts,
                    villages=villages,
                )
            )
            continue
        changed = False
        for field, value in (("name", row["name"]), ("kind", row["kind"])):
            if getattr(member, field) != value:
                setattr(member, field, value)
                changed = True
        if member.province_id != province.pk:
            member.province = province
            changed = True
        for field, value in (("districts", districts), ("villages", villages)):
            if getattr(member, field) is None and value is not None:
                setattr(member, field, value)
                changed = True
        if changed:
            to_update.append(member)
    Member.objects.bulk_create(to_create, batch_size=200)
    Member.objects.bulk_update(
        to_update, ["name", "kind", "province", "districts", "villages"], batch_size=200
    )
    result.members_created = len(to_create)
    result.members_updated = len(to_update)
    return result
