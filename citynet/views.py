from django.conf import settings
from django.db import DatabaseError, connection
from django.http import (
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from core.cache import PAGE_TIMEOUT, cached_parts, cached_value
from core.links import absolute_url
from events.models import Article, Event
from members.models import Member, OfficerTerm, Province
from practices.models import Practice

from .search import SearchForm, site_search


def root_redirect(request):
    """Send ``/`` to the home page in the visitor's language (Indonesian by default)."""
    language = translation.get_language_from_request(request, check_path=False)
    with translation.override(language):
        return HttpResponseRedirect(reverse("home"))


@never_cache
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok"})


@require_GET
def robots_txt(request):
    """Keep crawlers out of the admin and the account pages; point them at the sitemap."""
    lines = ["User-agent: *", "Disallow: /admin/"]
    for language, _name in settings.LANGUAGES:
        lines += [f"Disallow: /{language}/account/", f"Disallow: /{language}/accounts/"]
    lines.append(f"Sitemap: {absolute_url(reverse('sitemap'), request)}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico on pages without an icon link (the admin, feeds,
    files): send them to the site's icon instead of a 404."""
    response = HttpResponsePermanentRedirect(static("img/favicon.svg"))
    response["Cache-Control"] = "public, max-age=86400"
    return response


class HomeView(TemplateView):
    template_name = "citynet/home.html"
    # What the home page shows; its upcoming events change with the clock, so the parts
    # live no longer than a cached page.
    public_tags = ("events", "news", "practices", "officers", "members", "taxonomy", "provinces")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["parts"] = cached_parts(
            self.template_name,
            ("body",),
            key="home",
            tags=self.public_tags,
            context=self.public_context,
            timeout=PAGE_TIMEOUT,
        )
        return context

    @staticmethod
    def public_context() -> dict:
        events = Event.objects.published().select_related("host")
        upcoming = list(events.upcoming()[:3])
        return {
            "upcoming_events": upcoming,
            "recent_events": [] if upcoming else list(events.past()[:3]),
            "articles": Article.objects.published().latest_first()[:3],
            "practices": Practice.objects.published().for_cards().latest_first()[:3],
            "officers": OfficerTerm.objects.current().with_related(),
            "figures": {
                "members": Member.objects.active().count(),
                "provinces": Province.objects.count(),
                "events": events.count(),
                "practices": Practice.objects.published().count(),
            },
        }


def permission_denied(request, exception=None):
    # The portal raises PermissionDenied with a translated reason ("This practice cannot
    # be edited now."): show it, so a person knows why, not only that they may not.
    reason = str(exception) if exception is not None and exception.args else ""
    return render(request, "403.html", {"reason": reason}, status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors that touch the database: the error may be the database.
    return render(request, "500.html", status=500)


def csrf_failure(request, reason=""):
    """A form sent without a valid security token (expired page, cookies blocked or a
    forged request): the site's 403 page with an explanation, nothing saved."""
    return render(request, "403.html", {"csrf_failure": True}, status=403)


# What the site search shows (as the page cache of the search page in citynet/urls.py).
SEARCH_TAGS = ("events", "news", "practices", "officers", "members")


def search(request):
    """One search over practices, news, events and members, grouped by kind."""
    form = SearchForm(request.GET or None)
    groups, query = [], ""
    if form.is_bound and form.is_valid():
        query = form.cleaned_data["q"]
        if query:
            # The results are the same for everyone until content changes (or, for an
            # article scheduled to appear, the page cache's ten minutes pass).
            groups = cached_value(
                f"search:{' '.join(query.split())}",
                SEARCH_TAGS,
                lambda: site_search(query),
                timeout=PAGE_TIMEOUT,
            )
    return render(
        request,
        "citynet/search.html",
        {
            "form": form,
            "query": query,
            "groups": groups,
            "total": sum(group.count for group in groups),
            "capped": any(group.capped for group in groups),
        },
    )
