"""Warnings about the organisation as each programme names it, for ``portal check`` and the build.

A lead is judged against the departments of its own month: one that matches no department
of that month is unknown; one that matches a department of another period (the old name
after a rename, a new name used too early) is filed under that month's successor and
reported, since the reader would otherwise find the task under the wrong name. A programme's
symbol is compared with the issuing body the registry records for its month.
"""
from __future__ import annotations

from portal.content.departments import Department, Registry, Roles
from portal.content.errors import Problem
from portal.content.model import Programme, Task
from portal.content.periods import month_label
from portal.text.fold import fold

REGISTRY_FILE = "content/departments.yaml"


def _where(task: Task) -> tuple[str, int | None]:
    origin = task.origin
    return (origin.file, origin.line) if origin else ("", None)


def _period_text(department: Department) -> str:
    label = department.period.label()
    return f"tồn tại {label}" if label else "không giới hạn thời gian"


def lead_problems(registry: Registry, tasks: list[Task], found: list[Roles] | None = None) -> list[Problem]:
    """A lead that matches no department of its month, or a department outside its period.

    ``found``: each task's :meth:`Registry.roles`, in order, when the caller has them (the build's
    are kept per month, :meth:`portal.site.model.Site.roles`): the leads and the departments named
    outside their period do not depend on the coordinators."""
    problems = []
    for number, task in enumerate(tasks):
        if not task.lead.strip():  # a parent task leaving its lead to its sub-tasks
            continue
        roles = registry.roles(task.lead, [], task.month) if found is None else found[number]
        if roles.leads and not roles.outside:
            continue  # the common case: nothing to say, nothing to name
        file, line = _where(task)
        field_ = f"nhiệm vụ {task.label}, lead"
        month = month_label(task.month)
        if not roles.leads:
            problems.append(Problem(file, line, field_, (
                f"phòng chủ trì «{task.lead}» không khớp phòng nào có trong tháng {month} theo danh mục "
                f"{registry.file or REGISTRY_FILE}; hãy thêm vào «aliases» của phòng tương ứng "
                "hoặc sửa lại cách viết."), severity="warning"))
            continue
        for written in roles.outside:
            heirs = [d for d in roles.leads if d is not written]
            filed = (f" Nhiệm vụ được xếp vào phòng của tháng đó: «{heirs[0].name}»." if heirs else "")
            problems.append(Problem(file, line, field_, (
                f"phòng chủ trì «{task.lead}» là «{written.name}» ({written.code}), {_period_text(written)}, "
                f"không có trong tháng {month}.{filed} Hãy kiểm tra cách viết hoặc thời gian «from»/«to» "
                f"của phòng trong {registry.file or REGISTRY_FILE}."), severity="warning"))
    return problems


def _symbol_key(symbol: str) -> str:
    return "".join(fold(symbol).split())


def issuer_problems(registry: Registry, programmes: list[Programme]) -> list[Problem]:
    """A programme whose symbol is not that of the issuing body of its month (when recorded)."""
    if not registry.issuers:
        return []
    problems = []
    for programme in programmes:
        line = programme.lines.get("header.symbol")
        issuer = registry.issuer_for(programme.month)
        month = month_label(programme.month)
        if issuer is None:
            problems.append(Problem(programme.source, line, "header.symbol", (
                f"danh mục {registry.file or REGISTRY_FILE} không ghi cơ quan ban hành nào cho tháng {month}; "
                "hãy bổ sung «issuers» với «from»/«to» phủ tháng này."), severity="warning"))
        elif programme.symbol and _symbol_key(programme.symbol) != _symbol_key(issuer.symbol):
            period = issuer.period.label()
            problems.append(Problem(programme.source, line, "header.symbol", (
                f"ký hiệu «{programme.symbol}» không khớp cơ quan ban hành của tháng {month}: "
                f"{issuer.name} (ký hiệu {issuer.symbol}{', ' + period if period else ''}). "
                "Hãy sửa ký hiệu của chương trình hoặc thời gian của cơ quan trong danh mục."), severity="warning"))
    return problems
