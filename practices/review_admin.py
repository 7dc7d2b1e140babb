"""Admin for scored reviews: the rubric, the scoring page, and the score columns,
filter and recommendation actions that PracticeAdmin takes in through a mixin."""

from http import HTTPStatus

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import QuerySetListFilter, admin_path, run_service
from core.errors import ServiceError
from members.permissions import is_secretariat

from .models import Criterion, CriterionScore, Practice, Recommendation, Review
from .models.review import current_round, recommendation_threshold
from .review_forms import ReviewForm
from .review_services import practice_recommend, practice_unrecommend, review_save


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["name_id", "name_en", "weight", "order", "is_active"]
    list_editable = ["weight", "order", "is_active"]
    search_fields = ["name_id", "name_en"]
    prepopulated_fields = {"slug": ["name_en"]}


class CriterionScoreInline(admin.TabularInline):
    model = CriterionScore
    extra = 0
    can_delete = False
    fields = ["criterion", "score", "weight", "comment"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    """Reviews are written on the scoring page (linked from each practice); here they
    are listed and read."""

    list_display = ["practice", "round", "score", "reviewer", "updated_at"]
    list_filter = ["round"]
    list_select_related = ["practice", "reviewer"]
    search_fields = ["practice__title", "practice__member__name"]
    readonly_fields = ["practice", "reviewer", "round", "score", "created_at", "updated_at"]
    inlines = [CriterionScoreInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            admin_path(self, "score/<int:practice_pk>/", self.score_view, "score"),
            *super().get_urls(),
        ]

    def score_view(self, request, practice_pk):
        practice = get_object_or_404(Practice.objects.select_related("member"), pk=practice_pk)
        if not is_secretariat(request.user):
            raise PermissionDenied
        change_url = reverse("admin:practices_practice_change", args=[practice.pk])
        if not Review.can_score(request.user, practice):
            self.message_user(
                request,
                _("Only a submitted or published practice can be scored."),
                messages.ERROR,
            )
            return redirect(change_url)
        round_number = current_round(practice)
        review = (
            Review.objects.filter(practice=practice, reviewer=request.user, round=round_number)
            .prefetch_related("scores")
            .first()
        )
        criteria = Criterion.objects.active()
        form = ReviewForm(request.POST or None, criteria=criteria, review=review)
        status = HTTPStatus.OK
        if request.method == "POST":
            if form.is_valid():
                try:
                    saved = review_save(practice=practice, by=request.user, scores=form.scores())
                except ServiceError as error:
                    form.add_error(None, error.messages)
                else:
                    self.message_user(
                        request,
                        _("Your review of “{title}” is saved: {score} of 100.").format(
                            title=practice.title, score=saved.score
                        ),
                        messages.SUCCESS,
                    )
                    return redirect(change_url)
            status = HTTPStatus.BAD_REQUEST
        return self._score_page(request, practice, form, round_number, review, status)

    def _score_page(self, request, practice, form, round_number, review, status):
        """The scoring form, beside the other reviewers' scores of the same round."""
        others = (
            Review.objects.filter(practice=practice, round=round_number)
            .exclude(reviewer=request.user)
            .select_related("reviewer")
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Score “{title}”").format(title=practice.title),
            "practice": practice,
            "form": form,
            "round": round_number,
            "review": review,
            "others": others,
            "change_url": reverse("admin:practices_practice_change", args=[practice.pk]),
        }
        return TemplateResponse(
            request, "admin/practices/review/score.html", context, status=status
        )


class RecommendedFilter(QuerySetListFilter):
    title = _("recommended for replication")
    parameter_name = "recommended"
    options = {
        "yes": (_("Recommended"), lambda queryset: queryset.recommended()),
        "no": (
            _("Not recommended"),
            lambda queryset: queryset.exclude(
                Exists(Recommendation.objects.filter(practice=OuterRef("pk")))
            ),
        ),
    }


class PracticeReviewAdminMixin:
    """Score, review count and recommendation columns (sortable), a filter, a link to
    the scoring page and the recommend actions for PracticeAdmin."""

    def get_queryset(self, request):
        return super().get_queryset(request).with_review_score().with_recommendation()

    def get_list_display(self, request):
        return [
            *super().get_list_display(request),
            "review_score_column",
            "review_count_column",
            "recommended_column",
        ]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), RecommendedFilter]

    @admin.display(description=_("score (0-100)"), ordering="review_score")
    def review_score_column(self, obj):
        if obj.review_score is None:
            return "–"
        return f"{obj.review_score:.1f}"

    @admin.display(description=_("reviews"), ordering="review_count")
    def review_count_column(self, obj):
        if not obj.review_count:
            return 0
        url = reverse("admin:practices_review_changelist") + f"?practice__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, obj.review_count)

    @admin.display(description=_("recommended"), boolean=True, ordering="is_recommended")
    def recommended_column(self, obj):
        return obj.is_recommended

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.actions = [*(self.actions or []), "recommend_selected", "unrecommend_selected"]

    @admin.action(
        description=_("Recommend the selected practices for replication"), permissions=["review"]
    )
    def recommend_selected(self, request, queryset):
        threshold = recommendation_threshold()
        for practice in queryset:
            run_service(
                self,
                request,
                practice_recommend,
                _("“{title}” is recommended for replication (threshold {threshold}).").format(
                    title=practice.title, threshold=threshold
                ),
                practice=practice,
            )

    @admin.action(
        description=_("Withdraw the recommendation of the selected practices"),
        permissions=["review"],
    )
    def unrecommend_selected(self, request, queryset):
        for practice in queryset:
            practice_unrecommend(practice=practice, by=request.user)
        self.message_user(request, _("The recommendations were withdrawn."), messages.SUCCESS)

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        context["can_score"] = obj is not None and Review.can_score(request.user, obj)
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)
