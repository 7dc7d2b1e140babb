"""Sign-in limits count the real client (behind TRUSTED_PROXY_COUNT proxies) and the
account without the Host header, and hold for the admin's sign-in too."""

import json
import logging
from http import HTTPStatus

import pytest
from allauth.account.models import EmailAddress
from django.test import RequestFactory

from core.logging import JSONFormatter
from core.proxy import client_ip
from tests.factories import TEST_PASSWORD, SecretariatUserFactory, UserFactory
from tests.paths import in_indonesian

pytestmark = pytest.mark.django_db

LOGIN_URL = in_indonesian("account_login")
WRONG = "not-the-password-1"


@pytest.fixture
def behind_nginx(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def verified_user(**kwargs):
    user = UserFactory(**kwargs)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "203.0.113.5", "127.0.0.1"),
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "6.6.6.6, 203.0.113.5", "203.0.113.5"),
        (2, "6.6.6.6, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
        (2, "203.0.113.5", "127.0.0.1"),
        (1, "not-an-address", "127.0.0.1"),
        (1, "", "127.0.0.1"),
    ],
)
def test_client_ip(settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_logs_carry_the_client_address(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5")
    record = logging.LogRecord("django.request", logging.WARNING, "", 0, "Not Found", (), None)
    record.request = request
    assert json.loads(JSONFormatter().format(record))["client_ip"] == "203.0.113.5"


def test_one_clients_failures_do_not_lock_out_another(client, behind_nginx):
    user = verified_user()
    attacker = {"HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    for n in range(10):
        data = {"login": f"nobody{n}@example.go.id", "password": WRONG}
        assert client.post(LOGIN_URL, data, **attacker).status_code == HTTPStatus.OK
    refused = client.post(LOGIN_URL, {"login": user.email, "password": TEST_PASSWORD}, **attacker)
    assert "Terlalu banyak percobaan masuk yang gagal" in refused.content.decode()
    # A client sending a forged left part of the header is still counted as itself.
    forged = {"HTTP_X_FORWARDED_FOR": "198.51.100.9, 203.0.113.5"}
    refused = client.post(LOGIN_URL, {"login": user.email, "password": TEST_PASSWORD}, **forged)
    assert "Terlalu banyak percobaan masuk yang gagal" in refused.content.decode()

    # Someone else behind the same nginx (same REMOTE_ADDR) signs in.
    response = client.post(
        LOGIN_URL,
        {"login": user.email, "password": TEST_PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert response.status_code == HTTPStatus.FOUND
    assert client.session["_auth_user_id"] == str(user.pk)


def test_account_limit_does_not_depend_on_the_host_name(client):
    user = verified_user()
    for host in ["testserver", "localhost", "127.0.0.1", "testserver", "localhost"]:
        client.post(LOGIN_URL, {"login": user.email, "password": WRONG}, HTTP_HOST=host)
    response = client.post(
        LOGIN_URL, {"login": user.email, "password": TEST_PASSWORD}, HTTP_HOST="127.0.0.1"
    )
    assert "Terlalu banyak percobaan masuk yang gagal" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_admin_sign_in_is_rate_limited(client):
    staff = SecretariatUserFactory()
    for _attempt in range(5):
        response = client.post("/admin/login/", {"username": staff.email, "password": WRONG})
        assert response.status_code == HTTPStatus.OK
        assert "Terlalu banyak" not in response.content.decode()
    response = client.post("/admin/login/", {"username": staff.email, "password": TEST_PASSWORD})
    assert response.status_code == HTTPStatus.OK
    assert "Terlalu banyak percobaan masuk yang gagal" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_admin_and_site_sign_in_share_the_account_limit(client):
    staff = SecretariatUserFactory()
    EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)
    for _attempt in range(3):
        client.post(LOGIN_URL, {"login": staff.email, "password": WRONG})
    for _attempt in range(2):
        client.post("/admin/login/", {"username": staff.email.upper(), "password": WRONG})
    response = client.post("/admin/login/", {"username": staff.email, "password": TEST_PASSWORD})
    assert "Terlalu banyak percobaan masuk yang gagal" in response.content.decode()


def test_admin_sign_in_works_and_gives_its_attempt_back(client):
    staff = SecretariatUserFactory()
    for _attempt in range(4):
        client.post("/admin/login/", {"username": staff.email, "password": WRONG})
    response = client.post("/admin/login/", {"username": staff.email, "password": TEST_PASSWORD})
    assert response.status_code == HTTPStatus.FOUND
    client.logout()
    # The successful sign-in did not use up the last allowance.
    client.post("/admin/login/", {"username": staff.email, "password": WRONG})
    response = client.post("/admin/login/", {"username": staff.email, "password": TEST_PASSWORD})
    assert "Terlalu banyak" in response.content.decode()
