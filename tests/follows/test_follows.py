from http import HTTPStatus

import pytest
from django.core import mail
from django.urls import reverse

from follows.models import DigestOptOut, Follow
from practices.models import Practice
from tests.factories import EventFactory, PublishedPracticeFactory, UserFactory
from tests.paths import in_english, in_indonesian

pytestmark = pytest.mark.django_db


def follow(client, kind, key, next_url=None, remove=False):
    url = reverse("follows:unfollow" if remove else "follows:follow")
    next_url = next_url or reverse("users:account")
    return client.post(url, {"kind": kind, "key": key, "next": next_url}, follow=True)


def action(name: str) -> str:
    return f'action="{reverse(name)}"'


def href(name: str, **kwargs) -> str:
    return f'href="{reverse(name, kwargs=kwargs)}"'


def test_follow_from_the_list_see_it_on_the_account_page_and_unfollow(client, user):
    client.force_login(user)
    listing = reverse("practices:list") + "?theme=waste-circular-economy"
    page = client.get(listing).content.decode()
    assert action("follows:follow") in page
    assert 'value="waste-circular-economy"' in page
    response = follow(client, "theme", "waste-circular-economy", listing)
    assert response.redirect_chain[-1][0] == listing
    assert "Anda sekarang mengikuti Sampah dan Ekonomi Sirkular" in response.content.decode()
    assert Follow.objects.filter(user=user, kind="theme", key="waste-circular-economy").exists()
    account = client.get(reverse("users:account")).content.decode()
    assert "Sampah dan Ekonomi Sirkular" in account
    assert reverse("follows:feed-theme", kwargs={"slug": "waste-circular-economy"}) in account
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
    assert href("follows:feed-member", slug="kota-kupang") in page
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
    assert action("follows:unfollow") in member_page
    province_page = client.get(reverse("members:list") + "?province=53").content.decode()
    assert action("follows:unfollow") in province_page
    assert href("follows:feed-province", code="53") in province_page


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
    listing = reverse("practices:list")
    response = client.post(
        reverse("follows:follow"), {"kind": "sdg", "key": "11", "next": f"{listing}?sdg=11"}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(f"{reverse('account_login')}?next={listing}")
    assert not Follow.objects.exists()
    page = client.get(f"{listing}?sdg=11").content.decode()
    assert f"{reverse('account_login')}?next=" in page
    assert reverse("follows:follow") not in page
    client.force_login(user)
    response = client.post(
        reverse("follows:follow"), {"kind": "sdg", "key": "11", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("users:account")
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
    PublishedPracticeFactory(
        member=kupang, status=Practice.Status.DRAFT, themes=["waste-circular-economy"]
    )
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
    english = client.get(
        in_english("follows:feed-theme", slug="waste-circular-economy")
    ).content.decode()
    assert "Waste and circular economy" in english
    for path in [
        in_indonesian("follows:feed-theme", slug="nope"),
        in_indonesian("follows:feed-sdg", number=0),
        in_indonesian("follows:feed-sdg", number=99999999999999999999),
        in_indonesian("follows:feed-province", code="xx"),
        in_indonesian("follows:feed-member", slug="kota-atlantis"),
    ]:
        assert client.get(path).status_code == HTTPStatus.NOT_FOUND, path
    page = client.get(in_indonesian("members:detail", slug="kota-kupang")).content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in page
    assert f'href="{in_indonesian("follows:feed-member", slug="kota-kupang")}"' in page


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
    events = reverse("events:list")
    url = f"{events}?host=kota-kupang"
    page = client.get(url).content.decode()
    assert '<link rel="alternate" type="application/atom+xml" title="Kota Kupang (Atom)" ' in page
    assert href("follows:feed-member", slug="kota-kupang") in page
    assert f"{reverse('account_login')}?next={events}%3Fhost%3Dkota-kupang" in page
    assert reverse("follows:follow") not in page

    client.force_login(user)
    page = client.get(url).content.decode()
    form = page.split('<form class="follow-form"', 1)[1].split("</form>", 1)[0]
    assert action("follows:follow") in form
    assert 'name="kind" value="member"' in form and 'name="key" value="kota-kupang"' in form
    assert f'name="next" value="{url}"' in form
    response = follow(client, "member", "kota-kupang", url)
    assert response.redirect_chain[-1][0] == url
    assert Follow.objects.filter(user=user, kind="member", key="kota-kupang").exists()
    assert action("follows:unfollow") in response.content.decode()

    english = client.get(in_english("events:list", query="host=kota-kupang")).content.decode()
    assert "Following Kota Kupang · Unfollow" in english
    assert f'href="{in_english("follows:feed-member", slug="kota-kupang")}"' in english


@pytest.mark.parametrize("query", ["", "?host=kota-atlantis", "?kind=seminar"])
def test_the_event_list_offers_no_follow_button_without_a_host(client, user, kupang, query):
    EventFactory(host=kupang)
    client.force_login(user)
    response = client.get(reverse("events:list") + query)
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "follow-target" not in page and reverse("follows:follow") not in page


def test_member_profile_has_the_follow_button_and_the_feed_link(client, user, kupang):
    profile = reverse("members:detail", kwargs={"slug": "kota-kupang"})
    page = client.get(profile).content.decode()
    assert href("follows:feed-member", slug="kota-kupang") in page
    assert f"{reverse('account_login')}?next={profile}" in page
    client.force_login(user)
    page = client.get(profile).content.decode()
    assert action("follows:follow") in page and 'value="kota-kupang"' in page
