"""Django strings that Django's own catalogues do not translate yet.

Django 6.1 labels the empty choice of every select "- Select an option -"
(``django.db.models.fields.BLANK_CHOICE_LABEL``), but its Indonesian catalogue has no
translation for it, so Indonesian forms showed English. Marking the string here puts it
in the project catalogue (``locale/``), which Django consults before its own.
"""

from django.utils.translation import gettext_noop

BLANK_CHOICE_LABEL = gettext_noop("- Select an option -")
