"""A member profile as schema.org JSON-LD (escaped by ``core.structured_data.json_ld``)."""

from core.links import absolute_url
from core.structured_data import organization
from core.text import one_line


def member_data(member) -> dict:
    """A kota or kabupaten as a GovernmentOrganization in its province."""
    address = {
        "@type": "PostalAddress",
        "addressRegion": member.province.name,
        "addressCountry": "ID",
    }
    if member.seat:
        address["addressLocality"] = one_line(member.seat)
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization",
        "name": member.name,
        "alternateName": member.short_name,
        "url": absolute_url(member.get_absolute_url()),
        "identifier": member.code,
        "address": address,
        "areaServed": {"@type": "AdministrativeArea", "name": member.name},
    }
    description = one_line(member.short_description)[:300]
    if description:
        data["description"] = description
    if member.website:
        data["sameAs"] = [member.website]
    if member.logo:
        data["logo"] = absolute_url(member.logo.url)
    if member.is_active_member:
        data["memberOf"] = organization()
    if member.latitude is not None and member.longitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(member.latitude),
            "longitude": float(member.longitude),
        }
    return data
