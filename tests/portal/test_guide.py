"""The user guide (issue #15): /huong-dan/ and one page per role, public, in the portal's layout;
linked from the portal's footer and the back office's menu; the chrome follows the language
switch while the guide's own text stays Vietnamese. (Its screenshots and their links are checked
in the browser, tests/e2e/test_guide_screenshots.py.)"""

import pytest
from django.urls import reverse

from portal.guide import PAGES
from tests.helpers import signed_in

pytestmark = pytest.mark.django_db


def test_the_index_lists_every_role_page_and_each_page_is_public(client):
    index = client.get(reverse("portal:guide"))
    assert index.status_code == 200
    text = index.content.decode()
    assert "Hướng dẫn sử dụng" in text
    for page in PAGES:
        url = reverse("portal:guide_page", args=[page.slug])
        assert f'href="{url}"' in text
        response = client.get(url)
        assert response.status_code == 200, page.slug
        body = response.content.decode()
        assert '<article lang="vi">' in body
        assert "/static/huong-dan/" in body and "<h1>" in body


@pytest.mark.parametrize("slug", ["khong-co", "..", "cong-dan.html", "README"])
def test_a_slug_that_is_not_a_page_is_not_found(client, slug):
    assert client.get(f"/huong-dan/{slug}/").status_code == 404


def test_new_law_requests_get_no_article_number(client):
    """From 1/9/2026 the new law's article numbers are not confirmed (law-research.md §0): each
    page that names that law names no article beside it."""
    for page in PAGES:
        body = client.get(reverse("portal:guide_page", args=[page.slug])).content.decode()
        for sentence in body.split("."):
            if "(sửa đổi)" in sentence:
                assert "Điều " not in sentence, (page.slug, sentence)


def test_the_chrome_translates_and_the_guide_stays_vietnamese(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("portal:guide_page", args=["cong-dan"]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "User guide" in body and "Citizens" in body
    assert "This guide is written in Vietnamese." in body
    assert "Hướng dẫn cho công dân" in body  # the guide's own text


def test_the_portal_footer_links_the_guide(client):
    body = client.get(reverse("portal:home")).content.decode()
    footer = body[body.index('<footer class="site-footer">') :]
    assert f'href="{reverse("portal:guide")}"' in footer


def test_the_back_office_menu_links_the_guide(officer):
    response = signed_in(officer).get("/backoffice/informationrequest/inbox/")
    assert response.status_code == 200
    body = response.content.decode()
    menu = body[body.index("vf-page__menu") : body.index("vf-page__body")]
    assert f'href="{reverse("portal:guide")}"' in menu
    assert "Hướng dẫn sử dụng" in menu
