"""Write a month's data as the YAML file editors keep in ``content/programmes/``.

The output is deterministic (same data, same bytes): importing a document twice gives the
same file, and a diff shows only what changed. Long texts stay on one line so a task is one
line of diff; texts with line breaks use YAML's literal block style.
"""
from __future__ import annotations

import copy

import yaml

from portal.content.schema import GROUP_FIELDS, HEADER_FIELDS, PROGRAMME_FIELDS, SECTION_FIELDS, SIGNATURE_FIELDS, TASK_FIELDS
from portal.text.months import Month
from portal.text.status import Status

FIELD_ORDER = [f.name for f in PROGRAMME_FIELDS]


class _Dumper(yaml.SafeDumper):
    pass


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)
_Dumper.add_representer(Month, _str_representer)  # a Month is written as the text it is
_Dumper.add_representer(Status, _str_representer)  # a Status is written as its word


def _ordered(data: dict, order: list[str]) -> dict:
    out = {key: data[key] for key in order if key in data}
    out.update({key: value for key, value in data.items() if key not in out})
    return out


def normalise(data: dict) -> dict:
    """Put fields in the documented order and task numbers as strings (on a copy: ``data`` is left as it is)."""
    data = _ordered(copy.deepcopy(data), FIELD_ORDER)
    if "header" in data:
        data["header"] = _ordered(data["header"], [f.name for f in HEADER_FIELDS])
    if "signature" in data:
        data["signature"] = _ordered(data["signature"], [f.name for f in SIGNATURE_FIELDS])
    if "groups" in data:
        data["groups"] = [_ordered(group, [f.name for f in GROUP_FIELDS]) for group in data["groups"]]
    holders = data.get("groups", []) + ([data] if "sections" in data else [])
    for holder in holders:  # each group, or the programme itself when the table has no groups
        holder["sections"] = [_ordered(section, [f.name for f in SECTION_FIELDS]) for section in holder.get("sections", [])]
        for section in holder["sections"]:
            section["tasks"] = [_ordered({**t, "number": str(t.get("number", ""))}, [f.name for f in TASK_FIELDS])
                                for t in section.get("tasks", [])]
    return data


def _comment_block(used: frozenset = frozenset()) -> str:
    lines = [
        "# Chương trình công tác tháng: tệp dữ liệu của cổng thông tin.",
        "# Tạo bằng lệnh «portal import»; sửa trực tiếp được, rồi chạy «portal check» để kiểm tra.",
        "# Các trường của mỗi nhiệm vụ (tasks):",
    ]
    lines += [f"#   {f.name}: {f.label}{' (bắt buộc)' if f.required else ''}" for f in TASK_FIELDS
              if not f.tool and (not f.rare or f.name in used)]
    return "\n".join(lines) + "\n"


def dump_programme(data: dict) -> str:
    """The YAML text of a month's data, with a short guide for editors at the top."""
    body = yaml.dump(normalise(data), Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     width=1_000_000, default_flow_style=False, indent=2)
    used = {key for holder in data.get("groups", []) + [data] for section in holder.get("sections", []) or []
            for task in section.get("tasks", []) for key in task}
    return _comment_block(frozenset(used)) + body
