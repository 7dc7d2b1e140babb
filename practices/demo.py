"""Demo practices on the two themes named at the Citynet seminar in Kupang on
3 September 2019 (republikjatim.com). The source names the themes, not the cities'
programmes, so these write-ups say plainly that they are illustrative examples: no
office, date or result is attributed to a real city."""

import contextlib
import datetime

from django.utils import timezone

from core.errors import ServiceError
from members.models import Member

from .models import SDG, Criterion, Practice, Replication, Review, Theme, Transition
from .review_seeds import seed_criteria
from .review_services import practice_recommend, review_save
from .search import update_search_vector
from .seeds import read_csv, seed_taxonomy

KUPANG_PRACTICE = "digitalisasi-layanan-publik-kota-kupang"
SIDOARJO_PRACTICE = "strategi-kota-cerdas-kabupaten-sidoarjo"

PRACTICES = [
    {
        "slug": KUPANG_PRACTICE,
        "member": "53.71",
        "title": "Contoh: digitalisasi layanan publik",
        "office": "",
        "kind": Practice.Kind.SERVICE,
        "summary": (
            "Contoh ilustratif untuk demo portal, bukan catatan resmi Kota Kupang. "
            "Digitalisasi pelayanan publik adalah salah satu tema yang dibahas dalam Seminar "
            "dan Sharing Best Practices Citynet di Kupang, September 2019: layanan perizinan "
            "dan administrasi dibuka secara daring agar warga tidak perlu datang berkali-kali."
        ),
        "problem": (
            "Warga harus datang langsung ke kantor untuk mengurus dokumen, sering lebih dari "
            "sekali, dan status permohonan sulit dipantau."
        ),
        "activities": (
            "- Menyusun daftar layanan yang paling sering diminta warga.\n"
            "- Membuka pendaftaran dan pemantauan status permohonan secara daring.\n"
            "- Melatih petugas di kelurahan untuk membantu warga yang belum terbiasa."
        ),
        "results": (
            "Dalam contoh ini: permohonan dapat dipantau dari rumah. Kota yang menulis "
            "praktik nyata mencantumkan angka sebelum dan sesudahnya."
        ),
        "lessons": "Layanan digital perlu pendamping tatap muka bagi warga yang belum terbiasa.",
        "themes": ["digital-public-services", "governance-finance-participation"],
        "sdgs": [11, 16],
    },
    {
        "slug": SIDOARJO_PRACTICE,
        "member": "35.15",
        "title": "Contoh: strategi pengembangan kota cerdas",
        "office": "",
        "kind": Practice.Kind.POLICY,
        "summary": (
            "Contoh ilustratif untuk demo portal, bukan catatan resmi Kabupaten Sidoarjo. "
            "Strategi pengembangan kota cerdas adalah tema kedua seminar Kupang 2019: "
            "menghubungkan perencanaan, layanan publik, dan data antar-OPD, lalu berbagi "
            "pengalamannya agar daerah lain ikut maju."
        ),
        "problem": "Data dan aplikasi tersebar di banyak OPD sehingga sulit dipadukan.",
        "activities": (
            "Menetapkan peta jalan kota cerdas, memadukan data antar-OPD dan menyiapkan "
            "sumber daya manusia pengelolanya."
        ),
        "results": "Dalam contoh ini: perencanaan dan layanan memakai data yang sama.",
        "replication": "Mulai dari peta jalan dan satu data daerah sebelum membangun aplikasi.",
        "themes": ["smart-city", "digital-public-services"],
        "sdgs": [9, 11, 17],
    },
]


# Illustrative replications, so that the demo shows them: one verified by the secretariat,
# one only declared. Neither records what a real office did.
REPLICATIONS = [
    {
        "practice": KUPANG_PRACTICE,
        "member": "63.72",  # Kota Banjarbaru
        "declared_by": None,
        "stage": Replication.Stage.ADAPTING,
        "started_on": datetime.date(2020, 2, 3),
        "changes": (
            "Contoh ilustratif untuk demo portal, bukan catatan resmi Kota Banjarbaru: "
            "daftar layanan daring disesuaikan dengan layanan yang paling sering diminta "
            "warga setempat."
        ),
        "verified_at": datetime.datetime(2020, 6, 1, 3, 0, tzinfo=datetime.UTC),
    },
    {
        "practice": SIDOARJO_PRACTICE,
        "member": "53.71",  # Kota Kupang
        "declared_by": "staf.kupang@citynet.test",
        "stage": Replication.Stage.STUDYING,
        "started_on": datetime.date(2020, 8, 17),
        "changes": (
            "Contoh ilustratif untuk demo portal, bukan catatan resmi Kota Kupang: tahap "
            "mempelajari peta jalan kota cerdas sebelum menyesuaikannya."
        ),
        "verified_at": None,
    },
]

# Illustrative scored reviews by the demo secretariat officer against the seeded rubric,
# in practices/data/demo_reviews.csv (practice, criterion slug, score 1-5, comment). The
# first practice scores above the recommendation threshold and is recommended for
# replication; the second does not.
REVIEW_NOTE = "Contoh ulasan untuk demo portal. "
RECOMMENDED = [KUPANG_PRACTICE]


def load_replications() -> None:
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    secretariat = users.filter(email="sekretariat@citynet.test").first()
    for entry in REPLICATIONS:
        data = dict(entry)
        practice = Practice.objects.get(slug=data.pop("practice"))
        member = Member.objects.get(code=data.pop("member"))
        declarer = data.pop("declared_by")
        data["declared_by"] = users.filter(email=declarer).first() if declarer else None
        data["verified_by"] = secretariat if data["verified_at"] else None
        Replication.objects.update_or_create(practice=practice, member=member, defaults=data)


def _demo_reviews() -> dict[str, dict[str, tuple[int, str]]]:
    """practice slug: {criterion slug: (score, comment)}, from demo_reviews.csv."""
    reviews = {}
    for row in read_csv("demo_reviews.csv"):
        marks = reviews.setdefault(row["practice"], {})
        marks[row["criterion"]] = (int(row["score"]), row["comment"])
    return reviews


def _wanted_scores(marks: dict, criteria) -> dict:
    return {
        criterion.pk: (
            marks.get(criterion.slug, (3, ""))[0],
            REVIEW_NOTE + marks.get(criterion.slug, (3, ""))[1],
        )
        for criterion in criteria
    }


def load_reviews() -> None:
    """One review of each demo practice through the review service (scores and weights as
    a reviewer would give them), saved again only when it differs; then the recommendation."""
    from django.contrib.auth import get_user_model

    seed_criteria(Criterion)
    reviewer = get_user_model().objects.filter(email="sekretariat@citynet.test").first()
    if reviewer is None:
        return
    criteria = list(Criterion.objects.active())
    for slug, marks in _demo_reviews().items():
        practice = Practice.objects.get(slug=slug)
        wanted = _wanted_scores(marks, criteria)
        review = Review.objects.filter(practice=practice, reviewer=reviewer).first()
        given = (
            {row.criterion_id: (row.score, row.comment) for row in review.scores.all()}
            if review
            else {}
        )
        if given != wanted:
            review_save(practice=practice, by=reviewer, scores=wanted)
        if slug in RECOMMENDED:
            # Skipped when the rubric or the threshold was changed in the admin.
            with contextlib.suppress(ServiceError):
                practice_recommend(practice=practice, by=reviewer)


def load() -> None:
    load_practices()
    load_replications()
    load_reviews()


def load_practices() -> None:
    seed_taxonomy(Theme, SDG)
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    sdgs = {sdg.number: sdg for sdg in SDG.objects.all()}
    published_at = timezone.make_aware(datetime.datetime(2019, 9, 3, 12, 0))
    for entry in PRACTICES:
        data = dict(entry)
        member = Member.objects.get(code=data.pop("member"))
        theme_slugs, sdg_numbers = data.pop("themes"), data.pop("sdgs")
        practice, created = Practice.objects.update_or_create(
            slug=data.pop("slug"),
            defaults={
                **data,
                "member": member,
                "status": Practice.Status.PUBLISHED,
                "published_at": published_at,
                "progress": Practice.Progress.ONGOING,
            },
        )
        practice.themes.set([themes[slug] for slug in theme_slugs])
        practice.sdgs.set([sdgs[number] for number in sdg_numbers])
        if created:
            Transition.objects.create(
                practice=practice, from_status="", to_status=Practice.Status.PUBLISHED
            )
        update_search_vector([practice.pk])
