"""Demo content: the September 2019 Kupang seminar and a news article about it, from the
facts reported by republikjatim.com, written anew (no sentence is copied)."""

import datetime
from zoneinfo import ZoneInfo

from members.models import Member

from .models import Article, Event, Session, Speaker

WITA = ZoneInfo("Asia/Makassar")
SEMINAR_SLUG = "seminar-sharing-best-practices-citynet-kupang-2019"
ARTICLE_SLUG = "kupang-tuan-rumah-seminar-best-practices-citynet-2019"

DESCRIPTION = """\
Kota Kupang menjadi tuan rumah pertemuan anggota Citynet Indonesia untuk berbagi praktik
terbaik penyelenggaraan pemerintahan daerah. Daerah yang lebih dulu maju membagikan
pengalamannya agar daerah lain dapat menyusul dan meningkatkan kesejahteraan warganya.

Tema yang dibahas:

- digitalisasi pelayanan publik;
- strategi pengembangan kota cerdas (*smart city*).

**Catatan:** jam pelaksanaan di halaman ini adalah perkiraan (pagi hari, WITA); jam yang tepat
tidak tercatat dalam sumber. Program di bawah ini hanya menunjukkan urutan acara, tanpa jam.
"""

PROGRAMME = [
    (
        "Sambutan selamat datang dan pengenalan Kota Kupang",
        [("Jefri Riwu Kore", "Wali Kota Kupang", "53.71")],
    ),
    (
        "Sambutan Presiden Citynet Indonesia",
        [("Saiful Ilah", "Bupati Sidoarjo, Presiden Citynet Indonesia", "35.15")],
    ),
    ("Berbagi praktik terbaik: digitalisasi pelayanan publik", []),
    ("Berbagi praktik terbaik: strategi pengembangan kota cerdas (smart city)", []),
]

ARTICLE_LEAD = (
    "Kupang, ibu kota Nusa Tenggara Timur, menerima para pengurus dan peserta Citynet "
    "Indonesia dalam Seminar dan Sharing Best Practices Citynet pada Selasa, 3 September 2019."
)

ARTICLE_BODY = """\
Pertemuan berlangsung di Ruang Rapat Garuda, Kantor Wali Kota Kupang. Dari jajaran pengurus
jaringan hadir Presiden Citynet Indonesia, Saiful Ilah, Bupati Sidoarjo yang akrab disapa
Abah Ipul. Ia datang bersama Wakil Presiden Nadjmi Adhani, Wali Kota Banjarbaru, dan
Sekretaris Ahmad Zaini, Sekretaris Daerah Kabupaten Sidoarjo.

## Kota yang majemuk

Wali Kota Kupang, Jefri Riwu Kore, membuka pertemuan dengan memperkenalkan kotanya. Kupang
dihuni sekitar 550 ribu jiwa yang tersebar di enam kecamatan dan 51 kelurahan. Penduduknya
beragam, dan kota ini dikenal karena eratnya persaudaraan serta toleransi antarwarga.

Menurut Jefri, seminar semacam ini adalah tempat para kepala daerah dan jajarannya menambah
pengetahuan serta bertukar pengalaman, yang kemudian dapat dibawa pulang untuk membangun
daerah masing-masing.

## Berbagi agar semua maju

Saiful Ilah menjelaskan peran Citynet sebagai jaringan yang menghubungkan kota dan kabupaten
di seluruh Indonesia. Lewat jaringan ini, daerah yang sudah lebih maju dapat membagikan
pengalaman tata kelola pemerintahannya, misalnya dalam digitalisasi pelayanan publik dan
strategi pengembangan kota cerdas. Harapannya, daerah lain ikut berkembang dan mampu
meningkatkan kesejahteraan masyarakatnya.
"""


def load() -> None:
    event = _load_seminar()
    _load_programme(event)
    _load_article(event)


def _load_seminar() -> Event:
    event, _ = Event.objects.update_or_create(
        slug=SEMINAR_SLUG,
        defaults={
            "kind": Event.Kind.SEMINAR,
            "title": "Seminar dan Sharing Best Practices Citynet",
            "summary": (
                "Anggota Citynet Indonesia berkumpul di Kota Kupang untuk berbagi praktik "
                "terbaik: digitalisasi pelayanan publik dan strategi kota cerdas."
            ),
            "description": DESCRIPTION,
            "host": Member.objects.get(slug="kota-kupang"),
            "venue_name": "Ruang Rapat Garuda, Kantor Wali Kota Kupang",
            "venue_address": "Kota Kupang, Nusa Tenggara Timur",
            "time_zone": "Asia/Makassar",
            "start": datetime.datetime(2019, 9, 3, 9, 0, tzinfo=WITA),
            "end": datetime.datetime(2019, 9, 3, 12, 0, tzinfo=WITA),
            "times_are_approximate": True,
            "status": Event.Status.PUBLISHED,
            "registration_enabled": True,
        },
    )
    return event


def _load_programme(event: Event) -> None:
    members = {m.code: m for m in Member.objects.filter(code__in=["53.71", "35.15"])}
    for order, (title, speakers) in enumerate(PROGRAMME, start=1):
        session, _ = Session.objects.update_or_create(
            event=event, order=order, defaults={"title": title, "start": None, "end": None}
        )
        for speaker_order, (name, speaker_title, code) in enumerate(speakers, start=1):
            Speaker.objects.update_or_create(
                session=session,
                name=name,
                defaults={
                    "title": speaker_title,
                    "member": members.get(code),
                    "order": speaker_order,
                },
            )


def _load_article(event: Event) -> None:
    Article.objects.update_or_create(
        slug=ARTICLE_SLUG,
        defaults={
            "title": "Kupang Tuan Rumah Seminar Berbagi Praktik Terbaik Citynet Indonesia",
            "language": Article.Language.INDONESIAN,
            "lead": ARTICLE_LEAD,
            "body": ARTICLE_BODY,
            "author": "Sekretariat Citynet Indonesia",
            "source_name": "republikjatim.com",
            "source_url": "https://www.republikjatim.com/",
            "status": Article.Status.PUBLISHED,
            "published_at": datetime.datetime(2019, 9, 3, 18, 0, tzinfo=WITA),
            "event": event,
        },
    )
