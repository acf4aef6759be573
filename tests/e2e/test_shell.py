"""The UI shell: login, home page on desktop and phone, Chinese rendered with a real CJK font."""

import pytest

from anjian.core.models import Notification

from .conftest import DESKTOP, PHONE, login, screenshot

# Draws two different characters with the page's font: a missing font gives identical "tofu"
# boxes, a real CJK font gives different glyphs with ink in them.
GLYPH_CHECK = """() => {
  const font = getComputedStyle(document.body).fontFamily;
  const draw = (ch) => {
    const c = document.createElement('canvas'); c.width = 48; c.height = 48;
    const g = c.getContext('2d'); g.fillStyle = '#000'; g.font = '40px ' + font;
    g.fillText(ch, 2, 40); return Array.from(g.getImageData(0, 0, 48, 48).data);
  };
  const a = draw('安'), b = draw('监'), box = draw('\\u{10FFFD}');
  const ink = (d) => d.filter((v, i) => i % 4 === 3 && v > 0).length;
  const same = (x, y) => x.every((v, i) => v === y[i]);
  return {ink: ink(a), differs: !same(a, b), notTofu: !same(a, box)};
}"""


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("username", ["township", "ent_manager"])
@pytest.mark.parametrize(("label", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_home_page_renders_in_chinese(page_factory, personas, username, label, viewport):
    Notification.objects.create(recipient=personas[username], title="您有一条待处理的隐患")
    page = page_factory(viewport)
    login(page, username)
    assert page.locator("[data-testid=welcome-card]").is_visible()
    assert personas[username].display_name in page.inner_text("[data-testid=welcome-card]")
    glyphs = page.evaluate(GLYPH_CHECK)
    assert glyphs["ink"] > 30 and glyphs["differs"] and glyphs["notTofu"], glyphs
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], f"page scrolls sideways at {viewport['width']} px"
    screenshot(page, f"home-{username}-{label}")
    assert not [e for e in page.console_errors if "Content Security Policy" in e]


@pytest.mark.django_db(transaction=True)
def test_the_notification_dropdown_loads_with_htmx(page_factory, personas):
    Notification.objects.create(recipient=personas["township"], title="隐患整改期限将至")
    page = page_factory(DESKTOP)
    login(page, "township")
    assert int(page.inner_text("[data-testid=unread-count]")) >= 1
    page.click("#notification-bell > a")
    page.wait_for_selector("#notification-menu >> text=隐患整改期限将至")
    screenshot(page, "notification-menu")


@pytest.mark.django_db(transaction=True)
def test_a_wrong_password_shows_the_error_style(page_factory, personas):
    page = page_factory(PHONE)
    page.goto("/accounts/login/")
    page.fill("input[name=username]", "township")
    page.fill("input[name=password]", "wrong-password")
    page.click("button[type=submit]")
    assert "用户名或密码错误" in page.inner_text("[data-testid=login-error]")
    screenshot(page, "login-error-phone")
