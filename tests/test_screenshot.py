"""scripts/screenshot.py: the chat answers in headless Chromium and Chinese renders as glyphs."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess

import pytest

from tests.conftest import REPO

SCRIPT = REPO / "scripts" / "screenshot.py"


def _load_script():
    spec = importlib.util.spec_from_file_location("meetings_screenshot", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def shot(tmp_path_factory):
    screenshot = _load_script()
    if not screenshot.find_chromium():
        pytest.skip("chromium is not installed (apt-get install chromium fonts-wqy-microhei); "
                    "screenshot test skipped")
    out = tmp_path_factory.mktemp("shot") / "chat.png"
    state = screenshot.take_screenshot(out, db_dir=tmp_path_factory.mktemp("shot-db"))
    return out, state


def test_cjk_font_is_installed():
    if not shutil.which("fc-list"):
        pytest.skip("fontconfig (fc-list) is not installed")
    fonts = subprocess.run(["fc-list"], capture_output=True, text=True, check=True).stdout
    assert "wqy" in fonts.lower() or "wenquanyi" in fonts.lower(), (
        "no WenQuanYi font: Chinese would render as boxes (apt-get install fonts-wqy-microhei)")


def test_answer_with_citations_is_shown(shot):
    _, state = shot
    assert state["details"] >= 1, "citations (<details>) were stripped from the chat bubble"
    assert state["open"] == 1 and state["marks"] >= 1  # one expanded, cited sentence marked
    text = state["text"]
    assert "全面振兴三年行动指挥部2025年第5次会议" in text and "2025-10-14" in text
    assert "县商务局要紧盯外资外贸目标" in text
    # The expanded citation: its passage, and the sentence as published (Traditional).
    assert "上下文" in text and "原文（报道原样）" in text and "會(huì)議" in text
    assert any("「" in s and "」" in s for s in state["summaries"])


def test_chinese_drawn_with_cjk_font(shot):
    _, state = shot
    cjk = {name: n for name, n in state["fonts"].items()
           if "wenquanyi" in name.lower() or "wqy" in name.lower()}
    assert sum(cjk.values()) >= 50, f"Chinese not drawn with a CJK font: {state['fonts']}"


def test_png_has_rendered_text_in_answer_region(shot):
    from PIL import Image

    png, state = shot
    assert png.stat().st_size > 50_000
    img = Image.open(png).convert("L")
    assert img.size == (1280, 1200)
    r = state["rect"]
    box = (max(0, int(r["x"])), max(0, int(r["y"])),
           min(img.width, int(r["x"] + r["width"])), min(img.height, int(r["y"] + r["height"])))
    assert box[2] - box[0] > 400 and box[3] - box[1] > 200, box
    region = img.crop(box)
    dark = [(x, y) for y in range(region.height) for x in range(region.width)
            if region.getpixel((x, y)) < 110]
    assert len(dark) > 5_000, len(dark)
    # Many text lines and glyph columns, not a few boxes or one dark block.
    assert len({y for _, y in dark}) > 150 and len({x for x, _ in dark}) > 300
    assert len(dark) < 0.5 * region.width * region.height
