"""What a change to each members model invalidates in the page and fragment caches."""

from django.db.models.signals import post_delete, post_save

from core.cache import forget_personal, invalidate_on_change

from .models import Affiliation, Member, OfficerTerm, Position, Province


def connect() -> None:
    invalidate_on_change(Province, ("members", "provinces"))
    invalidate_on_change(Member, ("members",))
    invalidate_on_change(Position, ("officers",))
    invalidate_on_change(OfficerTerm, ("officers",))
    invalidate_on_change(Affiliation, ())  # who works for which city is on no public page
    # The city a person may act for and their affiliations, kept under their own key
    # (members.permissions).
    post_save.connect(_forget_approved_member, sender=Affiliation, dispatch_uid="approved-member")
    post_delete.connect(
        _forget_approved_member, sender=Affiliation, dispatch_uid="approved-member-delete"
    )


def _forget_approved_member(sender, instance, **kwargs) -> None:
    from .permissions import AFFILIATIONS, APPROVED_MEMBER

    forget_personal(instance.user_id, APPROVED_MEMBER)
    forget_personal(instance.user_id, AFFILIATIONS)
