"""What a person follows and whether they take the digest: read on every page with a follow
button (theme and SDG lists, regions, event hosts) and on the account page, so kept under
the person's own cache key (``core.cache.personal_value``) until either changes."""

from dataclasses import dataclass

from django.db.models.signals import post_delete, post_save

from core.cache import forget_personal, personal_value

from .models import DigestOptOut, Follow

NAME = "follows"


@dataclass(frozen=True)
class FollowState:
    pairs: tuple[tuple[str, str], ...]  # (kind, key), in the order of the account page
    digest_on: bool

    def follows(self, kind: str, key: str) -> bool:
        return (kind, str(key)) in self.pairs


def follow_state(user) -> FollowState:
    def compute() -> FollowState:
        follows = Follow.objects.for_user(user).order_by("kind", "key")
        return FollowState(
            pairs=tuple(follows.values_list("kind", "key")),
            digest_on=not DigestOptOut.objects.filter(user=user).exists(),
        )

    return personal_value(user.pk, NAME, compute)


def _forget(sender, instance, **kwargs) -> None:
    forget_personal(instance.user_id, NAME)


def connect_signals() -> None:
    for model in (Follow, DigestOptOut):
        post_save.connect(_forget, sender=model, dispatch_uid=f"follow-state-{model.__name__}")
        post_delete.connect(_forget, sender=model, dispatch_uid=f"follow-state-d-{model.__name__}")
