"""Demo practices, drawn from the themes shared at the Citynet seminar in Kupang on
3 September 2019 (as reported by republikjatim.com; written anew, no figures invented)."""

import datetime

from django.utils import timezone

from members.models import Member

from .models import SDG, Practice, Theme, Transition
from .search import update_search_vector
from .seeds import seed_taxonomy

PRACTICES = [
    {
        "slug": "digitalisasi-layanan-publik-kota-kupang",
        "member": "53.71",
        "title": "Digitalisasi layanan publik Kota Kupang",
        "office": "Dinas Komunikasi dan Informatika Kota Kupang",
        "kind": Practice.Kind.SERVICE,
        "summary": (
            "Kota Kupang memindahkan layanan perizinan dan administrasi ke kanal daring agar "
            "warga di enam kecamatan tidak perlu datang berkali-kali ke kantor. Pengalaman ini "
            "dibagikan dalam Seminar dan Sharing Best Practices Citynet, September 2019."
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
            "Permohonan dapat dipantau dari rumah dan antrean di kantor berkurang. "
            "Angka capaian dicatat oleh OPD pelaksana."
        ),
        "lessons": "Layanan digital perlu pendamping tatap muka bagi warga yang belum terbiasa.",
        "start_date": datetime.date(2018, 1, 1),
        "themes": ["digital-public-services", "governance-finance-participation"],
        "sdgs": [11, 16],
    },
    {
        "slug": "strategi-kota-cerdas-kabupaten-sidoarjo",
        "member": "35.15",
        "title": "Strategi pengembangan kota cerdas Kabupaten Sidoarjo",
        "office": "Badan Perencanaan Pembangunan Daerah Kabupaten Sidoarjo",
        "kind": Practice.Kind.POLICY,
        "summary": (
            "Kabupaten Sidoarjo menyusun strategi kota cerdas yang menghubungkan perencanaan, "
            "layanan publik dan data antar-OPD, lalu membagikannya kepada anggota Citynet agar "
            "daerah lain dapat belajar dari pengalamannya."
        ),
        "problem": "Data dan aplikasi tersebar di banyak OPD sehingga sulit dipadukan.",
        "activities": (
            "Menetapkan peta jalan kota cerdas, memadukan data antar-OPD dan menyiapkan "
            "sumber daya manusia pengelolanya."
        ),
        "results": "Perencanaan dan layanan memakai data yang sama di seluruh OPD.",
        "replication": "Mulai dari peta jalan dan satu data daerah sebelum membangun aplikasi.",
        "start_date": datetime.date(2017, 1, 1),
        "themes": ["smart-city", "digital-public-services"],
        "sdgs": [9, 11, 17],
    },
]


def load() -> None:
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
