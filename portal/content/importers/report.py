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
