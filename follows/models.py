from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import user_owner


class FollowQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def of(self, kind: str, key: str):
        return self.filter(kind=kind, key=key)


class Follow(models.Model):
    """A person follows a theme, an SDG, a province or a member region (also as an event
    host). The thing is named by its public identifier, as in the portal's addresses:
    theme slug, SDG number, province code, member slug."""

    class Kind(models.TextChoices):
        THEME = "theme", _("Theme")
        SDG = "sdg", _("Sustainable Development Goal")
        PROVINCE = "province", _("Province")
        MEMBER = "member", _("Member region")

    user = user_owner("follows")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    key = models.CharField(_("identifier"), max_length=100)
    created_at = models.DateTimeField(_("followed at"), auto_now_add=True)

    objects = FollowQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        ordering = ["kind", "key"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "key"], name="follows_once_per_thing")
        ]

    def __str__(self):
        return f"{self.user} → {self.kind}:{self.key}"


class DigestOptOut(models.Model):
    """The person asked for no weekly digest (their follows and feeds stay)."""

    user = user_owner("digest_opt_out", one_to_one=True)
    created_at = models.DateTimeField(_("unsubscribed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("digest unsubscription")
        verbose_name_plural = _("digest unsubscriptions")

    def __str__(self):
        return str(self.user)


class DigestSent(models.Model):
    """One weekly digest sent to one person: never twice for the same week."""

    user = user_owner("digests_sent")
    week = models.DateField(_("week starting"))
    items = models.PositiveIntegerField(_("items"), default=0)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("sent digest")
        verbose_name_plural = _("sent digests")
        ordering = ["-week", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "week"], name="follows_digest_once_a_week")
        ]

    def __str__(self):
        return f"{self.user} {self.week}"
