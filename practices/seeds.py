"""Reference data: the themes and the 17 SDGs. Seeded by a data migration; also
called by the demo loader, so a flushed test database gets them back."""

THEMES = [
    ("digital-public-services", "Layanan Publik Digital", "Digital public services"),
    ("smart-city", "Kota Cerdas", "Smart city"),
    ("climate-low-emission", "Iklim dan Rendah Emisi", "Climate and low emission"),
    (
        "disaster-risk-resilience",
        "Pengurangan Risiko Bencana dan Ketangguhan",
        "Disaster risk and resilience",
    ),
    ("waste-circular-economy", "Sampah dan Ekonomi Sirkular", "Waste and circular economy"),
    ("water-sanitation", "Air Minum dan Sanitasi", "Water and sanitation"),
    ("mobility", "Mobilitas dan Transportasi", "Mobility"),
    (
        "planning-housing-infrastructure",
        "Tata Ruang, Perumahan dan Infrastruktur",
        "Planning, housing and infrastructure",
    ),
    (
        "local-economy-umkm-tourism",
        "Ekonomi Lokal, UMKM dan Pariwisata",
        "Local economy, UMKM and tourism",
    ),
    ("health-social-inclusion", "Kesehatan dan Inklusi Sosial", "Health and social inclusion"),
    (
        "governance-finance-participation",
        "Tata Kelola, Keuangan dan Partisipasi",
        "Governance, finance and participation",
    ),
    ("environment-nature", "Lingkungan Hidup dan Alam", "Environment and nature"),
    ("culture-heritage", "Budaya dan Cagar Budaya", "Culture and heritage"),
    ("education-youth", "Pendidikan dan Pemuda", "Education and youth"),
]

# Official short names; Indonesian as used by Bappenas for the TPB.
SDGS = [
    (1, "Tanpa Kemiskinan", "No Poverty"),
    (2, "Tanpa Kelaparan", "Zero Hunger"),
    (3, "Kehidupan Sehat dan Sejahtera", "Good Health and Well-being"),
    (4, "Pendidikan Berkualitas", "Quality Education"),
    (5, "Kesetaraan Gender", "Gender Equality"),
    (6, "Air Bersih dan Sanitasi Layak", "Clean Water and Sanitation"),
    (7, "Energi Bersih dan Terjangkau", "Affordable and Clean Energy"),
    (8, "Pekerjaan Layak dan Pertumbuhan Ekonomi", "Decent Work and Economic Growth"),
    (9, "Industri, Inovasi dan Infrastruktur", "Industry, Innovation and Infrastructure"),
    (10, "Berkurangnya Kesenjangan", "Reduced Inequalities"),
    (11, "Kota dan Permukiman yang Berkelanjutan", "Sustainable Cities and Communities"),
    (
        12,
        "Konsumsi dan Produksi yang Bertanggung Jawab",
        "Responsible Consumption and Production",
    ),
    (13, "Penanganan Perubahan Iklim", "Climate Action"),
    (14, "Ekosistem Lautan", "Life Below Water"),
    (15, "Ekosistem Daratan", "Life on Land"),
    (
        16,
        "Perdamaian, Keadilan dan Kelembagaan yang Tangguh",
        "Peace, Justice and Strong Institutions",
    ),
    (17, "Kemitraan untuk Mencapai Tujuan", "Partnerships for the Goals"),
]


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
