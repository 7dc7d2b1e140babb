"""What a change to each members model invalidates in the page and fragment caches."""

from core.cache import invalidate_on_change

from .models import Affiliation, Member, OfficerTerm, Position, Province


def connect() -> None:
    invalidate_on_change(Province, ("members", "provinces"))
    invalidate_on_change(Member, ("members",))
    invalidate_on_change(Position, ("officers",))
    invalidate_on_change(OfficerTerm, ("officers",))
    invalidate_on_change(Affiliation, ())  # who works for which city is on no public page
