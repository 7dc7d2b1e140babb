"""Who is the secretariat: a staff account in the Sekretariat group, or a superuser. A
group member without a staff account (who could not open the admin) is not."""

import pytest
from django.contrib.auth.models import Group

from members.permissions import SECRETARIAT_GROUP, is_secretariat
from tests.factories import SecretariatUserFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_secretariat_is_a_staff_account_in_the_group(django_assert_num_queries):
    assert is_secretariat(SecretariatUserFactory())
    assert is_secretariat(UserFactory(is_superuser=True))
    member_only = UserFactory(is_staff=False)
    member_only.groups.add(Group.objects.get_or_create(name=SECRETARIAT_GROUP)[0])
    city_staff = UserFactory()
    with django_assert_num_queries(0):  # asked on every page a city staff member opens
        assert not is_secretariat(member_only)
        assert not is_secretariat(city_staff)
    staff_outside = UserFactory(is_staff=True)
    assert not is_secretariat(staff_outside)
