"""Demo content for members and officers, from the facts of the September 2019 Kupang
seminar as reported by republikjatim.com (written anew, not copied)."""

import datetime

from django.utils import timezone

from .models import Affiliation, Member, OfficerTerm, Position
from .permissions import SECRETARIAT_GROUP
from .services import regions_load

SEMINAR_DAY = datetime.date(2019, 9, 3)

POSITIONS = [
    ("president", "Presiden", "President", 10),
    ("vice-president", "Wakil Presiden", "Vice President", 20),
    ("secretary", "Sekretaris", "Secretary", 30),
    ("treasurer", "Bendahara", "Treasurer", 40),
]

PROFILES = {
    "53.71": {
        "head_name": "Jefri Riwu Kore",
        "head_as_of": SEMINAR_DAY,
        "population": 550_000,
        "population_year": 2019,
        "districts": 6,
        "villages": 51,
        "website": "https://kupangkota.go.id",
        "description": (
            "Ibu kota Provinsi Nusa Tenggara Timur. Kota yang majemuk dengan persaudaraan dan "
            "toleransi yang kuat, sekitar 550 ribu penduduk di enam kecamatan dan 51 kelurahan. "
            "Tuan rumah Seminar dan Sharing Best Practices Citynet pada September 2019."
        ),
        "description_en": (
            "Capital of East Nusa Tenggara province. A plural city with strong bonds of "
            "brotherhood and tolerance, home to about 550,000 people in six districts and 51 "
            "urban villages. Host of the Citynet best-practice seminar in September 2019."
        ),
    },
    "35.15": {
        "head_name": "Saiful Ilah",
        "head_as_of": SEMINAR_DAY,
        "website": "https://sidoarjokab.go.id",
        "description": (
            "Kabupaten di Jawa Timur yang bupatinya, Saiful Ilah (Abah Ipul), memimpin "
            "Citynet Indonesia sebagai Presiden pada 2019; Sekda Sidoarjo menjadi Sekretaris "
            "jaringan."
        ),
        "description_en": (
            "A regency in East Java whose regent, Saiful Ilah (known as Abah Ipul), led "
            "Citynet Indonesia as President in 2019; Sidoarjo's regional secretary served as "
            "the network's Secretary."
        ),
    },
    "63.72": {
        "head_name": "Nadjmi Adhani",
        "head_as_of": SEMINAR_DAY,
        "website": "https://banjarbarukota.go.id",
        "description": (
            "Kota di Kalimantan Selatan yang wali kotanya, Nadjmi Adhani, menjabat Wakil "
            "Presiden Citynet Indonesia pada 2019."
        ),
        "description_en": (
            "A city in South Kalimantan whose mayor, Nadjmi Adhani, was Vice President of "
            "Citynet Indonesia in 2019."
        ),
    },
}

OFFICERS = [
    ("president", "Saiful Ilah", "Bupati Sidoarjo", "35.15"),
    ("vice-president", "Nadjmi Adhani", "Wali Kota Banjarbaru", "63.72"),
    ("secretary", "Ahmad Zaini", "Sekretaris Daerah Kabupaten Sidoarjo", "35.15"),
]


def load() -> None:
    regions_load()
    for code, fields in PROFILES.items():
        Member.objects.filter(code=code).update(**fields)
    positions = {}
    for slug, name_id, name_en, order in POSITIONS:
        positions[slug], _ = Position.objects.update_or_create(
            slug=slug, defaults={"name_id": name_id, "name_en": name_en, "order": order}
        )
    for slug, person, title, code in OFFICERS:
        OfficerTerm.objects.update_or_create(
            position=positions[slug],
            person_name=person,
            defaults={
                "person_title": title,
                "member": Member.objects.get(code=code),
                "known_in_office_on": SEMINAR_DAY,
                "note": "republikjatim.com, 3 September 2019",
            },
        )
    load_people()


DEMO_PASSWORD = "citynet-demo"

# Demo accounts (password "citynet-demo"): a secretariat officer who is staff in the
# Sekretariat group but no superuser, a Kupang staff member already approved and a
# Sidoarjo staff member still waiting. The names are invented.
PEOPLE = [
    ("sekretariat@citynet.test", "Dewi Lestari", None, "", None),
    (
        "staf.kupang@citynet.test",
        "Yohanes Ndun",
        "53.71",
        "Kepala Bidang Aplikasi Informatika, Dinas Kominfo",
        Affiliation.Status.APPROVED,
    ),
    (
        "staf.sidoarjo@citynet.test",
        "Rina Wulandari",
        "35.15",
        "Analis Kebijakan, Bappeda",
        Affiliation.Status.PENDING,
    ),
]


def load_people() -> None:
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user_model = get_user_model()
    group, _ = Group.objects.get_or_create(name=SECRETARIAT_GROUP)
    secretariat = None
    for email, name, code, job_title, status in PEOPLE:
        user, _ = user_model.objects.update_or_create(
            email=email, defaults={"full_name": name, "is_staff": code is None}
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if code is None:
            user.groups.add(group)
            secretariat = user
            continue
        if not user.affiliations.exists():
            approved = status == Affiliation.Status.APPROVED
            Affiliation.objects.create(
                user=user,
                member=Member.objects.get(code=code),
                job_title=job_title,
                status=status,
                decided_by=secretariat if approved else None,
                decided_at=timezone.now() if approved else None,
            )
