"""The bases of the portal's Atom feeds: of lists (news, practices) and of followed things."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .links import absolute_url
from .text import one_line


class AtomFeed(Feed):
    """Atom, with absolute links from ``core.links`` (the sites framework's domain is not
    maintained)."""

    feed_type = Atom1Feed

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())


class ListFeed(AtomFeed):
    """The feed of an HTML list: one-line titles, and each item's ``feed_description``
    prepared by ``items()``."""

    list_url_name = ""  # the HTML list the feed follows
    feed_url_name = ""  # the feed's own address, when it names itself

    def link(self):
        return absolute_url(reverse(self.list_url_name))

    def feed_url(self):
        return absolute_url(reverse(self.feed_url_name)) if self.feed_url_name else None

    def item_title(self, item):
        return one_line(item.title)

    def item_description(self, item):
        return item.feed_description
