"""The mark on a Word document that carries restricted content (``portal export/report --noi-bo``).

A document printed with the restricted tasks is the office's internal copy: its first line says so
in red capitals, and its properties (shown by Word under File → Info, and by the file manager)
say «Nội bộ», so that a copy forwarded by mistake is recognised at a glance.
"""
from __future__ import annotations

import io

INTERNAL_MARK = "BẢN NỘI BỘ – CÓ NỘI DUNG HẠN CHẾ, KHÔNG CÔNG BỐ"


def mark_internal(document: bytes, mark: str = INTERNAL_MARK) -> bytes:
    """``document`` (.docx bytes) with ``mark`` as its first paragraph and in its properties."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    opened = docx.Document(io.BytesIO(document))
    body = opened.element.body
    paragraph = opened.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(mark)
    run.bold = True
    run.font.size = Pt(12)
    run.font.color.rgb = RGBColor(0xB7, 0x1C, 0x1C)
    body.remove(paragraph._p)
    body.insert(0, paragraph._p)
    properties = opened.core_properties
    properties.keywords = "Nội bộ; hạn chế"
    properties.subject = mark
    properties.category = "Nội bộ"
    out = io.BytesIO()
    opened.save(out)
    return out.getvalue()
