"""An Atom feed for every followable thing: the published practices of a theme, an SDG
or a province, and for a member region its practices and the events it hosts."""

from django.http import Http404
from django.utils.translation import gettext as _

from core.feeds import AtomFeed
from core.links import absolute_url
from core.markdown import plain_text
from events.models import Event
from practices.models import Practice

from .targets import Target, resolve

FEED_SIZE = 30


class FollowFeed(AtomFeed):
    kind = ""

    def get_object(self, request, **kwargs) -> Target:
        key = str(next(iter(kwargs.values())))
        target = resolve(self.kind, key)
        if target is None:
            raise Http404
        return target

    def title(self, obj):
        return _("Citynet Indonesia: {name}").format(name=obj.name)

    def subtitle(self, obj):
        return _("Best practices published for {name}.").format(name=obj.name)

    def link(self, obj):
        return absolute_url(obj.page_url)

    def feed_url(self, obj):
        return absolute_url(obj.feed_url)

    def practices(self, obj):
        practices = Practice.objects.published()
        if obj.kind == "theme":
            practices = practices.filter(themes__slug=obj.key)
        elif obj.kind == "sdg":
            practices = practices.filter(sdgs__number=int(obj.key))
        elif obj.kind == "province":
            practices = practices.filter(member__province__code=obj.key)
        elif obj.kind == "member":
            practices = practices.filter(member__slug=obj.key)
        return list(
            practices.select_related("member")
            .prefetch_related("themes")
            .order_by("-published_at", "-pk")[:FEED_SIZE]
        )

    def items(self, obj):
        return self.practices(obj)

    def item_title(self, item):
        # An event has its English title on /en/ when it was given one.
        return item.display_title() if isinstance(item, Event) else item.title

    def item_description(self, item):
        summary = item.display_summary() if isinstance(item, Event) else item.summary
        return plain_text(summary)

    def item_guid(self, item):
        return absolute_url(f"/{item._meta.model_name}/{item.pk}")

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at if isinstance(item, Practice) else item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.member.name if isinstance(item, Practice) else item.host.name

    def item_categories(self, item):
        if isinstance(item, Practice):
            return [theme.name for theme in item.themes.all()]
        return [item.get_kind_display()]


class ThemeFeed(FollowFeed):
    kind = "theme"


class SDGFeed(FollowFeed):
    kind = "sdg"


class ProvinceFeed(FollowFeed):
    kind = "province"


class MemberFeed(FollowFeed):
    kind = "member"

    def subtitle(self, obj):
        return _("Best practices and events of {name}.").format(name=obj.name)

    def items(self, obj):
        events = list(
            Event.objects.published()
            .filter(host__slug=obj.key)
            .select_related("host")
            .order_by("-created_at")[:FEED_SIZE]
        )
        combined = self.practices(obj) + events
        combined.sort(key=self.item_pubdate, reverse=True)
        return combined[:FEED_SIZE]
