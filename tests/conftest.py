import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database holds the official 38 provinces and 514 members."""
    with django_db_blocker.unblock():
        call_command("load_regions", verbosity=0)


@pytest.fixture(autouse=True)
def _regions_present(request):
    """Transactional tests (the browser tests' live server) flush the database when
    they end; put the regions back for whatever test runs next."""
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    transactional = bool(
        {"transactional_db", "live_server"} & names
        or (marker and (marker.kwargs.get("transaction") or marker.args[:1] == (True,)))
    )
    if not transactional and marker is None and "db" not in names:
        return
    request.getfixturevalue("transactional_db" if transactional else "db")
    from members.models import Province

    if not Province.objects.exists():
        call_command("load_regions", verbosity=0)
        _restore_migrated_data()


def _restore_migrated_data():
    """A flush also empties what data migrations put in: the Sekretariat group, its
    permissions and the seeded taxonomies (migrations named ``*secretariat*`` or
    ``*seed*``, and any that calls ``grant_to_secretariat``). Run them again on the
    current schema."""
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations import RunPython

    loader = MigrationLoader(connection)
    apps = loader.project_state().apps
    for (_app, name), migration in sorted(loader.graph.nodes.items()):
        for operation in migration.operations:
            if isinstance(operation, RunPython) and (
                "secretariat" in name
                or "seed" in name
                or "grant_to_secretariat" in operation.code.__code__.co_names
            ):
                operation.code(apps, None)


@pytest.fixture(autouse=True)
def _media_and_cache(settings, tmp_path):
    from django.core.cache import cache

    from core.cache import _process_fragments, _process_values

    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    _process_values.clear()
    _process_fragments.clear()
    yield
    cache.clear()
    _process_values.clear()
    _process_fragments.clear()


@pytest.fixture(autouse=True)
def _default_language(settings):
    """Each test starts in the default language: a test that activates English must not
    change the URLs and pages of the next one in the same worker."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _queued_mail(settings):
    """Mail goes through the task queue as in production (Django's test set-up makes
    every mailer locmem); the delivery mailer fills the locmem outbox."""
    settings.MAILERS = {
        "default": {"BACKEND": "core.mail_backends.QueuedEmailBackend"},
        "delivery": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
    }


@pytest.fixture
def kupang(db):
    from members.models import Member

    return Member.objects.select_related("province").get(code="53.71")


@pytest.fixture
def sidoarjo(db):
    from members.models import Member

    return Member.objects.select_related("province").get(code="35.15")


@pytest.fixture
def user(db):
    from tests.factories import UserFactory

    return UserFactory()


@pytest.fixture
def secretariat_user(db):
    from tests.factories import SecretariatUserFactory

    return SecretariatUserFactory()
