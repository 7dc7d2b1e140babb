import re
from http import HTTPStatus

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from members.models import Affiliation
from tests.factories import SecretariatUserFactory, UserFactory
from tests.paths import in_english, in_indonesian, reverse_in
from users.models import User

pytestmark = pytest.mark.django_db

SIGNUP_URL = in_indonesian("account_signup")


def signup_data(**extra):
    data = {
        "full_name": "Maria Bria Seran",
        "email": "maria@kupangkota.go.id",
        "password1": "Garuda-Ruang-Rapat-77",
        "password2": "Garuda-Ruang-Rapat-77",
        "member": "Kota Kupang",
        "job_title": "Kepala Bidang Aplikasi Informatika",
    }
    data.update(extra)
    return data


def confirmation_link(message):
    return re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)


def test_signup_page_in_portal_layout_and_indonesian(client):
    response = client.get(SIGNUP_URL)
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert '<html lang="id">' in html
    assert "site-header" in html
    assert "Nama lengkap" in html
    assert "Daerah anggota" in html
    assert "Jabatan" in html
    assert "Kata sandi" in html
    assert 'list="id_member-options"' in html
    assert html.count("<option value=") >= 514
    assert '<option value="Kota Kupang">' in html


def test_signup_page_in_english(client):
    html = client.get(in_english("account_signup")).content.decode()
    assert '<html lang="en">' in html
    assert "Full name" in html
    assert "Member city or regency" in html
    assert "Sign Up" in html


def test_signup_creates_user_pending_affiliation_and_emails(
    client, kupang, django_capture_on_commit_callbacks
):
    SecretariatUserFactory(email="staf.sekretariat@citynet.id")
    SecretariatUserFactory(email="nonaktif@citynet.id", is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SIGNUP_URL, signup_data(email="Maria@KupangKota.go.id"))
    assert response.status_code == HTTPStatus.FOUND
    user = User.objects.get(email="maria@kupangkota.go.id")
    assert user.full_name == "Maria Bria Seran"
    assert user.language == "id"
    affiliation = user.affiliations.get()
    assert affiliation.member == kupang
    assert affiliation.status == Affiliation.Status.PENDING
    assert affiliation.job_title == "Kepala Bidang Aplikasi Informatika"
    assert not EmailAddress.objects.get(user=user).verified

    # Only the confirmation email: the secretariat hears of the request once the
    # address is confirmed.
    assert [message.to for message in mail.outbox] == [["maria@kupangkota.go.id"]]
    path = confirmation_link(mail.outbox[0]).replace("http://testserver", "")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path)
    # Confirming in the browser that signed up signs in and lands on the account page.
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == reverse("users:account")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert "Menunggu" in client.get(response.url).content.decode()

    by_recipient = {tuple(message.to): message for message in mail.outbox}
    secretariat = by_recipient[("sekretariat@citynet.id", "staf.sekretariat@citynet.id")]
    assert "Maria Bria Seran" in secretariat.subject
    assert "Kota Kupang" in secretariat.body
    assert f"/admin/members/affiliation/{affiliation.pk}/change/" in secretariat.body
    assert "Kepala Bidang Aplikasi Informatika" in secretariat.body


def test_signup_in_english_remembers_language(client, kupang):
    client.post(in_english("account_signup"), signup_data())
    user = User.objects.get(email="maria@kupangkota.go.id")
    assert user.language == "en"
    confirmation = next(m for m in mail.outbox if m.to == ["maria@kupangkota.go.id"])
    # The confirmation link: confirm-email/<key>/ in English.
    assert in_english("account_email_verification_sent") in confirmation.body


@pytest.mark.parametrize(
    "typed", ["kota kupang", "KOTA KUPANG", " Kota  Kupang ", "53.71", "kota-kupang"]
)
def test_member_field_accepts_name_code_or_slug(client, kupang, typed):
    response = client.post(SIGNUP_URL, signup_data(member=typed))
    assert response.status_code == HTTPStatus.FOUND
    assert Affiliation.objects.get().member == kupang


@pytest.mark.parametrize("typed", ["Kota Atlantis", "Atlantis", "99.99", ""])
def test_unknown_member_is_a_form_error_and_nothing_saved(client, typed):
    response = client.post(SIGNUP_URL, signup_data(member=typed))
    assert response.status_code == HTTPStatus.OK
    assert "member" in response.context["form"].errors
    if typed:
        assert f"Daerah “{typed}” tidak ditemukan; pilih dari daftar." in response.content.decode()
    assert not User.objects.exists()
    assert not Affiliation.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize("typed", ["sidoarjo", "Sidoarjo", " banjarbaru "])
def test_member_name_without_kota_or_kabupaten_is_accepted_when_unique(client, typed):
    response = client.post(SIGNUP_URL, signup_data(member=typed))
    assert response.status_code == HTTPStatus.FOUND
    assert Affiliation.objects.get().member.name.lower().endswith(typed.strip().lower())


def test_member_name_shared_by_a_kota_and_a_kabupaten_names_both(client):
    response = client.post(SIGNUP_URL, signup_data(member="kupang"))
    assert response.status_code == HTTPStatus.OK
    assert (
        "“kupang” dapat berarti Kabupaten Kupang, Kota Kupang; pilih salah satu dari daftar."
        in response.content.decode()
    )
    assert not User.objects.exists()


@pytest.mark.parametrize("email", ["ana@x.go.id", "Ana@X.go.id", "ANA@X.GO.ID"])
def test_duplicate_email_in_any_case_is_a_form_error(client, email):
    UserFactory(email="ana@x.go.id")
    response = client.post(SIGNUP_URL, signup_data(email=email))
    assert response.status_code == HTTPStatus.OK
    assert "email" in response.context["form"].errors
    assert User.objects.filter(email__iexact="ana@x.go.id").count() == 1
    assert not Affiliation.objects.exists()


def test_duplicate_of_an_unverified_allauth_address_is_refused(client):
    client.post(SIGNUP_URL, signup_data())
    client.logout()
    response = client.post(SIGNUP_URL, signup_data(email="MARIA@kupangkota.go.id"))
    assert response.status_code == HTTPStatus.OK
    assert "email" in response.context["form"].errors
    assert User.objects.count() == 1


def test_missing_fields_are_form_errors(client):
    response = client.post(SIGNUP_URL, signup_data(full_name=" ", job_title=""))
    assert response.status_code == HTTPStatus.OK
    errors = response.context["form"].errors
    assert "full_name" in errors
    assert "job_title" in errors
    assert not User.objects.exists()


def test_cannot_sign_in_before_confirming(client, kupang):
    client.post(SIGNUP_URL, signup_data())
    client.logout()
    response = client.post(
        reverse("account_login"),
        {"login": "maria@kupangkota.go.id", "password": "Garuda-Ruang-Rapat-77"},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert "/accounts/confirm-email/" in response.url
    assert client.get(reverse("users:account")).status_code == HTTPStatus.FOUND


def test_confirmation_link_verifies_then_sign_in_works(client, kupang):
    client.post(SIGNUP_URL, signup_data())
    client.logout()
    link = confirmation_link(next(m for m in mail.outbox if m.to == ["maria@kupangkota.go.id"]))
    path = link.replace("http://testserver", "")
    page = client.get(path)
    assert page.status_code == HTTPStatus.OK
    assert "Konfirmasi" in page.content.decode()
    response = client.post(path)
    assert response.status_code == HTTPStatus.FOUND
    assert EmailAddress.objects.get(email="maria@kupangkota.go.id").verified

    assert response.url == reverse("account_login")
    assert "_auth_user_id" not in client.session

    # A second use of the same link: a clear page, then a 404 for the POST.
    again = client.get(path)
    assert again.status_code == HTTPStatus.OK
    assert "sudah kedaluwarsa atau tidak valid" in again.content.decode()
    assert client.post(path).status_code == HTTPStatus.NOT_FOUND

    client.logout()
    response = client.post(
        reverse("account_login"),
        {"login": "MARIA@kupangkota.go.id", "password": "Garuda-Ruang-Rapat-77"},
    )
    assert response.status_code == HTTPStatus.FOUND
    account = client.get(reverse("users:account"))
    assert account.status_code == HTTPStatus.OK
    assert "Menunggu" in account.content.decode()


def test_invalid_or_expired_confirmation_link(client):
    response = client.get(reverse("account_confirm_email", kwargs={"key": "not-a-real-key"}))
    assert response.status_code == HTTPStatus.OK
    assert "sudah kedaluwarsa atau tidak valid" in response.content.decode()
    response = client.post(reverse("account_confirm_email", kwargs={"key": "not-a-real-key"}))
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_expired_confirmation_link_does_not_verify(client, settings, kupang):
    client.post(SIGNUP_URL, signup_data())
    client.logout()
    message = next(m for m in mail.outbox if m.to == ["maria@kupangkota.go.id"])
    path = confirmation_link(message).replace("http://testserver", "")
    settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 0
    page = client.get(path)
    assert "sudah kedaluwarsa atau tidak valid" in page.content.decode()
    assert client.post(path).status_code == HTTPStatus.NOT_FOUND
    assert not EmailAddress.objects.get(email="maria@kupangkota.go.id").verified


def test_failed_logins_are_rate_limited(client, user):
    for _attempt in range(5):
        response = client.post(
            reverse("account_login"), {"login": user.email, "password": "wrong-password"}
        )
        assert response.status_code == HTTPStatus.OK
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "wrong-password"}
    )
    assert response.status_code == HTTPStatus.OK
    assert "Terlalu banyak percobaan masuk yang gagal" in response.content.decode()
    # Even the right password is refused while the limit holds.
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "a-Strong-test-passw0rd"}
    )
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("language", "name", "text"),
    [
        ("id", "account_login", "Masuk"),
        ("id", "account_reset_password", "Reset Kata Sandi"),
        ("en", "account_login", "Sign In"),
        ("en", "account_reset_password", "Password Reset"),
    ],
)
def test_allauth_pages_in_both_languages(client, language, name, text):
    response = client.get(reverse_in(language, name))
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert text in html
    assert "site-header" in html
    assert 'name="robots" content="noindex"' in html


def test_password_reset_sends_email(client, user):
    response = client.post(reverse("account_reset_password"), {"email": user.email.upper()})
    assert response.status_code == HTTPStatus.FOUND
    assert mail.outbox[-1].to == [user.email]
    assert reverse("account_reset_password") + "key/" in mail.outbox[-1].body


def test_email_and_password_change_need_sign_in(client, user):
    paths = [reverse("account_email"), reverse("account_change_password")]
    for path in paths:
        response = client.get(path)
        assert response.status_code == HTTPStatus.FOUND
        assert reverse("account_login") in response.url
    client.force_login(user)
    for path in paths:
        response = client.get(path)
        assert response.status_code == HTTPStatus.OK
        assert "site-header" in response.content.decode()


def test_password_change(client, user):
    client.force_login(user)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": "a-Strong-test-passw0rd",
            "password1": "Another-passw0rd-2026",
            "password2": "Another-passw0rd-2026",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    user.refresh_from_db()
    assert user.check_password("Another-passw0rd-2026")


def test_logout_is_a_post(client, user):
    client.force_login(user)
    assert client.get(reverse("account_logout")).status_code == HTTPStatus.OK
    assert "_auth_user_id" in client.session
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_change_email_to_a_taken_address_is_refused(client, user):
    other = UserFactory(email="ana@x.go.id")
    EmailAddress.objects.create(user=other, email=other.email, verified=True, primary=True)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.force_login(user)
    response = client.post(reverse("account_email"), {"action_add": "", "email": "ANA@x.go.id"})
    assert response.status_code == HTTPStatus.OK
    assert "email" in response.context["form"].errors
    assert not EmailAddress.objects.filter(user=user, email__iexact="ana@x.go.id").exists()
    user.refresh_from_db()
    assert user.email != "ana@x.go.id"


def test_change_email_after_confirmation(client, user):
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.force_login(user)
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "Baru@Kupang.go.id"}
    )
    assert response.status_code == HTTPStatus.FOUND
    message = mail.outbox[-1]
    assert message.to == ["baru@kupang.go.id"]
    path = confirmation_link(message).replace("http://testserver", "")
    client.post(path)
    user.refresh_from_db()
    assert user.email == "baru@kupang.go.id"


def test_confirmation_email_is_in_indonesian_and_names_the_portal(client, kupang):
    client.post(SIGNUP_URL, signup_data())
    message = next(m for m in mail.outbox if m.to == ["maria@kupangkota.go.id"])
    assert message.subject == "[Citynet Indonesia] Mohon Konfirmasi Alamat E-mail Anda"
    assert "Citynet Indonesia" in message.body
    assert "example.com" not in message.body


def test_password_reset_from_the_emailed_link(client, user):
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.post(reverse("account_reset_password"), {"email": user.email})
    link = re.search(
        r"http://testserver(/id/accounts/password/reset/key/\S+/)", mail.outbox[-1].body
    )
    response = client.get(link.group(1), follow=True)
    form_path = response.redirect_chain[-1][0]
    response = client.post(
        form_path, {"password1": "Baru-Sekali-2026!", "password2": "Baru-Sekali-2026!"}
    )
    assert response.status_code == HTTPStatus.FOUND
    user.refresh_from_db()
    assert user.check_password("Baru-Sekali-2026!")
    # The link works once only.
    again = client.get(link.group(1), follow=True)
    assert "tidak valid" in again.content.decode().lower()


def test_password_reset_for_an_unknown_address_is_a_clear_error(client):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.go.id"})
    assert response.status_code == HTTPStatus.OK
    assert "email" in response.context["form"].errors
    assert mail.outbox == []


def test_confirming_a_second_address_does_not_announce_again(
    client, kupang, django_capture_on_commit_callbacks
):
    from users.adapters import AccountAdapter

    client.post(SIGNUP_URL, signup_data())
    user = User.objects.get(email="maria@kupangkota.go.id")
    address = EmailAddress.objects.get(user=user)
    adapter = AccountAdapter()
    request = client.get(reverse("home")).wsgi_request
    with django_capture_on_commit_callbacks(execute=True):
        adapter.confirm_email(request, address)
    first = len(mail.outbox)
    assert any("sekretariat@citynet.id" in m.to for m in mail.outbox)
    second = EmailAddress.objects.create(user=user, email="maria.lain@kupangkota.go.id")
    with django_capture_on_commit_callbacks(execute=True):
        adapter.confirm_email(request, second)
    assert not any("sekretariat@citynet.id" in m.to for m in mail.outbox[first:])
