"""The hazard loop in a browser (the issue's acceptance): an enterprise reports on a phone with a
photo and a handwritten signature, the township confirms it as major, the enterprise drafts the
six-part plan with its document and the township approves it and lists the hazard, the
enterprise submits with an after-photo, may not accept its own work, the township accepts; the
printed 销号单 carries the three signatures and the audit chain still verifies."""

import io
import re
import subprocess
from datetime import timedelta

import pytest
from django.core.management import call_command
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from anjian.hazards.models import Hazard
from anjian.hazards.services import hazard_transition

from .conftest import ARTIFACTS, DESKTOP, PHONE, login, screenshot
from .test_enterprises import no_csp_errors, no_sideways_scroll

DESCRIPTION = "反应釜安全阀超期未校验，铅封缺失"


def jpeg(name: str, colour) -> dict:
    """A camera-like photo: a gradient with a shape, so thumbnails look like pictures."""
    image = Image.new("RGB", (640, 480), colour)
    draw = ImageDraw.Draw(image)
    for y in range(0, 480, 8):
        shade = tuple(max(0, c - y // 6) for c in colour)
        draw.rectangle([0, y, 640, y + 8], fill=shade)
    draw.ellipse([220, 140, 420, 340], fill=(240, 240, 240), outline=(40, 40, 40), width=6)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return {"name": name, "mimeType": "image/jpeg", "buffer": out.getvalue()}


def sign_on_pad(page) -> None:
    """Choose 手写签名 and draw a stroke on the pad with the mouse (pointer events)."""
    page.click("label:has-text('手写签名')")
    pad = page.locator("[data-testid=signature-pad]")
    pad.wait_for(state="visible")
    pad.scroll_into_view_if_needed()  # below the fold of a phone's dialog
    box = pad.bounding_box()
    x, y = box["x"], box["y"] + box["height"] / 2
    page.mouse.move(x + 20, y)
    page.mouse.down()
    for step in range(1, 25):
        page.mouse.move(x + 20 + step * 9, y + (14 if step % 4 < 2 else -14), steps=2)
    page.mouse.up()
    # a locator assertion, not a JavaScript string: the page's CSP forbids evaluating strings
    expect(page.locator("input[name=signature_image]")).to_have_value(
        re.compile(r"^data:image/png")
    )


def dialog_screenshot(page, name: str) -> None:
    """The open dialog as the user sees it (the viewport; a modal does not scroll the page)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def open_dialog(page, action: str) -> None:
    page.click(f"[data-testid=hazard-actions] [data-testid=action-{action}]")
    page.wait_for_selector(f"#action-dialog [data-testid=action-form][data-action={action}]")


def send_dialog(page) -> None:
    """Submit the dialog; success reloads the page (HX-Refresh)."""
    with page.expect_navigation():
        page.click("#action-dialog [data-testid=action-submit]")


def report_on_a_phone(page) -> Hazard:
    login(page, "ent_manager")
    page.goto("/hazards/new/")
    assert page.input_value("#id_enterprise")  # preselected: the user's own enterprise
    page.fill("#id_location", "2号反应釜")
    page.select_option("#id_subcategory", label="生产设备设施及工艺")
    page.set_input_files("#id_photos", files=[jpeg("整改前.jpg", (176, 92, 48))])
    page.wait_for_selector("[data-photo-previews] img")
    sign_on_pad(page)
    page.click("[data-testid=report-submit]")  # the description is missing
    # refused: the photo and the drawn signature are kept, only the description is asked for
    page.wait_for_selector("[data-testid=kept-photos] img")
    expect(page.locator("input[name=signature_image]")).to_have_value(
        re.compile(r"^data:image/png")
    )
    page.fill("#id_description", DESCRIPTION)
    no_sideways_scroll(page, PHONE)
    screenshot(page, "hazard-report-phone")
    page.click("[data-testid=report-submit]")
    page.wait_for_url(re.compile(r"/hazards/\d+/$"))
    assert "已上报隐患" in page.inner_text(".messages")
    hazard = Hazard.objects.get(description=DESCRIPTION)
    assert page.locator("[data-testid=signature-report] img").is_visible()
    return hazard


PLAN = (
    ("goals", "15 日内完成安全阀校验，消除重大隐患"),
    ("measures", "停用反应釜，安全阀送有资质单位校验"),
    ("funds_and_materials", "专项资金 3.5 万元，备用安全阀 2 只"),
    ("organisation_and_people", "主要负责人郑负责牵头，设备部实施"),
    ("deadline_and_requirements", "15 日内完成并申请验收"),
    ("safety_and_emergency", "治理期间停止该釜投料，落实应急处置方案"),
)


def confirm_as_major(page, hazard: Hazard) -> None:
    login(page, "township")
    page.goto("/hazards/queue/")
    item = page.locator(f"[data-testid=queue-item][data-number='{hazard.number}']")
    assert item.locator("[data-testid=queue-confirm]").is_visible()
    screenshot(page, "hazard-queue-desktop")
    item.locator("a.fw-medium").click()
    page.wait_for_selector("[data-testid=hazard-detail]")
    open_dialog(page, "confirm")
    assert not page.is_visible("[data-testid=plan-parts]")  # the enterprise writes the plan
    page.select_option("#id_grade", "major")
    page.fill("#id_responsible_person", "郑负责")
    page.fill("#id_measures", "停用该反应釜，安全阀送检并恢复铅封")
    page.fill("#id_cost", "3.5")
    dialog_screenshot(page, "hazard-confirm-dialog-desktop")
    send_dialog(page)
    assert "整改中" in page.inner_text("[data-testid=hazard-badges]")
    assert page.locator("[data-testid=governance-plan]").is_visible()


def draft_the_plan_on_a_phone(page, hazard: Hazard) -> None:
    page.goto(f"/hazards/{hazard.pk}/plan/")
    for name, text in PLAN[:3]:
        page.fill(f"#id_{name}", text)
    page.click("[data-testid=plan-submit]")  # three parts and no document yet
    page.wait_for_selector("[data-testid=form-errors], .invalid-feedback")
    assert page.input_value("#id_goals") == PLAN[0][1]  # what was typed is kept
    for name, text in PLAN[3:]:
        page.fill(f"#id_{name}", text)
    page.set_input_files("#id_document", files=[jpeg("治理方案.jpg", (236, 236, 236))])
    no_sideways_scroll(page, PHONE)
    screenshot(page, "hazard-plan-phone")
    page.click("[data-testid=plan-submit]")
    page.wait_for_url(re.compile(r"/hazards/\d+/$"))
    assert "已提交监管部门审查" in page.inner_text(".messages")


def approve_and_list(page, hazard: Hazard) -> None:
    page.goto(f"/hazards/{hazard.pk}/plan/")
    page.fill("#id_review", "方案可行，同意实施")
    page.click("[data-testid=plan-approve]")
    page.wait_for_url(re.compile(r"/hazards/\d+/$"))
    assert "同意" in page.inner_text("[data-testid=governance-plan]")
    open_dialog(page, "list")
    page.select_option("#id_level", "township")
    page.select_option("#id_office", label="乡镇（街道）级：城东街道安全生产监督站")
    send_dialog(page)
    assert "乡镇（街道）级挂牌督办" in page.inner_text("[data-testid=hazard-badges]")


def submit_on_a_phone(page, hazard: Hazard) -> None:
    page.goto(f"/hazards/{hazard.pk}/")
    open_dialog(page, "submit")
    page.fill("#id_note", "安全阀已送检合格并重新安装，铅封完好")
    page.set_input_files("#id_photos", files=[jpeg("整改后.jpg", (52, 140, 84))])
    sign_on_pad(page)
    page.wait_for_selector("#action-dialog [data-photo-previews] img")
    dialog_screenshot(page, "hazard-submit-dialog-phone")
    send_dialog(page)
    assert "待验收" in page.inner_text("[data-testid=hazard-badges]")
    assert page.locator("[data-testid=action-accept]").count() == 0  # not their own work
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    hazard.refresh_from_db()
    forced = page.request.post(
        f"/hazards/{hazard.pk}/actions/accept/",
        headers={"X-CSRFToken": token},
        form={"opinion": "同意", "signature_method": "account", "version": str(hazard.version)},
    )
    assert forced.status == 403
    no_sideways_scroll(page, PHONE)
    screenshot(page, "hazard-detail-phone")


def accept(page, hazard: Hazard) -> None:
    page.goto(f"/hazards/{hazard.pk}/")
    open_dialog(page, "accept")
    assert not page.is_visible("#id_no_photo_reason")  # there is an after-photo
    page.fill("#id_opinion", "经现场核查，安全阀校验合格，铅封完好，同意销号。")
    send_dialog(page)
    assert "已销号" in page.inner_text("[data-testid=hazard-badges]")
    actions = [
        page.locator(f"[data-testid=timeline-{a}]").count()
        for a in ("report", "confirm", "list", "submit", "accept")
    ]
    assert actions == [1, 1, 1, 1, 1]
    assert page.locator("[data-testid=photos-before] img").count() == 1
    assert page.locator("[data-testid=photos-after] img").count() == 1
    screenshot(page, "hazard-detail-desktop")


def keep_as_png(pdf, tmp_path) -> None:
    """Every page of the PDF, one under the other, as the artifact to look at."""
    subprocess.run(["pdftoppm", "-png", "-r", "80", str(pdf), str(tmp_path / "page")], check=True)
    pages = [Image.open(p) for p in sorted(tmp_path.glob("page*.png"))]
    sheet = Image.new(
        "RGB", (max(p.width for p in pages), sum(p.height + 8 for p in pages)), "grey"
    )
    top = 0
    for page in pages:
        sheet.paste(page, (0, top))
        top += page.height + 8
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    sheet.save(ARTIFACTS / "hazard-closeout-pdf.png")


def check_the_printed_sheet(page, hazard: Hazard, tmp_path) -> None:
    response = page.request.get(f"/hazards/{hazard.pk}/closeout.pdf")
    assert response.status == 200 and response.body()[:4] == b"%PDF"
    pdf = tmp_path / "closeout.pdf"
    pdf.write_bytes(response.body())
    keep_as_png(pdf, tmp_path)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    signed = re.findall(r"(\S+)（(手写签名|账号确认)）", text)
    assert sorted(signed) == [
        ("吴安全", "手写签名"),
        ("吴安全", "手写签名"),
        ("赵镇安", "账号确认"),
    ]
    assert "未签" not in text and hazard.number in text


@pytest.mark.django_db(transaction=True)
def test_the_whole_hazard_loop(page_factory, personas, tmp_path):
    phone = page_factory(PHONE)
    hazard = report_on_a_phone(phone)
    desk = page_factory(DESKTOP)
    confirm_as_major(desk, hazard)
    draft_the_plan_on_a_phone(phone, hazard)
    approve_and_list(desk, hazard)
    submit_on_a_phone(phone, hazard)
    accept(desk, hazard)
    check_the_printed_sheet(desk, hazard, tmp_path)
    hazard.refresh_from_db()
    assert hazard.status == "closed" and hazard.accepted_by == personas["township"]
    no_csp_errors(phone)
    no_csp_errors(desk)
    call_command("audit", "seal")  # what `tick` does every minute
    call_command("audit", "verify")  # raises if any audit row was changed or lost


@pytest.mark.django_db(transaction=True)
def test_the_statistics_charts_on_a_desktop_and_a_phone(page_factory, personas):
    for viewport, name in ((DESKTOP, "hazard-stats-desktop"), (PHONE, "hazard-stats-phone")):
        page = page_factory(viewport)
        login(page, "district")
        page.goto("/hazards/stats/")
        for chart in ("status", "grade", "region", "sector"):
            page.wait_for_selector(f"[data-testid=chart-{chart}][data-ready=true] canvas")
        assert "整改率 = 已销号数 ÷ 已确认数" in page.inner_text("[data-testid=rate-rectification]")
        assert page.locator("[data-testid=stats-row]").count() == 3
        no_sideways_scroll(page, viewport)
        screenshot(page, name)
        no_csp_errors(page)


@pytest.mark.django_db(transaction=True)
def test_the_list_the_queue_and_the_import_page_fit_a_phone(page_factory, personas):
    late = Hazard.objects.get(description="装卸作业未设置静电接地报警")
    Hazard.objects.filter(pk=late.pk).update(deadline=late.found_at.date() - timedelta(days=1))
    desk = page_factory(DESKTOP)
    login(desk, "township")
    desk.goto("/hazards/")
    assert desk.locator("[data-testid=hazard-row][data-overdue=true]").count() == 1
    screenshot(desk, "hazard-list-desktop")
    page = page_factory(PHONE)
    login(page, "township")
    page.goto("/hazards/?sort=overdue")
    assert page.locator("[data-testid=hazard-row]").count() == 6  # one found by an inspection
    no_sideways_scroll(page, PHONE)
    screenshot(page, "hazard-list-phone")
    page = page_factory(PHONE)
    login(page, "sector")  # the construction bureau works both building-site hazards
    page.goto("/hazards/queue/")
    assert page.locator("[data-testid=queue-item]").count() == 2
    page.click("[data-testid=queue-item] >> nth=0 >> [data-testid=queue-confirm]")
    page.wait_for_selector("#action-dialog [data-testid=action-form][data-action=confirm]")
    no_sideways_scroll(page, PHONE)
    page.click("#action-dialog [data-bs-dismiss=modal] >> nth=0")
    page.wait_for_selector("#action-dialog", state="hidden")
    # Someone else handles the second one meanwhile: its dialog is refused and closes.
    second = Hazard.objects.get(
        number=page.get_attribute("[data-testid=queue-item] >> nth=1", "data-number")
    )
    hazard_transition(actor=personas["sector"], hazard=second, action="void", reason="重复")
    page.click("[data-testid=queue-item] >> nth=1 >> [data-testid=queue-confirm]")
    page.wait_for_selector(".alert-danger:has-text('记录状态已被他人改变')")
    page.wait_for_selector("#action-dialog", state="hidden")
    page.goto("/hazards/import/")
    no_sideways_scroll(page, PHONE)
    no_csp_errors(page)
