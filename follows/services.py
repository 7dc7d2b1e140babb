from django.core import signing
from django.db import IntegrityError, transaction

from core.errors import ServiceError

from .models import DigestOptOut, Follow
from .targets import Target, resolve, unknown_message

UNSUBSCRIBE_SALT = "follows.digest-unsubscribe"
UNSUBSCRIBE_MAX_AGE = 60 * 60 * 24 * 180  # a link in an old digest still works for months


def follow_add(*, user, kind: str, key: str) -> Target:
    target = resolve(kind, key)
    if target is None:
        raise ServiceError(unknown_message(), code="unknown")
    try:
        with transaction.atomic():
            Follow.objects.get_or_create(user=user, kind=kind, key=target.key)
    except IntegrityError:  # the same person followed twice at the same moment
        pass
    return target


def follow_remove(*, user, kind: str, key: str) -> bool:
    deleted, _details = Follow.objects.filter(user=user, kind=kind, key=key).delete()
    return bool(deleted)


def digest_unsubscribe(*, user) -> None:
    DigestOptOut.objects.get_or_create(user=user)


def digest_resubscribe(*, user) -> None:
    DigestOptOut.objects.filter(user=user).delete()


def unsubscribe_token(user) -> str:
    return signing.dumps({"u": user.pk}, salt=UNSUBSCRIBE_SALT, compress=True)


def user_from_unsubscribe_token(token: str):
    """The user the token was made for; None when it is forged, damaged or expired."""
    from django.contrib.auth import get_user_model

    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
        user_id = int(data["u"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return get_user_model().objects.filter(pk=user_id, is_active=True).first()
