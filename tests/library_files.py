"""Made-up report files for the library tests and the 资料库 screenshot (no pytest here)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

TXT = ("示例县召开2025年第2次县政府常务会议\n\n2月11日，县长王明主持召开2025年第2次县政府常务会议。\n\n"
       "会议要求，县林业局要扎实开展松材线虫病防控，3月底前完成疫木清理。\n\n（示例材料，内容虚构。）\n")
DOCX_TITLE = "示例县召开2025年第7次县政府常务会议"
DOCX_PARAS = ["7月8日，县长王明主持召开2025年第7次县政府常务会议。",
              "会议研究了文旅融合发展工作。",
              "会议要求，县文旅局要精心筹办冰雪旅游季，做好游客服务保障。"]
ZIP_MEMBERS = {
    "第8次常务会议.txt": ("示例县召开2025年第8次县政府常务会议\n\n8月5日，县长王明主持召开会议。\n\n"
                    "会议要求，县交通运输局要抓紧完成农村公路危桥改造。\n"),
    "第9次常务会议.txt": ("示例县召开2025年第9次县政府常务会议\n\n9月2日，县长王明主持召开会议。\n\n"
                    "会议要求，县医保局要做好城乡居民医保集中缴费工作。\n"),
}



def _png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(buf, format="PNG")
    return buf.getvalue()


def _docx(path: Path) -> Path:
    import docx

    d = docx.Document()
    d.add_heading(DOCX_TITLE, level=1)
    for p in DOCX_PARAS:
        d.add_paragraph(p)
    d.save(path)
    return path


def make_files(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    txt = folder / "第2次常务会议.txt"
    txt.write_text(TXT, encoding="utf-8")
    archive = folder / "两次会议.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for name, text in ZIP_MEMBERS.items():
            zf.writestr(name, text.encode("utf-8"))
    bad = folder / "扫描件.txt"
    bad.write_bytes(_png())
    return {"txt": txt, "docx": _docx(folder / "第7次常务会议.docx"), "zip": archive, "bad": bad}
