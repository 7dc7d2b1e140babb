from decimal import Decimal
from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.urls import reverse

from core.errors import ServiceError
from practices.models import Criterion, CriterionScore, Practice, Recommendation, Review
from practices.models.review import weighted_score
from practices.review_seeds import CRITERIA
from practices.review_services import practice_recommend, practice_unrecommend, review_save
from practices.services import practice_request_changes, practice_submit
from tests.factories import (
    ApprovedAffiliationFactory,
    PracticeFactory,
    PublishedPracticeFactory,
    SecretariatUserFactory,
    StaffUserFactory,
    UserFactory,
)
from tests.paths import in_english

pytestmark = pytest.mark.django_db


def all_scores(value, comment=""):
    return {criterion.pk: (value, comment) for criterion in Criterion.objects.active()}


@pytest.fixture
def submitted(kupang):
    return PracticeFactory(member=kupang, status=Practice.Status.SUBMITTED)


@pytest.fixture
def reviewer():
    return SecretariatUserFactory()


def test_rubric_is_seeded_in_both_languages():
    criteria = list(Criterion.objects.active())
    assert [c.slug for c in criteria] == [item["slug"] for item in CRITERIA]
    assert sum(c.weight for c in criteria) == 100
    assert all(c.name_id and c.name_en and c.description_id and c.description_en for c in criteria)
    from django.utils import translation

    with translation.override("en"):
        assert criteria[2].name == "Impact on the public (with evidence)"
    with translation.override("id"):
        assert criteria[2].name == "Dampak bagi masyarakat (dengan bukti)"


@pytest.mark.parametrize(
    "pairs, expected",
    [
        ([(5, 1), (5, 3)], "100.00"),
        ([(1, 1), (1, 3)], "0.00"),
        ([(3, 2), (3, 7)], "50.00"),
        # (5-1)*3 + (1-1)*1 = 12 of a possible 4*4 = 16
        ([(5, 3), (1, 1)], "75.00"),
        ([(4, 25), (2, 75)], "37.50"),
        ([(4, 1), (5, 1), (5, 1)], "91.67"),
        ([], "0.00"),
    ],
)
def test_weighted_score_arithmetic(pairs, expected):
    assert weighted_score(pairs) == Decimal(expected)


def test_review_saves_scores_and_weighted_score(submitted, reviewer):
    criteria = list(Criterion.objects.active())
    # Impact (weight 25) gets 5, everything else 3: 50 + 25 * (2/4) = 62.5
    scores = {c.pk: (3, f"Catatan {c.slug}") for c in criteria}
    impact = next(c for c in criteria if c.slug == "public-impact")
    scores[impact.pk] = (5, "Data sebelum-sesudah meyakinkan.")
    review = review_save(practice=submitted, by=reviewer, scores=scores)
    assert review.score == Decimal("62.50")
    assert review.round == 1
    assert CriterionScore.objects.filter(review=review).count() == 6
    assert CriterionScore.objects.get(review=review, criterion=impact).weight == 25


def test_scores_keep_the_weight_of_their_time(submitted, reviewer):
    review = review_save(practice=submitted, by=reviewer, scores=all_scores(5))
    Criterion.objects.filter(slug="novelty").update(weight=90)
    review.refresh_from_db()
    assert review.score == Decimal("100.00")
    assert set(review.scores.values_list("weight", flat=True)) == {10, 15, 20, 25}


def test_saving_again_replaces_the_reviewers_scores(submitted, reviewer):
    review_save(practice=submitted, by=reviewer, scores=all_scores(2))
    review_save(practice=submitted, by=reviewer, scores=all_scores(4))
    review = Review.objects.get()
    assert review.score == Decimal("75.00")
    assert review.scores.count() == 6


@pytest.mark.parametrize("bad", [0, 6, -1, "lima", None, 3.5])
def test_out_of_range_score_saves_nothing(submitted, reviewer, bad):
    scores = all_scores(4)
    first = next(iter(scores))
    scores[first] = (bad, "")
    with pytest.raises(ServiceError):
        review_save(practice=submitted, by=reviewer, scores=scores)
    assert not Review.objects.exists()
    assert not CriterionScore.objects.exists()


def test_missing_or_unknown_criterion_saves_nothing(submitted, reviewer):
    scores = all_scores(4)
    scores.pop(next(iter(scores)))
    with pytest.raises(ServiceError):
        review_save(practice=submitted, by=reviewer, scores=scores)
    with pytest.raises(ServiceError):
        review_save(practice=submitted, by=reviewer, scores={**all_scores(4), 99999: (3, "")})
    assert not Review.objects.exists()


@pytest.mark.parametrize("who", ["city_staff", "other_city", "staff_not_secretariat", "user"])
def test_only_secretariat_scores(submitted, kupang, sidoarjo, who):
    user = {
        "city_staff": lambda: ApprovedAffiliationFactory(member=kupang).user,
        "other_city": lambda: ApprovedAffiliationFactory(member=sidoarjo).user,
        "staff_not_secretariat": StaffUserFactory,
        "user": UserFactory,
    }[who]()
    with pytest.raises(PermissionDenied):
        review_save(practice=submitted, by=user, scores=all_scores(5))
    assert not Review.objects.exists()


@pytest.mark.parametrize(
    "status", [Practice.Status.DRAFT, Practice.Status.CHANGES_REQUESTED, Practice.Status.ARCHIVED]
)
def test_only_submitted_or_published_practices_are_scored(kupang, reviewer, status):
    practice = PracticeFactory(member=kupang, status=status)
    with pytest.raises(ServiceError):
        review_save(practice=practice, by=reviewer, scores=all_scores(5))
    assert not Review.objects.exists()


def test_several_reviewers_and_rounds(kupang, editor):
    practice = PracticeFactory(member=kupang)
    practice_submit(practice=practice, by=editor)
    first, second = SecretariatUserFactory(), SecretariatUserFactory()
    review_save(practice=practice, by=first, scores=all_scores(5))  # 100
    review_save(practice=practice, by=second, scores=all_scores(3))  # 50
    scored = Practice.objects.with_review_score().get(pk=practice.pk)
    assert (scored.review_score, scored.review_count) == (Decimal("75.00"), 2)

    practice_request_changes(practice=practice, by=first, note="Tambahkan data.")
    practice_submit(practice=practice, by=editor)
    # The second submission has no review yet: the first round's score still shows.
    scored = Practice.objects.with_review_score().get(pk=practice.pk)
    assert scored.review_count == 2
    review_save(practice=practice, by=first, scores=all_scores(4))  # 75, round 2
    scored = Practice.objects.with_review_score().get(pk=practice.pk)
    assert (scored.review_score, scored.review_count) == (Decimal("75.00"), 1)
    assert sorted(Review.objects.values_list("round", flat=True)) == [1, 1, 2]


def test_unscored_practice_has_no_score(kupang):
    practice = PublishedPracticeFactory(member=kupang)
    scored = Practice.objects.with_review_score().get(pk=practice.pk)
    assert (scored.review_score, scored.review_count) == (None, 0)


def test_recommend_at_or_above_threshold_only(kupang, reviewer):
    good = PublishedPracticeFactory(member=kupang)
    review_save(practice=good, by=reviewer, scores=all_scores(5))
    practice_recommend(practice=good, by=reviewer)
    assert Recommendation.objects.get().practice == good

    weak = PublishedPracticeFactory(member=kupang)
    review_save(practice=weak, by=reviewer, scores=all_scores(4))  # 75 < 85
    with pytest.raises(ServiceError) as error:
        practice_recommend(practice=weak, by=reviewer)
    assert error.value.code == "below_threshold"
    unscored = PublishedPracticeFactory(member=kupang)
    with pytest.raises(ServiceError) as error:
        practice_recommend(practice=unscored, by=reviewer)
    assert error.value.code == "unscored"
    assert Recommendation.objects.count() == 1

    with override_settings(PRACTICE_RECOMMENDATION_THRESHOLD=70):
        practice_recommend(practice=weak, by=reviewer)
    assert Recommendation.objects.count() == 2
    practice_unrecommend(practice=weak, by=reviewer)
    assert list(Practice.objects.recommended()) == [good]


def test_exactly_at_threshold_is_enough(kupang, reviewer):
    practice = PublishedPracticeFactory(member=kupang)
    review_save(practice=practice, by=reviewer, scores=all_scores(4))  # 75
    with override_settings(PRACTICE_RECOMMENDATION_THRESHOLD=75):
        practice_recommend(practice=practice, by=reviewer)
    assert Recommendation.objects.exists()


def test_only_secretariat_recommends_and_only_published(kupang, submitted, reviewer, editor):
    review_save(practice=submitted, by=reviewer, scores=all_scores(5))
    with pytest.raises(ServiceError):
        practice_recommend(practice=submitted, by=reviewer)
    published = PublishedPracticeFactory(member=kupang)
    review_save(practice=published, by=reviewer, scores=all_scores(5))
    for user in (editor, StaffUserFactory(), UserFactory()):
        with pytest.raises(PermissionDenied):
            practice_recommend(practice=published, by=user)
    assert not Recommendation.objects.exists()


# Admin


def score_url(practice):
    return reverse("admin:practices_review_score", args=[practice.pk])


def form_data(value, comment="Baik."):
    data = {}
    for criterion in Criterion.objects.active():
        data[f"score_{criterion.pk}"] = str(value)
        data[f"comment_{criterion.pk}"] = comment
    return data


def test_admin_scoring_page(client, submitted, reviewer):
    client.force_login(reviewer)
    page = client.get(score_url(submitted))
    assert page.status_code == HTTPStatus.OK
    content = page.content.decode()
    assert "Kebaruan" in content and "bobot 20" in content
    response = client.post(score_url(submitted), form_data(5))
    assert response.status_code == HTTPStatus.FOUND
    assert Review.objects.get().score == Decimal("100.00")
    change = client.get(reverse("admin:practices_practice_change", args=[submitted.pk]))
    assert score_url(submitted) in change.content.decode()


def test_admin_scoring_page_refuses_out_of_range(client, submitted, reviewer):
    client.force_login(reviewer)
    data = form_data(4)
    first = Criterion.objects.active().first()
    data[f"score_{first.pk}"] = "9"
    response = client.post(score_url(submitted), data)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Nilai adalah bilangan bulat dari 1 sampai 5." in response.content.decode()
    data.pop(f"score_{first.pk}")
    response = client.post(score_url(submitted), data)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Beri kriteria ini nilai dari 1 sampai 5." in response.content.decode()
    assert not Review.objects.exists()


def test_admin_scoring_page_forbidden_to_others(client, submitted, editor):
    for user in (editor, StaffUserFactory()):
        client.force_login(user)
        response = client.post(score_url(submitted), form_data(5))
        assert response.status_code in (HTTPStatus.FOUND, HTTPStatus.FORBIDDEN)
    assert not Review.objects.exists()


def test_admin_scoring_unknown_practice_is_404(client, reviewer):
    client.force_login(reviewer)
    assert (
        client.get(reverse("admin:practices_review_score", args=[999999])).status_code
        == HTTPStatus.NOT_FOUND
    )


def test_admin_list_shows_and_sorts_by_score(client, kupang, reviewer):
    low = PublishedPracticeFactory(member=kupang, title="Nilai rendah")
    high = PublishedPracticeFactory(member=kupang, title="Nilai tinggi")
    PublishedPracticeFactory(member=kupang, title="Belum dinilai")
    review_save(practice=low, by=reviewer, scores=all_scores(2))  # 25
    review_save(practice=high, by=reviewer, scores=all_scores(5))  # 100
    review_save(practice=high, by=SecretariatUserFactory(), scores=all_scores(4))  # 75
    client.force_login(reviewer)
    changelist = reverse("admin:practices_practice_changelist")
    response = client.get(changelist)
    content = response.content.decode()
    assert "87.5" in content and "25.0" in content
    columns = list(response.context["cl"].list_display)
    order = columns.index("review_score_column")
    descending = client.get(changelist, {"o": f"-{order}"})
    titles = [p.title for p in descending.context["cl"].result_list]
    assert titles.index("Nilai tinggi") < titles.index("Nilai rendah")
    ascending = client.get(changelist, {"o": f"{order}"})
    titles = [p.title for p in ascending.context["cl"].result_list if p.review_score is not None]
    assert titles == ["Nilai rendah", "Nilai tinggi"]


def test_admin_recommend_action(client, kupang, reviewer):
    good = PublishedPracticeFactory(member=kupang)
    weak = PublishedPracticeFactory(member=kupang, title="Kurang")
    review_save(practice=good, by=reviewer, scores=all_scores(5))
    review_save(practice=weak, by=reviewer, scores=all_scores(3))
    client.force_login(reviewer)
    response = client.post(
        reverse("admin:practices_practice_changelist"),
        {"action": "recommend_selected", "_selected_action": [good.pk, weak.pk]},
        follow=True,
    )
    content = response.content.decode()
    assert "“Kurang” bernilai 50.0; rekomendasi memerlukan paling sedikit 85." in content
    assert list(Recommendation.objects.values_list("practice", flat=True)) == [good.pk]
    filtered = client.get(reverse("admin:practices_practice_changelist"), {"recommended": "yes"})
    assert [p.pk for p in filtered.context["cl"].result_list] == [good.pk]


# What the author and the public see


def test_author_sees_comments_without_names_when_changes_requested(client, kupang, editor):
    practice = PracticeFactory(member=kupang)
    practice_submit(practice=practice, by=editor)
    first = SecretariatUserFactory(full_name="Penilai Pertama")
    second = SecretariatUserFactory(full_name="Penilai Kedua")
    scores = all_scores(4, "Cukup jelas.")
    novelty = Criterion.objects.get(slug="novelty")
    scores[novelty.pk] = (2, "Mirip layanan di kota lain.")
    review_save(practice=practice, by=first, scores=scores)
    review_save(practice=practice, by=second, scores=all_scores(5))
    client.force_login(editor)
    # While under review, the author does not see the scores yet.
    page = client.get(practice.get_absolute_url()).content.decode()
    assert "Mirip layanan di kota lain." not in page
    practice_request_changes(practice=practice, by=first, note="Perjelas kebaruannya.")
    page = client.get(practice.get_absolute_url()).content.decode()
    assert "Penilaian para penilai" in page
    assert "Mirip layanan di kota lain." in page
    assert "Kebaruan" in page and "nilai: 2, 5" in page
    section = page[page.index('<section class="review-feedback"') :]
    section = section[: section.index("</section>")]
    assert "Penilai Pertama" not in section and "Penilai Kedua" not in section
    assert "Penilai Kedua" not in page  # the second reviewer made no status change


def test_public_and_other_cities_never_see_review_comments(client, kupang, sidoarjo, reviewer):
    practice = PublishedPracticeFactory(member=kupang)
    review_save(practice=practice, by=reviewer, scores=all_scores(5, "Rahasia penilai."))
    assert "Rahasia penilai." not in client.get(practice.get_absolute_url()).content.decode()
    client.force_login(ApprovedAffiliationFactory(member=sidoarjo).user)
    assert "Rahasia penilai." not in client.get(practice.get_absolute_url()).content.decode()
    client.force_login(ApprovedAffiliationFactory(member=kupang).user)
    assert "Rahasia penilai." in client.get(practice.get_absolute_url()).content.decode()


def test_recommended_badge_and_filter(client, kupang, reviewer):
    good = PublishedPracticeFactory(member=kupang, title="Layak ditiru")
    PublishedPracticeFactory(member=kupang, title="Biasa saja")
    review_save(practice=good, by=reviewer, scores=all_scores(5))
    practice_recommend(practice=good, by=reviewer)
    listing = client.get(reverse("practices:list")).content.decode()
    assert listing.count("Direkomendasikan untuk direplikasi</p>") == 1
    filtered = client.get(reverse("practices:list"), {"recommended": "on"})
    assert [p.title for p in filtered.context["object_list"]] == ["Layak ditiru"]
    page = client.get(good.get_absolute_url()).content.decode()
    assert "Direkomendasikan untuk direplikasi" in page
    english = client.get(in_english("practices:detail", slug=good.slug)).content.decode()
    assert "Recommended for replication" in english
