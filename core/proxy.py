"""The real client address behind the portal's own reverse proxies.

``TRUSTED_PROXY_COUNT`` says how many proxies of ours stand in front of the app
(nginx alone: 1; a load balancer and nginx: 2). Each appends the address it saw to
``X-Forwarded-For``, so the client is the entry that many places from the right;
anything further left was sent by the client and is not trusted. With 0 (the default,
for an app reached directly) the header is ignored.
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count <= 0 or not forwarded:
        return remote
    hops = [hop.strip() for hop in forwarded.split(",")]
    if len(hops) < count:
        # Fewer hops than proxies: the request did not come through all of them.
        return remote
    candidate = hops[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
