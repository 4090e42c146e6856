"""OCR for scanned pages and images through rapidocr (optional extra ``[ocr]``).

Why optional: rapidocr with onnxruntime and OpenCV adds ~410 MB and ~2.7 s a
page (MEASUREMENTS.md); most archives are born-digital. Its wheel ships its
models, so nothing is downloaded at run time. Without it, a scan is a named
error that says how to enable it, never a silently empty report.
"""

from __future__ import annotations

import importlib.util
import io
from functools import lru_cache

from ingest.formats.base import Kind, LoadedFile, TextBuilder, Unit, finish
from meetings_errors import CorruptFile, EmptyDocument, OcrUnavailable

HOW_TO_ENABLE = "enable OCR with: pip install 'meetings-assistant[ocr]'"
RENDER_DPI = 200  # measured: enough for 10.5 pt body text; more only costs time


def available() -> bool:
    """Whether rapidocr can be imported (tests monkeypatch this to simulate its absence)."""
    return importlib.util.find_spec("rapidocr") is not None


@lru_cache(maxsize=1)
def _engine():
    from rapidocr import RapidOCR

    return RapidOCR(params={"Global.log_level": "error"})


def image_lines(image) -> list[str]:
    """Text lines of a PIL image, top to bottom, each line's boxes left to right."""
    import numpy as np

    result = _engine()(np.asarray(image.convert("RGB")))
    if result.boxes is None or not result.txts:
        return []
    items = []
    for box, txt in zip(result.boxes.tolist(), result.txts, strict=True):
        ys = [p[1] for p in box]
        xs = [p[0] for p in box]
        items.append((min(ys), max(ys), min(xs), txt))
    items.sort()
    lines: list[list[tuple[float, str]]] = []
    last_mid, last_h = None, 0.0
    for top, bottom, left, txt in items:
        mid, h = (top + bottom) / 2, bottom - top
        if last_mid is not None and abs(mid - last_mid) < max(h, last_h) / 2:
            lines[-1].append((left, txt))
        else:
            lines.append([(left, txt)])
            last_mid, last_h = mid, h
    return ["".join(t for _, t in sorted(line)).strip() for line in lines if line]


def pdf_page_lines(pdf, index: int) -> list[str]:
    """OCR one page of an open pypdfium2 document, rendered at :data:`RENDER_DPI`."""
    page = pdf[index]
    try:
        bitmap = page.render(scale=RENDER_DPI / 72)
        image = bitmap.to_pil()
    finally:
        page.close()
    return image_lines(image)


def load_image(source: str, name: str, data: bytes) -> LoadedFile:
    """A scanned page saved as an image (.png/.jpg/.tif; each TIFF frame is a page)."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    if not available():
        raise OcrUnavailable(source, f"image file needs OCR, which is not installed; {HOW_TO_ENABLE}")
    try:
        img = Image.open(io.BytesIO(data))
        frames = [f.copy() for f in ImageSequence.Iterator(img)]
    except (UnidentifiedImageError, OSError, SyntaxError) as e:
        raise CorruptFile(source, f"not a readable image ({e})") from e
    out = TextBuilder()
    for frame in frames:
        out.add("\n".join(image_lines(frame)))
    if not out.text().strip():
        raise EmptyDocument(source, "OCR found no text in the image")
    return finish(source, name, out.text(), Kind.IMAGE, "rapidocr", unit=Unit.PAGE,
                  unit_starts=out.starts)
