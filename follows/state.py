"""What a person follows and whether they take the digest: read on every page with a follow
button (theme and SDG lists, regions, event hosts) and on the account page, so kept in the
cache under the person's own key (never in an entry shared with anyone else) and forgotten
when their follows or their digest choice change, and again once the change is committed."""

from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from .models import DigestOptOut, Follow

TIMEOUT = 24 * 60 * 60


@dataclass(frozen=True)
class FollowState:
    pairs: tuple[tuple[str, str], ...]  # (kind, key), in the order of the account page
    digest_on: bool

    def follows(self, kind: str, key: str) -> bool:
        return (kind, str(key)) in self.pairs


def _key(user_id) -> str:
    return f"follows:state:{user_id}"


def follow_state(user) -> FollowState:
    state = cache.get(_key(user.pk))
    if state is None:
        follows = Follow.objects.for_user(user).order_by("kind", "key")
        state = FollowState(
            pairs=tuple(follows.values_list("kind", "key")),
            digest_on=not DigestOptOut.objects.filter(user=user).exists(),
        )
        cache.set(_key(user.pk), state, TIMEOUT)
    return state


def _forget(sender, instance, **kwargs) -> None:
    # At once, for the rest of this request and transaction, and again after commit: a
    # request of the same person in between could have read the state from before.
    key = _key(instance.user_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def connect_signals() -> None:
    for model in (Follow, DigestOptOut):
        post_save.connect(_forget, sender=model, dispatch_uid=f"follow-state-{model.__name__}")
        post_delete.connect(_forget, sender=model, dispatch_uid=f"follow-state-d-{model.__name__}")
