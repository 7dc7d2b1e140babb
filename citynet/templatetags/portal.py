from django import template
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def translated_path(context, language_code):
    """The current page's path in another language (``/id/members/`` -> ``/en/members/``)."""
    request = context.get("request")
    if request is None:
        return f"/{language_code}/"
    return translate_url(request.get_full_path(), language_code)


@register.filter
def startswith(value, prefix):
    return bool(prefix) and str(value).startswith(str(prefix))


@register.filter
def markdown(value):
    """Render Markdown to cleaned HTML: ``{{ practice.problem|markdown }}``."""
    from citynet.markdown import render_markdown

    return render_markdown(value or "")
