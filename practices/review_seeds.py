"""The review rubric as first seeded: the aspects the national public-service innovation
competition (KIPP, KemenPAN-RB) assesses, with weights summing to 100. The secretariat
edits them in the admin afterwards."""

CRITERIA = [
    {
        "slug": "problem-context",
        "order": 1,
        "weight": 15,
        "name_id": "Masalah dan konteks",
        "name_en": "Problem and context",
        "description_id": (
            "Seberapa jelas masalah publik dan konteks daerah dijelaskan, beserta alasan "
            "inovasi ini diperlukan."
        ),
        "description_en": (
            "How clearly the public problem and the local context are described, and why "
            "the innovation was needed."
        ),
    },
    {
        "slug": "novelty",
        "order": 2,
        "weight": 20,
        "name_id": "Kebaruan",
        "name_en": "Novelty",
        "description_id": (
            "Apa yang baru dibandingkan cara sebelumnya atau praktik di daerah lain."
        ),
        "description_en": "What is new compared with the earlier way or with practice elsewhere.",
    },
    {
        "slug": "public-impact",
        "order": 3,
        "weight": 25,
        "name_id": "Dampak bagi masyarakat (dengan bukti)",
        "name_en": "Impact on the public (with evidence)",
        "description_id": (
            "Perubahan nyata yang dirasakan warga, didukung data sebelum dan sesudah."
        ),
        "description_en": "Real change for citizens, backed by before-and-after figures.",
    },
    {
        "slug": "sustainability",
        "order": 4,
        "weight": 15,
        "name_id": "Keberlanjutan",
        "name_en": "Sustainability",
        "description_id": (
            "Regulasi, anggaran, kelembagaan, dan sumber daya manusia yang menjaga praktik "
            "tetap berjalan."
        ),
        "description_en": "Regulations, budget, institutions and people that keep it going.",
    },
    {
        "slug": "ease-of-replication",
        "order": 5,
        "weight": 15,
        "name_id": "Kemudahan direplikasi",
        "name_en": "Ease of replication",
        "description_id": (
            "Seberapa mudah daerah lain menerapkannya: biaya, persyaratan, dan panduan yang "
            "tersedia."
        ),
        "description_en": (
            "How easily another region can adopt it: cost, prerequisites and the guidance "
            "available."
        ),
    },
    {
        "slug": "stakeholder-involvement",
        "order": 6,
        "weight": 10,
        "name_id": "Keterlibatan pemangku kepentingan",
        "name_en": "Stakeholder involvement",
        "description_id": (
            "Peran warga, perangkat daerah lain, dunia usaha, perguruan tinggi, dan komunitas."
        ),
        "description_en": (
            "The part played by citizens, other offices, business, universities and communities."
        ),
    },
]


def seed_criteria(criterion_model) -> None:
    """Create the rubric's criteria that do not exist yet; never overwrite edits."""
    for item in CRITERIA:
        criterion_model.objects.get_or_create(
            slug=item["slug"], defaults={k: v for k, v in item.items() if k != "slug"}
        )
