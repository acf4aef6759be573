"""Copy the screenshots the user manuals show from the browser tests' artifacts into docs/images.

    .venv/bin/python scripts/docs_images.py [--from var/test-artifacts/screenshots]

Run it after the browser tests (`make test`, or `pytest -m e2e tests/e2e/...`). Each chosen
screenshot is scaled to the manual's width, cut to a readable height and stored as a palette
PNG, so the same screenshots always give the same files and the repository stays small. A
missing screenshot is named with the test that takes it, and nothing is written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "var" / "test-artifacts" / "screenshots"
TARGET = ROOT / "docs" / "images"
DESKTOP_WIDTH, PHONE_WIDTH, MAX_HEIGHT = 960, 390, 1400

# docs/images name -> (screenshot, the browser test file that takes it)
CHOSEN = {
    "home-desktop.png": ("home-township-desktop.png", "test_shell.py"),
    "home-phone.png": ("home-ent_manager-phone.png", "test_shell.py"),
    "enterprise-home-phone.png": ("home-ent_manager-phone.png", "test_shell.py"),
    "hazard-report-phone.png": ("hazard-report-phone.png", "test_hazards.py"),
    "hazard-submit-phone.png": ("hazard-submit-dialog-phone.png", "test_hazards.py"),
    "hazard-list-phone.png": ("hazard-list-phone.png", "test_hazards.py"),
    "hazard-queue-desktop.png": ("hazard-queue-desktop.png", "test_hazards.py"),
    "hazard-confirm-desktop.png": ("hazard-confirm-dialog-desktop.png", "test_hazards.py"),
    "hazard-detail-desktop.png": ("hazard-detail-desktop.png", "test_hazards.py"),
    "hazard-stats-desktop.png": ("hazard-stats-desktop.png", "test_hazards.py"),
    "hazard-closeout.png": ("hazard-closeout-pdf.png", "test_hazards.py"),
    "enterprise-detail-desktop.png": ("enterprise-detail-desktop.png", "test_enterprises.py"),
    "enterprise-map-desktop.png": ("enterprise-map-desktop.png", "test_enterprises.py"),
    "risk-points-phone.png": ("risk-points-phone.png", "test_risks.py"),
    "inspection-checklist-phone.png": (
        "inspection-acceptance-04-hazard-finding-phone.png",
        "test_inspection_acceptance.py",
    ),
    "inspection-signing-phone.png": (
        "inspection-acceptance-08-sign-lead-phone.png",
        "test_inspection_acceptance.py",
    ),
    "inspection-record.png": (
        "inspection-acceptance-record-pdf-1.png",
        "test_inspection_acceptance.py",
    ),
    "inspection-list-desktop.png": ("inspection-list-desktop.png", "test_inspection_checklist.py"),
    "risk-map-desktop.png": ("risk-map-desktop.png", "test_risks.py"),
    "mhs-register-desktop.png": ("mhs-register-desktop.png", "test_risks.py"),
    "alarms-desktop.png": ("alarms-desktop.png", "test_risks.py"),
    "calculator-desktop.png": ("calculator-accident-desktop.png", "test_calculator.py"),
    "admin-users-desktop.png": ("admin-users-desktop.png", "test_admin.py"),
    "admin-regions-desktop.png": ("admin-regions-desktop.png", "test_admin.py"),
    "security-roles-desktop.png": ("account-security-roles-desktop.png", "test_account.py"),
    "security-role-desktop.png": ("account-security-role-desktop.png", "test_account.py"),
    "security-policy-desktop.png": ("account-security-policy-desktop.png", "test_account.py"),
    "otp-setup-phone.png": ("account-otp-setup-phone.png", "test_account.py"),
    "audit-desktop.png": ("audit-desktop.png", "test_account.py"),
}


def prepare(source: Path) -> Image.Image:
    image = Image.open(source).convert("RGB")
    width = PHONE_WIDTH if "phone" in source.name else DESKTOP_WIDTH
    if image.width > width:
        image = image.resize((width, round(image.height * width / image.width)), Image.LANCZOS)
    if image.height > MAX_HEIGHT:
        image = image.crop((0, 0, image.width, MAX_HEIGHT))
    return image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="source", type=Path, default=SOURCE)
    args = parser.parse_args(argv)
    missing = [
        f"  {shot} (tests/e2e/{test})"
        for shot, test in CHOSEN.values()
        if not (args.source / shot).exists()
    ]
    if missing:
        print(f"缺少浏览器测试截图（{args.source}），请先运行这些浏览器测试：", file=sys.stderr)
        print("\n".join(sorted(set(missing))), file=sys.stderr)
        return 1
    TARGET.mkdir(parents=True, exist_ok=True)
    for name, (shot, _) in CHOSEN.items():
        prepare(args.source / shot).save(TARGET / name, optimize=True)
    print(f"已写入 {len(CHOSEN)} 张截图到 {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
