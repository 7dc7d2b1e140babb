import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from follows.models import DigestOptOut, Follow
from follows.state import follow_state
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_state_is_read_once_then_kept_under_the_persons_own_key(user):
    Follow.objects.create(user=user, kind="theme", key="mobility")
    with CaptureQueriesContext(connection) as first:
        state = follow_state(user)
    assert len(first) == 2  # the follows and the digest choice
    assert state.follows("theme", "mobility") and state.digest_on
    with CaptureQueriesContext(connection) as again:
        assert follow_state(user) == state
    assert not again
    other = follow_state(UserFactory())
    assert other.pairs == () and not other.follows("theme", "mobility")


def test_any_change_is_seen_at_once_and_after_commit(
    user, django_capture_on_commit_callbacks
):
    assert follow_state(user).pairs == ()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        follow = Follow.objects.create(user=user, kind="sdg", key="11")
    assert callbacks  # forgotten again once committed
    assert follow_state(user).follows("sdg", 11)
    # Removed elsewhere (the admin, a deleted account's cascade): forgotten too.
    Follow.objects.filter(pk=follow.pk).delete()
    assert follow_state(user).pairs == ()
    DigestOptOut.objects.create(user=user)
    assert not follow_state(user).digest_on
    DigestOptOut.objects.filter(user=user).delete()
    assert follow_state(user).digest_on


def test_pairs_are_in_the_order_of_the_account_page(user):
    for kind, key in [("theme", "waste"), ("member", "kota-kupang"), ("theme", "energy")]:
        Follow.objects.create(user=user, kind=kind, key=key)
    assert follow_state(user).pairs == (
        ("member", "kota-kupang"),
        ("theme", "energy"),
        ("theme", "waste"),
    )
