"""Writes that concern members: loading the official list of regions, and the
life of a staff member's affiliation with their city."""

import csv
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.errors import ServiceError, ServiceForbidden
from core.links import absolute_url, absolute_url_in
from core.locking import lock_row
from core.mail import notify

from .models import Affiliation, Member, Province
from .permissions import SECRETARIAT_GROUP, can_manage_affiliations

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass
class LoadResult:
    provinces_created: int = 0
    members_created: int = 0
    members_updated: int = 0


def _read_csv(name: str, data_dir: Path | None = None) -> list[dict[str, str]]:
    with open((data_dir or DATA_DIR) / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _positions(data_dir: Path | None) -> dict[str, tuple[Decimal, Decimal, str]]:
    """The seat of each region from coordinates.csv (scripts/generate_coordinates.py)."""
    if not ((data_dir or DATA_DIR) / "coordinates.csv").exists():
        return {}
    return {
        row["code"]: (Decimal(row["latitude"]), Decimal(row["longitude"]), row["seat"])
        for row in _read_csv("coordinates.csv", data_dir)
    }


def _load_provinces(result: LoadResult, data_dir: Path | None) -> dict[str, Province]:
    provinces = {province.code: province for province in Province.objects.all()}
    for row in _read_csv("provinces.csv", data_dir):
        province = provinces.get(row["code"])
        if province is None:
            provinces[row["code"]] = Province.objects.create(code=row["code"], name=row["name"])
            result.provinces_created += 1
        elif province.name != row["name"]:
            province.name = row["name"]
            province.save(update_fields=["name"])
    return provinces


def _update_member(member: Member, province: Province, facts: dict, figures: dict) -> bool:
    """Apply a CSV row to an existing member; True when something changed. The facts
    (name, kind, the seat's position) follow the files; figures the secretariat filled
    in are kept."""
    changed = False
    for field, value in facts.items():
        if getattr(member, field) != value:
            setattr(member, field, value)
            changed = True
    if member.province_id != province.pk:
        member.province = province
        changed = True
    for field, value in figures.items():
        if getattr(member, field) is None and value is not None:
            setattr(member, field, value)
            changed = True
    return changed


@transaction.atomic
def regions_load(*, data_dir: Path | None = None) -> LoadResult:
    """Create or update the 38 provinces and 514 kabupaten/kota from the committed CSV
    files (Kepmendagri 300.2.2-2138/2025). Safe to run again: nothing is duplicated,
    and profile fields edited by the secretariat are kept."""
    result = LoadResult()
    provinces = _load_provinces(result, data_dir)
    existing = {member.code: member for member in Member.objects.all()}
    positions = _positions(data_dir)
    to_create, to_update = [], []
    for row in _read_csv("regencies.csv", data_dir):
        province = provinces[row["province_code"]]
        figures = {
            "districts": int(row["districts"]) if row.get("districts") else None,
            "villages": int(row["villages"]) if row.get("villages") else None,
        }
        latitude, longitude, seat = positions.get(row["code"], (None, None, ""))
        facts = {
            "name": row["name"],
            "kind": row["kind"],
            "latitude": latitude,
            "longitude": longitude,
            "seat": seat,
        }
        member = existing.get(row["code"])
        if member is None:
            to_create.append(
                Member(
                    code=row["code"],
                    slug=slugify(row["name"]),
                    province=province,
                    **facts,
                    **figures,
                )
            )
        elif _update_member(member, province, facts, figures):
            to_update.append(member)
    Member.objects.bulk_create(to_create, batch_size=200)
    Member.objects.bulk_update(
        to_update,
        ["name", "kind", "province", "districts", "villages", "latitude", "longitude", "seat"],
        batch_size=200,
    )
    result.members_created = len(to_create)
    result.members_updated = len(to_update)
    return result


def _secretariat_addresses() -> list[str]:
    addresses = [settings.SECRETARIAT_EMAIL]
    addresses += (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True, groups__name=SECRETARIAT_GROUP)
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
    )
    return list(dict.fromkeys(address.lower() for address in addresses if address))


def _notify_person(affiliation: Affiliation, template: str) -> None:
    user = affiliation.user
    language = user.language or settings.LANGUAGE_CODE
    context = {
        "full_name": user.full_name,
        "member_name": affiliation.member.name,
        "job_title": affiliation.job_title,
        "reason": affiliation.reason,
        "account_url": absolute_url_in(language, "users:account"),
    }
    transaction.on_commit(
        lambda: notify(
            to=[user.email],
            template=f"members/email/{template}",
            context=context,
            language=language,
        )
    )


def _check_manager(by) -> None:
    if not can_manage_affiliations(by):
        raise ServiceForbidden(_("Only the secretariat decides on affiliations."))


def _check_status(affiliation: Affiliation, *expected: str) -> None:
    if affiliation.status not in expected:
        raise ServiceError(
            _("Not possible while the request is %(status)s.")
            % {"status": affiliation.get_status_display().lower()},
            code="invalid_status",
        )


@transaction.atomic
def affiliation_request(
    *, user, member: Member, job_title: str, announce: bool | None = None
) -> Affiliation:
    """Ask the secretariat to tie ``user`` to ``member``. Refused while the person has a
    pending or approved affiliation (the database holds the same rule)."""
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    if Affiliation.objects.open().filter(user=user).exists():
        raise ServiceError(
            _("You already have a pending or approved affiliation."), code="already_open"
        )
    try:
        with transaction.atomic():
            affiliation = Affiliation.objects.create(
                user=user, member=member, job_title=job_title.strip()
            )
    except IntegrityError as error:
        raise ServiceError(
            _("You already have a pending or approved affiliation."), code="already_open"
        ) from error
    if announce is None:
        announce = not _awaits_email_verification(user)
    if announce:
        _announce(affiliation)
    return affiliation


def _awaits_email_verification(user) -> bool:
    """True while the person's address is unconfirmed (a new sign-up): the secretariat
    hears of the request only once the address is confirmed."""
    from allauth.account.models import EmailAddress

    addresses = EmailAddress.objects.filter(user=user)
    return addresses.exists() and not addresses.filter(verified=True).exists()


def _announce(affiliation: Affiliation) -> None:
    """Tell the secretariat of a pending request, after commit."""
    user, member = affiliation.user, affiliation.member
    context = {
        "full_name": user.full_name,
        "email": user.email,
        "member_name": member.name,
        "member_code": member.code,
        "job_title": affiliation.job_title,
        "admin_url": absolute_url(
            reverse("admin:members_affiliation_change", args=[affiliation.pk])
        ),
        "pending_url": absolute_url(
            reverse("admin:members_affiliation_changelist") + "?status__exact=pending"
        ),
    }
    recipients = _secretariat_addresses()
    transaction.on_commit(
        lambda: notify(
            to=recipients,
            template="members/email/affiliation_requested",
            context=context,
            language=settings.LANGUAGE_CODE,
        )
    )


@transaction.atomic
def affiliation_announce_pending(*, user) -> Affiliation | None:
    """Called when a person confirms their first email address: the request they made
    when signing up now goes to the secretariat."""
    affiliation = (
        Affiliation.objects.filter(user=user, status=Affiliation.Status.PENDING)
        .select_related("user", "member")
        .first()
    )
    if affiliation is not None:
        _announce(affiliation)
    return affiliation


def _locked(affiliation: Affiliation) -> Affiliation:
    return lock_row(affiliation, "user", "member")


# The status each decision leads to, and the status it starts from.
_DECISIONS = {
    Affiliation.Status.APPROVED: Affiliation.Status.PENDING,
    Affiliation.Status.REJECTED: Affiliation.Status.PENDING,
    Affiliation.Status.REVOKED: Affiliation.Status.APPROVED,
}


def _decide(affiliation: Affiliation, *, status: str, by, reason: str | None = None):
    """Move ``affiliation`` to ``status`` and email the person. A rejection and a
    revocation need a reason (``reason`` is not None), shown and emailed to them."""
    _check_manager(by)
    if reason is not None:
        reason = reason.strip()
        if not reason:
            raise ServiceError(_("Please give a reason."), code="reason_required")
    affiliation = _locked(affiliation)
    _check_status(affiliation, _DECISIONS[status])
    affiliation.status = status
    affiliation.reason = reason or ""
    affiliation.decided_by = by
    affiliation.decided_at = timezone.now()
    affiliation.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    _notify_person(affiliation, f"affiliation_{status}")
    return affiliation


@transaction.atomic
def affiliation_approve(*, affiliation: Affiliation, by) -> Affiliation:
    """Approve a pending request: from now on the person acts for that city."""
    return _decide(affiliation, status=Affiliation.Status.APPROVED, by=by)


@transaction.atomic
def affiliation_reject(*, affiliation: Affiliation, by, reason: str) -> Affiliation:
    """Reject a pending request; the reason is shown and emailed to the person."""
    return _decide(affiliation, status=Affiliation.Status.REJECTED, by=by, reason=reason or "")


@transaction.atomic
def affiliation_revoke(*, affiliation: Affiliation, by, reason: str) -> Affiliation:
    """End an approved affiliation (the person left the city's service, ...)."""
    return _decide(affiliation, status=Affiliation.Status.REVOKED, by=by, reason=reason or "")
