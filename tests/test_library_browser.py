"""The 资料库 tab in real headless Chromium: files chosen in the upload box, imported, listed.

Saves docs/screenshot-library.png (scripts/screenshot_library.py does the driving).
"""

from __future__ import annotations

import importlib.util

import pytest

from tests.conftest import REPO

SCRIPT = REPO / "scripts" / "screenshot_library.py"
DOCS_PNG = REPO / "docs" / "screenshot-library.png"


def _load_script():
    spec = importlib.util.spec_from_file_location("meetings_screenshot_library", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_library_tab_upload_in_browser():
    shot = _load_script()
    if not shot.shot.find_chromium():
        pytest.skip("chromium is not installed (apt-get install chromium fonts-wqy-microhei)")
    state = shot.take_library_screenshot(DOCS_PNG, delete="第7次常务会议.docx")
    results = {row[0]: row for row in state["results"]}
    assert set(results) == {"第2次常务会议.txt", "第7次常务会议.docx", "两次会议.zip!/第8次常务会议.txt",
                            "两次会议.zip!/第9次常务会议.txt", "扫描件.txt"}
    assert [results[n][2] for n in sorted(results)].count("added") == 4
    assert results["扫描件.txt"][2] == "failed" and "content is image" in results["扫描件.txt"][3]
    assert "新收录 4" in state["summary"] and "1 failed" in state["summary"]
    files = [row[3] for row in state["reports"]]
    assert "第7次常务会议.docx" in files and "2025-10-command-no05-traditional.txt" in files
    assert any(row[1] == "2025年2月11日" for row in state["reports"])
    # Chinese was drawn with a CJK font, not boxes.
    assert state["fonts"].get("WenQuanYi Micro Hei", 0) > 50, state["fonts"]
    assert DOCS_PNG.stat().st_size > 20_000
    # Clicking a row chooses it; 删除 removes it from the table.
    deleted = state["deleted"]
    assert "第7次常务会议.docx" in deleted["chosen"] and "已删除" in deleted["done"]
    left = [row[3] for row in deleted["reports"]]
    assert "第7次常务会议.docx" not in left and "第9次常务会议.txt" in left
