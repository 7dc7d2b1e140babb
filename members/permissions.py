"""Who may act for which member city. Views, templates and the admin all ask here."""

from django.contrib.auth.models import AnonymousUser

from core.cache import personal_value

SECRETARIAT_GROUP = "Sekretariat"


def is_secretariat(user) -> bool:
    """A staff account in the Sekretariat group, or a superuser. City staff are never
    staff accounts, so their checks ask the database nothing."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not user.is_staff:
        return False
    cached = getattr(user, "_is_secretariat", None)
    if cached is None:
        cached = user.groups.filter(name=SECRETARIAT_GROUP).exists()
        user._is_secretariat = cached
    return cached


def approved_affiliation(user):
    """The user's approved affiliation, or None."""
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
        return None
    if not user.is_active:
        return None
    if not hasattr(user, "_approved_affiliation"):
        from .models import Affiliation

        user._approved_affiliation = (
            Affiliation.objects.approved()
            .filter(user=user)
            .select_related("member", "member__province")
            .first()
        )
    return user._approved_affiliation


APPROVED_MEMBER = "approved-member"
# A person's affiliations with their cities, as their account page shows them.
AFFILIATIONS = "affiliations"


def affiliations_of(user) -> list:
    """Every affiliation of the person, newest first, with its member and province: kept
    under their own key until one of them changes, or a member or province does."""
    return personal_value(
        user.pk,
        AFFILIATIONS,
        lambda: list(
            user.affiliations.select_related("member", "member__province").order_by(
                "-created_at"
            )
        ),
        tags=("members", "provinces"),
    )


def approved_member_id(user) -> int | None:
    """The id of the member city the user may act for, or None: what permission checks
    on every page need, from one light query kept under the person's own cache key until
    any of their affiliations changes (members.caching); the whole affiliation is loaded
    only where it is shown."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if hasattr(user, "_approved_affiliation"):
        affiliation = user._approved_affiliation
        return affiliation.member_id if affiliation else None
    if not hasattr(user, "_approved_member_id"):
        from .models import Affiliation

        # 0 for none: the cache does not keep None.
        member_id = personal_value(
            user.pk,
            APPROVED_MEMBER,
            lambda: Affiliation.objects.approved()
            .filter(user=user)
            .values_list("member_id", flat=True)
            .first()
            or 0,
        )
        user._approved_member_id = member_id or None
    return user._approved_member_id


def approved_member(user):
    """The member city the user may act for, or None."""
    affiliation = approved_affiliation(user)
    return affiliation.member if affiliation else None


def can_act_for(user, member) -> bool:
    """True when the user holds an approved affiliation with exactly this member."""
    if member is None:
        return False
    own = approved_member_id(user)
    return own is not None and own == member.pk


def open_affiliation(user):
    """The user's pending or approved affiliation, or None. While one is open the
    person cannot ask for another."""
    if user is None or not user.is_authenticated:
        return None
    from .models import Affiliation

    return (
        Affiliation.objects.open()
        .filter(user=user)
        .select_related("member", "member__province")
        .first()
    )


def can_request_affiliation(user) -> bool:
    """A signed-in, active person with no pending or approved affiliation may ask."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return open_affiliation(user) is None


def can_manage_affiliations(user) -> bool:
    """Approving, rejecting and revoking affiliations is the secretariat's job, in the
    admin: a staff account in the Sekretariat group (or a superuser)."""
    return bool(
        is_secretariat(user) and user.is_staff and user.has_perm("members.change_affiliation")
    )


def can_check_in(user) -> bool:
    """Marking people present at the door: secretariat staff who may change
    registrations."""
    return bool(
        is_secretariat(user) and user.is_staff and user.has_perm("events.change_registration")
    )


def city_staff_emails_by_language(member_id) -> dict[str, list[str]]:
    """{language: sorted email addresses} of the active people approved for the member
    city: whom to tell about the city's practices, each in their own language."""
    from .models import Affiliation

    by_language: dict[str, set[str]] = {}
    affiliations = Affiliation.objects.approved().filter(member_id=member_id, user__is_active=True)
    for affiliation in affiliations.select_related("user"):
        user = affiliation.user
        by_language.setdefault(getattr(user, "language", "id") or "id", set()).add(user.email)
    return {language: sorted(emails) for language, emails in by_language.items()}
