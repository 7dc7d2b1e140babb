from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from core import health
from core.cache import NUMBER, TEXT, cache_for_anonymous, cache_for_everyone
from practices.media_views import practice_file
from users.forms import RateLimitedAdminAuthenticationForm

from . import views
from .sitemaps import SITEMAPS

admin.site.site_header = "Citynet Indonesia"
admin.site.site_title = "Citynet Indonesia"
admin.site.login_form = RateLimitedAdminAuthenticationForm

EVERYTHING = ("events", "news", "practices", "officers", "members")
# The sitemaps go through the page cache like every page: invalidated when content changes,
# rendered from the primary (never a lagging replica), the same for everyone.
SITEMAP_TIMEOUT = 60 * 60

handler403 = "citynet.views.permission_denied"
handler404 = "citynet.views.page_not_found"
handler500 = "citynet.views.server_error"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
    path(
        "sitemap.xml",
        cache_for_everyone(sitemap_views.index, tags=EVERYTHING, timeout=SITEMAP_TIMEOUT),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cache_for_everyone(
            sitemap_views.sitemap, tags=EVERYTHING, params={"p": NUMBER}, timeout=SITEMAP_TIMEOUT
        ),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    # Files of practices pass the permission check (a draft's are not public), also where
    # nginx serves the rest of /media/ directly; see practices/media_views.py.
    path(
        f"{settings.MEDIA_URL.strip('/')}/practices/<path:name>",
        practice_file,
        name="practice-file",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
    path("", views.root_redirect, name="root"),
]

urlpatterns += i18n_patterns(
    path("", cache_for_anonymous(views.HomeView.as_view(), tags=EVERYTHING), name="home"),
    path(
        "search/",
        cache_for_anonymous(views.search, tags=EVERYTHING, params={"q": TEXT}),
        name="search",
    ),
    path("", include("members.urls")),
    path("events/", include("events.urls")),
    path("news/", include("events.urls_news")),
    path("certificates/", include("events.urls_certificates")),
    path("practices/", include("practices.urls")),
    path("network/", include("network.urls")),
    path("account/", include("users.urls")),
    path("data/", include("opendata.urls")),
    path("", include("follows.urls")),
    path("accounts/", include("allauth.urls")),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
