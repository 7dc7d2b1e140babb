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


class RejectedAffiliationFactory(AffiliationFactory):
    status = Affiliation.Status.REJECTED
    reason = "Jabatan tidak dapat diverifikasi."


class StaffUserFactory(UserFactory):
    """Staff, but not in the Sekretariat group and without permissions."""

    is_staff = True
