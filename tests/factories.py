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
