from core.links import site_url


def site(request):
    return {"SITE_URL": site_url(request)}
