"""What a practice page shares: its Open Graph image and its schema.org JSON-LD."""

from core.links import absolute_url
from core.structured_data import organization
from core.text import one_line

# Link previews want a large image (about 1200 px wide): the largest cover rendition.
SHARE_MAX_WIDTH = 1600


def share_image(practice) -> dict | None:
    """The cover rendition to share, with an absolute URL and its size; None without one."""
    if not practice.cover:
        return None
    candidates = [item for item in practice.renditions if item["width"] <= SHARE_MAX_WIDTH]
    if candidates:
        item = max(candidates, key=lambda item: item["width"])
        url, width, height = practice.cover.storage.url(item["name"]), item["width"], item["height"]
    else:
        url, width, height = practice.cover.url, practice.width, practice.height
    return {"url": absolute_url(url), "width": width, "height": height}


def practice_data(practice, *, image: dict | None = None, modified=None) -> dict:
    """A published practice as a schema.org Article written by its member city."""
    member = practice.member
    url = absolute_url(practice.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": one_line(practice.title)[:110],
        "name": one_line(practice.title),
        "description": one_line(practice.summary_text),
        "inLanguage": practice.language,
        "url": url,
        "mainEntityOfPage": url,
        "author": {
            "@type": "GovernmentOrganization",
            "name": member.name,
            "url": absolute_url(member.get_absolute_url()),
        },
        "publisher": organization(),
        "keywords": [one_line(theme.name) for theme in practice.themes.all()],
    }
    if practice.published_at:
        data["datePublished"] = practice.published_at.isoformat()
        data["dateModified"] = (modified or practice.published_at).isoformat()
    if image:
        data["image"] = [image["url"]]
    return data
