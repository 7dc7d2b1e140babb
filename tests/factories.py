"""factory_boy factories for the whole suite."""

import factory
from django.contrib.auth.models import Group

from members.models import Affiliation, Member, OfficerTerm, Position, Province
from members.permissions import SECRETARIAT_GROUP
from users.models import User

TEST_PASSWORD = "a-Strong-test-passw0rd"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.go.id")
    full_name = factory.Faker("name", locale="id_ID")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class SecretariatUserFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def groups(obj, create, extracted, **kwargs):
        if create:
            group, _ = Group.objects.get_or_create(name=SECRETARIAT_GROUP)
            obj.groups.add(group)


class ProvinceFactory(factory.django.DjangoModelFactory):
    """Test-only provinces use codes 00-10, which Kemendagri does not assign."""

    class Meta:
        model = Province
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"{n % 11:02d}")
    name = factory.Sequence(lambda n: f"Provinsi Uji {n % 11}")


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    province = factory.SubFactory(ProvinceFactory, code="00", name="Provinsi Uji")
    # Codes 00.00-10.99 belong to no real region, so they never clash with the 514.
    code = factory.Sequence(lambda n: f"{n // 100 % 11:02d}.{n % 100:02d}")
    kind = Member.Kind.KOTA
    name = factory.Sequence(lambda n: f"Kota Uji {n}")
    slug = factory.Sequence(lambda n: f"kota-uji-{n}")


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"position-{n}")
    name_id = factory.Sequence(lambda n: f"Jabatan {n}")
    name_en = factory.Sequence(lambda n: f"Position {n}")


class OfficerTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfficerTerm

    position = factory.SubFactory(PositionFactory)
    person_name = factory.Faker("name", locale="id_ID")
    person_title = "Wali Kota"
    member = factory.SubFactory(MemberFactory)


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliation

    user = factory.SubFactory(UserFactory)
    member = factory.SubFactory(MemberFactory)
    job_title = "Kepala Bidang"
    status = Affiliation.Status.PENDING


class ApprovedAffiliationFactory(AffiliationFactory):
    status = Affiliation.Status.APPROVED


# Events and news


def _hours_from_now(hours):
    import datetime

    from django.utils import timezone

    return (timezone.now() + datetime.timedelta(hours=hours)).replace(microsecond=0)


def _plus_hours(value, hours):
    import datetime

    return value + datetime.timedelta(hours=hours)


class EventFactory(factory.django.DjangoModelFactory):
    """A published seminar in Kupang (WITA), a month ahead, registration open."""

    class Meta:
        model = "events.Event"

    kind = "seminar"
    title = factory.Sequence(lambda n: f"Seminar Uji {n}")
    slug = factory.Sequence(lambda n: f"seminar-uji-{n}")
    summary = "Berbagi praktik terbaik antardaerah."
    description = "Pertemuan **anggota** jaringan."
    host = factory.LazyFunction(lambda: Member.objects.get(slug="kota-kupang"))
    venue_name = "Ruang Rapat Garuda"
    venue_address = "Jl. S.K. Lerik, Kota Kupang"
    start = factory.LazyFunction(lambda: _hours_from_now(30 * 24))
    end = factory.LazyAttribute(lambda o: _plus_hours(o.start, 3))
    status = "published"
    capacity = 50


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.Session"

    event = factory.SubFactory(EventFactory)
    order = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Sesi {n}")


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.Speaker"

    session = factory.SubFactory(SessionFactory)
    name = factory.Faker("name", locale="id_ID")
    title = "Wali Kota"


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.Registration"

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    status = "confirmed"


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.Article"

    title = factory.Sequence(lambda n: f"Berita Uji {n}")
    slug = factory.Sequence(lambda n: f"berita-uji-{n}")
    lead = "Sebuah kota menjadi tuan rumah pertemuan jaringan."
    body = "Isi berita dengan **Markdown**."
    status = "published"
    published_at = factory.LazyFunction(lambda: _hours_from_now(-1))


class RejectedAffiliationFactory(AffiliationFactory):
    status = Affiliation.Status.REJECTED
    reason = "Jabatan tidak dapat diverifikasi."


class StaffUserFactory(UserFactory):
    """Staff, but not in the Sekretariat group and without permissions."""

    is_staff = True


class PracticeFactory(factory.django.DjangoModelFactory):
    """A practice with every mandatory part filled in; draft unless told otherwise.
    Pass ``themes=[...]`` and ``sdgs=[...]`` (slugs/numbers or objects) to classify it;
    by default it gets the first theme and SDG 11."""

    class Meta:
        model = "practices.Practice"
        skip_postgeneration_save = True

    member = factory.SubFactory(MemberFactory)
    title = factory.Sequence(lambda n: f"Praktik baik nomor {n}")
    slug = factory.Sequence(lambda n: f"praktik-baik-{n}")
    summary = "Ringkasan singkat tentang praktik ini."
    problem = "Masalah sebelum praktik ini dimulai."
    activities = "Apa yang dilakukan oleh pemerintah daerah."
    results = "Hasil yang dicapai."
    status = "draft"

    @factory.post_generation
    def themes(obj, create, extracted, **kwargs):
        from practices.models import Theme

        if not create:
            return
        if extracted is None:
            extracted = [Theme.objects.order_by("order").first()]
        obj.themes.set(
            [Theme.objects.get(slug=item) if isinstance(item, str) else item for item in extracted]
        )

    @factory.post_generation
    def sdgs(obj, create, extracted, **kwargs):
        from practices.models import SDG

        if not create:
            return
        if extracted is None:
            extracted = [11]
        obj.sdgs.set(
            [SDG.objects.get(number=item) if isinstance(item, int) else item for item in extracted]
        )

    @factory.post_generation
    def index(obj, create, extracted, **kwargs):
        from practices.search import update_search_vector

        if create:
            update_search_vector([obj.pk])


def _now():
    from django.utils import timezone

    return timezone.now()


class PublishedPracticeFactory(PracticeFactory):
    status = "published"
    published_at = factory.LazyFunction(_now)


def ensure_practice_seeds():
    """Put back what the practices data migration seeds (themes, SDGs, the Sekretariat
    group's permissions): transactional tests (the browser tests) flush it."""
    from django.contrib.auth.models import Permission

    from practices.models import SDG, Theme
    from practices.seeds import SDGS, THEMES, seed_taxonomy

    if Theme.objects.count() != len(THEMES) or SDG.objects.count() != len(SDGS):
        seed_taxonomy(Theme, SDG)
    group, _ = Group.objects.get_or_create(name=SECRETARIAT_GROUP)
    if not group.permissions.filter(content_type__app_label="practices").exists():
        group.permissions.add(*Permission.objects.filter(content_type__app_label="practices"))


class ReplicationFactory(factory.django.DjangoModelFactory):
    """Another region replicating a published practice, declared today."""

    class Meta:
        model = "practices.Replication"

    practice = factory.SubFactory(PublishedPracticeFactory)
    member = factory.SubFactory(MemberFactory)
    stage = "adapting"
    started_on = factory.LazyFunction(lambda: _now().date())
    changes = "Disesuaikan dengan kondisi daerah."
