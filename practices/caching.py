"""What a change to each practices model invalidates in the page and fragment caches."""

from django.db.models.signals import post_delete, post_save

from core.cache import invalidate_on_change, invalidate_private

from . import models

PUBLIC = ("practices",)
# Every practice of every status, as its city's staff see them on their account page.
ROWS = "practice-rows"


def practice_tags(practice) -> tuple[str, ...]:
    """A practice that is or was published shows on public pages; a draft that never was
    (the everyday saves of city staff) shows on none of them."""
    if practice.status == models.Practice.Status.PUBLISHED or practice.published_at is not None:
        return PUBLIC
    return ()


def _part_tags(part) -> tuple[str, ...]:
    return practice_tags(part.practice)


def _link_tags(instance) -> tuple[str, ...]:
    # A change of the theme or SDG links: the instance is a practice or a theme/SDG.
    return practice_tags(instance) if isinstance(instance, models.Practice) else PUBLIC


def revision_tags(revision) -> tuple[str, ...]:
    # Only a published update shows (in the practice's change log); drafts of updates
    # and the ones under review are on no public page.
    return PUBLIC if revision.status == models.PracticeRevision.Status.PUBLISHED else ()


def _rows_changed(sender, **kwargs) -> None:
    invalidate_private(ROWS)


def connect() -> None:
    invalidate_on_change(models.Practice, practice_tags)
    post_save.connect(_rows_changed, sender=models.Practice, dispatch_uid="practice-rows")
    post_delete.connect(_rows_changed, sender=models.Practice, dispatch_uid="practice-rows-d")
    for model in (
        models.PracticeImage,
        models.PracticeAttachment,
        models.PracticeLink,
        models.PracticeIndicator,
    ):
        invalidate_on_change(model, _part_tags)
    invalidate_on_change(models.Practice.themes.through, _link_tags)
    invalidate_on_change(models.Practice.sdgs.through, _link_tags)
    invalidate_on_change(models.Theme, (*PUBLIC, "taxonomy"))
    invalidate_on_change(models.SDG, (*PUBLIC, "taxonomy"))
    invalidate_on_change(models.Transition, ())  # the review history is never on a public page
    invalidate_on_change(models.PracticeRevision, revision_tags)
    # Replications show on practice pages and cards and on both members' profiles (which
    # depend on "practices" too); the recommendation badge on practice pages and cards.
    invalidate_on_change(models.Replication, PUBLIC)
    invalidate_on_change(models.Recommendation, PUBLIC)
    # Scores and reviewers' comments are shown only to the author and the secretariat,
    # on pages that are never cached.
    for model in (models.Criterion, models.Review, models.CriterionScore):
        invalidate_on_change(model, ())
