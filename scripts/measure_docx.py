"""Measure the Word import/export and what the month downloads add to a build.

Usage: python scripts/measure_docx.py [MONTHS]   (default 120)
Makes a synthetic archive of MONTHS copies of the sample month in a temporary folder, then
times: export of one month, import of one month, and the .docx assets of the whole archive
against the rendering of its pages (both as the MkDocs hook runs them).
"""
from __future__ import annotations

import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portal.build.site import load_site, month_documents, render_pages  # noqa: E402
from portal.content.importers.docx import import_docx  # noqa: E402
from portal.content.loader import load_programme  # noqa: E402
from portal.outputs.docx import export_docx  # noqa: E402


def timed(label: str, action, repeat: int = 1):
    start = time.perf_counter()
    for _ in range(repeat):
        value = action()
    elapsed = (time.perf_counter() - start) / repeat
    print(f"{label}: {elapsed * 1000:.0f} ms")
    return value


def archive(folder: Path, months: int) -> Path:
    sample = (ROOT / "content" / "programmes" / "2023-11.yaml").read_text(encoding="utf-8")
    (folder / "programmes").mkdir(parents=True)
    (folder / "departments.yaml").write_text((ROOT / "content" / "departments.yaml").read_text(encoding="utf-8"),
                                             encoding="utf-8")
    for index in range(months):
        year, month = 2014 + index // 12, index % 12 + 1
        text = sample.replace("month: 2023-11", f"month: {year}-{month:02d}")
        text = re.sub(r"(\d{1,2})/11/2023", lambda m: f"{min(int(m.group(1)), 28)}/{month}/{year}", text)
        text = text.replace("tháng 11/2023", f"tháng {month}/{year}").replace("năm 2023", f"năm {year}")
        (folder / "programmes" / f"{year}-{month:02d}.yaml").write_text(text, encoding="utf-8")
    return folder


def main() -> None:
    months = int(sys.argv[1]) if len(sys.argv) > 1 else 120
    programme = load_programme(ROOT / "content" / "programmes" / "2023-11.yaml", ROOT)
    export_docx(programme)
    blob = timed("export of one month (48 tasks), mean of 20", lambda: export_docx(programme), 20)
    print(f"size of one month's .docx: {len(blob) / 1024:.0f} KiB")
    with tempfile.TemporaryDirectory() as temp:
        path = Path(temp) / "month.docx"
        path.write_bytes(blob)
        timed("import of one month, mean of 20", lambda: import_docx(path), 20)
        site = load_site(archive(Path(temp) / "content", months))
        pages = timed(f"render_pages for {months} months", lambda: render_pages(site))
        assets = timed(f"month .docx downloads for {months} months", lambda: list(month_documents(site)))
        print(f"{len(pages)} pages, {len(assets)} documents, {sum(len(a.content) for a in assets) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
