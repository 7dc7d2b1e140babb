"""Demo practices on the two themes named at the Citynet seminar in Kupang on
3 September 2019 (republikjatim.com). The source names the themes, not the cities'
programmes, so these write-ups say plainly that they are illustrative examples: no
office, date or result is attributed to a real city."""

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
        "slug": "strategi-kota-cerdas-kabupaten-sidoarjo",
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
