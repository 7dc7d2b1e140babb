"""The practice form on a phone: several images at once, a caption edited, one image
removed after confirming, submission, and the section list telling what is done."""

import pytest
from PIL import Image
from playwright.sync_api import expect

from practices.models import Practice
from tests.paths import in_indonesian

from .test_practices_journey import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def editor(transactional_db):
    from allauth.account.models import EmailAddress

    from members.models import Member
    from tests.factories import ApprovedAffiliationFactory, ensure_practice_seeds

    ensure_practice_seeds()
    kupang = Member.objects.get(code="53.71")
    editor = ApprovedAffiliationFactory(member=kupang, user__full_name="Maria Lenggu").user
    EmailAddress.objects.create(user=editor, email=editor.email, verified=True, primary=True)
    return editor


def test_several_images_a_caption_a_removal_and_the_section_list(
    live_server,
    browser,
    editor,
    tmp_path,
):

    base = live_server.url
    files = []
    for index, color in enumerate([(200, 40, 40), (40, 160, 60), (40, 60, 200)]):
        path = tmp_path / f"pasar-{index + 1}.png"
        Image.new("RGB", (900, 600), color).save(path, "PNG")
        files.append(str(path))
    broken = tmp_path / "rusak.jpg"
    broken.write_bytes(b"not an image")

    context = browser.new_context(locale="id-ID", viewport={"width": 390, "height": 844})
    page = context.new_page()
    sign_in(page, base, editor.email)
    page.goto(f"{base}/id/practices/new/")

    toc = page.locator(".form-toc")
    problem_item = toc.locator('[data-section="section-problem"]')
    expect(toc.locator(".missing-count").first).to_have_text("Bagian wajib yang masih kosong: 7")
    expect(problem_item).to_have_class("toc-item toc-missing")
    expect(page.locator("label[for=id_problem]")).to_contain_text("(wajib)")

    page.locator("#id_title").fill("Pasar rakyat bersih")
    page.get_by_label("Masalah sebelumnya").fill("Pasar becek dan sampah menumpuk.")
    # The script updates the list while typing.
    expect(problem_item).to_have_class("toc-item toc-complete")
    expect(problem_item.locator(".toc-status")).to_have_text("lengkap")
    expect(toc.locator(".missing-count").first).to_have_text("Bagian wajib yang masih kosong: 5")

    page.locator("#id_upload-new_images").set_input_files([files[0], str(broken), *files[1:]])
    page.get_by_role("button", name="Simpan draf").click()
    expect(page.get_by_text("“rusak.jpg” tidak ditambahkan")).to_be_visible()
    expect(page.get_by_text("3 berkas ditambahkan.")).to_be_visible()
    rows = page.locator("#section-images .file-row")
    expect(rows).to_have_count(3)
    expect(page.locator("#section-images")).not_to_contain_text("practices/images")
    expect(page.get_by_label("Masalah sebelumnya")).to_have_value(
        "Pasar becek dan sampah menumpuk."
    )

    page.locator("#id_images-1-caption").fill("Los ikan yang baru")
    page.screenshot(path=str(tmp_path / "phone-images.png"), full_page=False)
    rows.nth(2).get_by_role("button", name="Hapus gambar…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hapus gambar ini?")
    page.get_by_label("Ya, hapus berkas ini.").check()
    page.get_by_role("button", name="Hapus", exact=True).click()
    expect(page.get_by_text("Gambar telah dihapus.")).to_be_visible()
    expect(rows).to_have_count(2)
    expect(page.locator("#id_images-1-caption")).to_have_value("Los ikan yang baru")

    page.get_by_label("Ringkasan").fill("Pasar dibersihkan bersama pedagang.")
    page.get_by_label("Apa yang dilakukan").fill("Pedagang memilah sampah setiap sore.")
    page.locator("#id_results").fill("Pasar bersih dan pengunjung bertambah.")
    page.get_by_label("Sampah dan Ekonomi Sirkular").check()
    page.get_by_label("11. Kota dan Permukiman yang Berkelanjutan").check()
    expect(toc.locator(".missing-count").first).to_have_text(
        "Semua yang wajib untuk pengajuan sudah diisi."
    )
    # A second link without saving first: the script adds a row.
    links = page.locator("#section-links")
    expect(links.locator(".no-js-only")).to_be_hidden()
    links.get_by_role("button", name="Tambah baris").click()
    expect(page.locator('input[name="links-TOTAL_FORMS"]')).to_have_value("2")
    page.locator("#id_links-1-title").fill("Situs pasar")
    page.locator("#id_links-1-url").fill("https://pasar.example.id/")
    expect(toc.locator(".toc-missing")).to_have_count(0)
    # On a phone the list sits above the form, and nothing is wider than the screen.
    assert toc.bounding_box()["y"] < page.locator("#section-identity").bounding_box()["y"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="Ajukan untuk ditinjau").click()
    expect(page.get_by_text("Praktik telah diajukan")).to_be_visible()

    practice = Practice.objects.get(title="Pasar rakyat bersih")
    assert practice.status == Practice.Status.SUBMITTED
    assert [image.caption for image in practice.images.all()] == ["", "Los ikan yang baru"]
    assert [link.title for link in practice.links.all()] == ["Situs pasar"]
    context.close()


def test_the_section_list_sits_beside_the_form_on_a_wide_screen(
    live_server,
    browser,
    editor,
):
    context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, live_server.url, editor.email)
    page.goto(live_server.url + in_indonesian("practices:new"))
    toc = page.locator(".form-toc")
    form = page.locator("form.practice-form")
    assert toc.bounding_box()["x"] + toc.bounding_box()["width"] <= form.bounding_box()["x"]
    page.locator("#section-results").scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    # Sticky: still on screen after scrolling far down.
    assert 0 <= toc.bounding_box()["y"] < 900
    context.close()


def test_the_form_works_without_javascript(live_server, browser, editor, tmp_path):
    paths = []
    for index in range(2):
        path = tmp_path / f"foto-{index}.png"
        Image.new("RGB", (600, 400), (20 * index, 90, 120)).save(path, "PNG")
        paths.append(str(path))
    context = browser.new_context(locale="id-ID", java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server.url, editor.email)
    page.goto(live_server.url + in_indonesian("practices:new"))
    page.locator("#id_title").fill("Tanpa skrip")
    page.get_by_label("Masalah sebelumnya").fill("Diketik tanpa JavaScript.")
    page.locator("#id_upload-new_images").set_input_files(paths)
    expect(
        page.get_by_text("Simpan untuk mendapatkan baris kosong berikutnya.").first
    ).to_be_visible()
    page.get_by_role("button", name="Simpan draf").click()
    expect(page.get_by_text("2 berkas ditambahkan.")).to_be_visible()
    expect(page.locator("#section-images .file-row")).to_have_count(2)
    problem = page.locator('.form-toc [data-section="section-problem"]')
    expect(problem).to_have_class("toc-item toc-complete")
    expect(page.locator(".form-toc .missing-count")).to_have_text(
        "Bagian wajib yang masih kosong: 5"
    )
    context.close()
