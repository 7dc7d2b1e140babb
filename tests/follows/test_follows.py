from http import HTTPStatus

import pytest
from django.core import mail
from django.urls import reverse

from follows.models import DigestOptOut, Follow
from tests.factories import EventFactory, PublishedPracticeFactory, UserFactory

pytestmark = pytest.mark.django_db


def follow(client, kind, key, next_url="/id/account/", remove=False):
    url = "/id/follows/unfollow/" if remove else "/id/follows/follow/"
    return client.post(url, {"kind": kind, "key": key, "next": next_url}, follow=True)


def test_follow_from_the_list_see_it_on_the_account_page_and_unfollow(client, user):
    client.force_login(user)
    page = client.get(reverse("practices:list") + "?theme=waste-circular-economy").content.decode()
    assert 'action="/id/follows/follow/"' in page
    assert 'value="waste-circular-economy"' in page
    response = follow(
        client, "theme", "waste-circular-economy", "/id/practices/?theme=waste-circular-economy"
    )
    assert response.redirect_chain[-1][0] == "/id/practices/?theme=waste-circular-economy"
    assert "Anda sekarang mengikuti Sampah dan Ekonomi Sirkular" in response.content.decode()
    assert Follow.objects.filter(user=user, kind="theme", key="waste-circular-economy").exists()
    account = client.get(reverse("users:account")).content.decode()
    assert "Sampah dan Ekonomi Sirkular" in account
    assert "/id/practices/feed/theme/waste-circular-economy/" in account
    # Following twice keeps one row.
    follow(client, "theme", "waste-circular-economy")
    assert Follow.objects.filter(user=user).count() == 1
    follow(client, "theme", "waste-circular-economy", remove=True)
    assert not Follow.objects.filter(user=user).exists()
    assert (
        "Sampah dan Ekonomi Sirkular" not in client.get(reverse("users:account")).content.decode()
    )


def test_follow_members_provinces_sdgs_and_event_hosts(client, user, kupang):
    client.force_login(user)
    event = EventFactory(host=kupang)
    page = client.get(event.get_absolute_url()).content.decode()
    assert 'value="kota-kupang"' in page
    assert 'href="/id/members/kota-kupang/feed/"' in page
    for kind, key in [("member", "kota-kupang"), ("province", "53"), ("sdg", "11")]:
        follow(client, kind, key)
    assert set(Follow.objects.filter(user=user).values_list("kind", "key")) == {
        ("member", "kota-kupang"),
        ("province", "53"),
        ("sdg", "11"),
    }
    member_page = client.get(
        reverse("members:detail", kwargs={"slug": "kota-kupang"})
    ).content.decode()
    assert 'action="/id/follows/unfollow/"' in member_page
    province_page = client.get(reverse("members:list") + "?province=53").content.decode()
    assert 'action="/id/follows/unfollow/"' in province_page
    assert 'href="/id/practices/feed/province/53/"' in province_page


@pytest.mark.parametrize(
    "kind,key",
    [
        ("theme", "no-such-theme"),
        ("sdg", "18"),
        ("sdg", "abc"),
        ("province", "99"),
        ("member", "kota-atlantis"),
        ("planet", "mars"),
        ("theme", ""),
        ("member", "x" * 500),
    ],
)
def test_following_what_does_not_exist_is_a_clear_message(client, user, kind, key):
    client.force_login(user)
    response = follow(client, kind, key)
    assert response.status_code == HTTPStatus.OK
    assert "Tidak ada yang dapat diikuti" in response.content.decode()
    assert not Follow.objects.exists()


def test_visitors_are_sent_to_sign_in_and_unsafe_next_is_ignored(client, user):
    response = client.post(
        reverse("follows:follow"), {"kind": "sdg", "key": "11", "next": "/id/practices/?sdg=11"}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith("/id/accounts/login/?next=/id/practices/")
    assert not Follow.objects.exists()
    page = client.get(reverse("practices:list") + "?sdg=11").content.decode()
    assert "/id/accounts/login/?next=" in page and "/id/follows/follow/" not in page
    client.force_login(user)
    response = client.post(
        reverse("follows:follow"), {"kind": "sdg", "key": "11", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/id/account/"
    assert client.get(reverse("follows:follow")).status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_digest_setting_on_the_account_page(client, user):
    client.force_login(user)
    client.post(reverse("follows:digest"), {"digest": "off"})
    assert DigestOptOut.objects.filter(user=user).exists()
    assert "Terima ringkasan mingguan" in client.get(reverse("users:account")).content.decode()
    client.post(reverse("follows:digest"), {"digest": "on"})
    assert not DigestOptOut.objects.filter(user=user).exists()


def test_feeds_per_followable_thing(client, kupang, sidoarjo):
    waste = PublishedPracticeFactory(member=kupang, themes=["waste-circular-economy"], sdgs=[12])
    other = PublishedPracticeFactory(member=sidoarjo, themes=["smart-city"], sdgs=[9])
    PublishedPracticeFactory(member=kupang, status="draft", themes=["waste-circular-economy"])
    event = EventFactory(host=kupang, title="Seminar sampah Kupang")
    theme = client.get(
        reverse("follows:feed-theme", kwargs={"slug": "waste-circular-economy"})
    ).content.decode()
    assert waste.title in theme and other.title not in theme
    assert theme.count("<entry>") == 1
    assert (
        waste.title
        in client.get(reverse("follows:feed-sdg", kwargs={"number": 12})).content.decode()
    )
    province = client.get(reverse("follows:feed-province", kwargs={"code": "35"})).content.decode()
    assert other.title in province and waste.title not in province
    member = client.get(
        reverse("follows:feed-member", kwargs={"slug": "kota-kupang"})
    ).content.decode()
    assert waste.title in member and event.title in member and other.title not in member
    english = client.get("/en/practices/feed/theme/waste-circular-economy/").content.decode()
    assert "Waste and circular economy" in english
    for path in [
        "/id/practices/feed/theme/nope/",
        "/id/practices/feed/sdg/0/",
        "/id/practices/feed/sdg/99999999999999999999/",
        "/id/practices/feed/province/xx/",
        "/id/members/kota-atlantis/feed/",
    ]:
        assert client.get(path).status_code == HTTPStatus.NOT_FOUND, path
    page = client.get(reverse("members:detail", kwargs={"slug": "kota-kupang"})).content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in page
    assert 'href="/id/members/kota-kupang/feed/"' in page


def test_user_data_is_not_in_follow_pages(client, user):
    other = UserFactory(email="someone.else@example.go.id")
    Follow.objects.create(user=other, kind="sdg", key="11")
    client.force_login(user)
    assert "someone.else" not in client.get(reverse("users:account")).content.decode()
    assert mail.outbox == []


def test_follow_an_event_host_from_the_filtered_event_list(client, user, kupang):
    """The event list filtered by host offers the host's follow button (a plain form) and
    its feed; a visitor gets a sign-in link that comes back to the list."""
    EventFactory(host=kupang)
    url = "/id/events/?host=kota-kupang"
    page = client.get(url).content.decode()
    assert '<link rel="alternate" type="application/atom+xml" title="Kota Kupang (Atom)" ' in page
    assert 'href="/id/members/kota-kupang/feed/"' in page
    assert "/id/accounts/login/?next=/id/events/%3Fhost%3Dkota-kupang" in page
    assert "/id/follows/follow/" not in page

    client.force_login(user)
    page = client.get(url).content.decode()
    form = page.split('<form class="follow-form"', 1)[1].split("</form>", 1)[0]
    assert 'action="/id/follows/follow/"' in form
    assert 'name="kind" value="member"' in form and 'name="key" value="kota-kupang"' in form
    assert f'name="next" value="{url}"' in form
    response = follow(client, "member", "kota-kupang", url)
    assert response.redirect_chain[-1][0] == url
    assert Follow.objects.filter(user=user, kind="member", key="kota-kupang").exists()
    assert 'action="/id/follows/unfollow/"' in response.content.decode()

    english = client.get("/en/events/?host=kota-kupang").content.decode()
    assert "Following Kota Kupang · Unfollow" in english
    assert 'href="/en/members/kota-kupang/feed/"' in english


@pytest.mark.parametrize("query", ["", "?host=kota-atlantis", "?kind=seminar"])
def test_the_event_list_offers_no_follow_button_without_a_host(client, user, kupang, query):
    EventFactory(host=kupang)
    client.force_login(user)
    response = client.get(f"/id/events/{query}")
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "follow-target" not in page and "/id/follows/follow/" not in page


def test_member_profile_has_the_follow_button_and_the_feed_link(client, user, kupang):
    page = client.get(reverse("members:detail", kwargs={"slug": "kota-kupang"})).content.decode()
    assert 'href="/id/members/kota-kupang/feed/"' in page
    assert "/id/accounts/login/?next=/id/members/kota-kupang/" in page
    client.force_login(user)
    page = client.get(reverse("members:detail", kwargs={"slug": "kota-kupang"})).content.decode()
    assert 'action="/id/follows/follow/"' in page and 'value="kota-kupang"' in page
