"""The user documentation: a Chinese manual per role, every picture it shows exists and comes
from the browser tests' screenshots (`scripts/docs_images.py`)."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
MANUALS = ["enterprise", "grid", "township", "district-city", "admin"]


def _chosen() -> dict:
    import importlib.util

    spec = importlib.util.spec_from_file_location("docs_images", ROOT / "scripts/docs_images.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.CHOSEN


def _pictures(path: Path) -> list[Path]:
    text = path.read_text(encoding="utf-8")
    return [(path.parent / src).resolve() for src in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)]


@pytest.mark.parametrize("role", MANUALS)
def test_each_role_has_a_chinese_manual_with_pictures(role):
    manual = DOCS / f"manual-{role}.md"
    text = manual.read_text(encoding="utf-8")
    assert len(re.findall(r"[\u4e00-\u9fff]", text)) > 500
    assert _pictures(manual), f"{manual.name} shows no screenshot"
    assert f"manual-{role}.md" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_picture_exists_and_is_made_by_the_script():
    chosen = {DOCS / "images" / name for name in _chosen()}
    pages = [ROOT / "README.md", DOCS / "user-guide.md", *DOCS.glob("manual-*.md")]
    shown = {picture for page in pages for picture in _pictures(page)}
    assert shown, "no pictures found"
    assert sorted(str(p) for p in shown - chosen) == []
    assert sorted(p.name for p in chosen if not p.exists()) == []


def test_the_readme_starts_in_chinese_with_the_two_commands_and_the_demo_accounts():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    chinese = readme.split("## For integrators", 1)[0]
    assert "make run" in chinese and "make test" in chinese
    assert "`sysadmin`" in chinese and "身份验证器" in chinese and "`ent_manager`" in chinese
