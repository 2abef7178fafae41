"""Stage «report»: what the import read, counted the way the clerk checks it against the document."""
from __future__ import annotations

def iter_tasks(data: dict):
    for section in iter_sections(data):
        yield from section.get("tasks", [])


def iter_sections(data: dict):
    for group in data.get("groups", []) or []:
        yield from group.get("sections", [])
    yield from data.get("sections", []) or []


def section_counts(data: dict) -> str:
    """``I: 9 nhiệm vụ, II: 15, III: 24`` (with groups: ``A. I: 3 nhiệm vụ, II: 4; B. I: 5``)."""
    def counts(sections: list) -> str:
        parts = [f"{s.get('numeral') or '(không số)'}: {len(s.get('tasks', []))}" for s in sections]
        if parts:
            parts[0] += " nhiệm vụ"
        return ", ".join(parts)

    if data.get("groups"):
        return "; ".join(f"{g.get('letter') or ''}{'. ' if g.get('letter') else ''}{counts(g.get('sections', []))}"
                         for g in data["groups"])
    return counts(data.get("sections", []))


def import_report(result, source: str) -> list[str]:
    """What the import read, as the clerk checks it against the document: the month, then per section
    the tasks placed, then per field how many cells were confirmed by their content.

    ``Đã đọc CTr.docx: tháng 2024-06, 12 nhiệm vụ (I: 5 nhiệm vụ, II: 7).``
    ``  A. CÔNG TÁC TUYÊN GIÁO / I. Công tác tuyên truyền: 3 nhiệm vụ``
    ``  Kiểm tra theo nội dung: Phòng chủ trì 12/12 ô là tên đơn vị; Thời gian hoàn thành 11/12 ô là thời gian…``
    """
    from portal.content.importers.columns import COLUMN_LABELS
    from portal.content.importers.kinds import FIELD_KINDS, KIND_NAMES

    data = result.data
    tasks = sum(1 for _ in iter_tasks(data))
    months = f"tháng {data['month']}" + (f" và {data['until']}" if data.get("until") else "")
    lines = [f"Đã đọc {source}: {months}, {tasks} nhiệm vụ ({section_counts(data)})."]
    for group in data.get("groups", []) or [{"letter": "", "title": "", "sections": data.get("sections", [])}]:
        for section in group.get("sections", []):
            where = " / ".join(part for part in (
                f"{group['letter']}. {group['title']}".strip(". ") if group.get("letter") or group.get("title") else "",
                f"{section.get('numeral')}. {section.get('title')}".strip(". ")) if part)
            lines.append(f"  {where or '(bảng không chia mục)'}: {len(section.get('tasks', []))} nhiệm vụ")
    if result.confirmed:
        parts = [f"{COLUMN_LABELS.get(key, key)} {own}/{total} ô là {KIND_NAMES[FIELD_KINDS[key]]}"
                 for key, (own, total) in result.confirmed.items()]
        lines.append("  Kiểm tra theo nội dung: " + "; ".join(parts) + ".")
    return lines
