"""Writes on a person's own account."""

from django.db import transaction

from members.models import Affiliation

from .models import User


@transaction.atomic
def profile_update(*, user: User, full_name: str, language: str, job_title: str | None) -> User:
    """Save the person's name and email language, and the job title of their open
    (pending or approved) affiliation when they have one."""
    user.full_name = full_name
    user.language = language
    user.save(update_fields=["full_name", "language"])
    if job_title is not None:
        Affiliation.objects.open().filter(user=user).update(job_title=job_title.strip())
    return user
