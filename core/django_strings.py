"""Django strings that Django's own Indonesian catalogues miss or translate badly.

Marking a string here puts it in the project catalogue (``locale/``), which Django
consults before its own:

- Django 6.1 labels the empty choice of every select "- Select an option -"
  (``django.db.models.fields.BLANK_CHOICE_LABEL``), untranslated in Indonesian.
- The admin's date filter ("Filter by published at") is untranslated.
- The admin's action button "Run" reads "Berjalan" ("walking"); it should say "Jalankan".
- The password rules under the sign-up form say "Sandi anda ..." (informal, lower-case
  "anda", clumsy), next to the portal's formal "Kata sandi Anda".
"""

from django.utils.translation import gettext_noop

BLANK_CHOICE_LABEL = gettext_noop("- Select an option -")
ADMIN_DATE_HIERARCHY_LABEL = gettext_noop("Filter by %(field_name)s")
ADMIN_RUN_ACTION = gettext_noop("Run")
PASSWORD_SIMILAR_HELP = gettext_noop(
    "Your password can’t be too similar to your other personal information."
)
PASSWORD_COMMON_HELP = gettext_noop("Your password can’t be a commonly used password.")
PASSWORD_NUMERIC_HELP = gettext_noop("Your password can’t be entirely numeric.")
