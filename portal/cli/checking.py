"""``portal check``: validate every file in ``content/`` as the build does, and warn about gaps."""
from __future__ import annotations

import sys
from pathlib import Path

from portal.content.drafting import stale_draft_problems
from portal.content.errors import ContentError, Problem
from portal.content.pages import page_problems


def register(subparsers) -> None:
    parser = subparsers.add_parser("check", help="kiểm tra toàn bộ dữ liệu trong content/")
    parser.add_argument("--content", default="content", help="thư mục dữ liệu (mặc định: content)")
    parser.set_defaults(handler=run)


def unread_deadlines(site) -> list[Problem]:
    """A warning for each task whose deadline the parser could not read (kind ``unknown``): the
    task stays on its month page and under «Thời hạn chưa đọc được», but is on no timeline day and
    in no calendar feed, which an editor should know before publishing."""
    from portal.site.taxonomy import Due  # imported when run: every command registers at start

    problems = []
    for term in site.taxonomies["deadlines"].terms.values():
        for entry in term.entries:
            if entry.detail_as(Due).deadline.kind != "unknown":
                continue
            task = entry.task
            text = task.text if len(task.text) <= 60 else task.text[:59] + "…"
            problems.append(Problem(
                task.origin.file if task.origin else "", task.origin.line if task.origin else None, "deadline",
                f"chưa đọc được ngày của thời hạn «{task.deadline}» (nhiệm vụ {task.label} tháng "
                f"{task.month.numeric_padded}: {text}). Nhiệm vụ không có trên dòng thời gian và lịch .ics; "
                "nếu có ngày cụ thể, hãy ghi theo dạng «Trước ngày 25/11/2023», «Trong tháng 12/2023»…",
                severity="warning"))
    return sorted(problems, key=lambda p: (p.file, p.line or 0))


def run(args) -> int:
    from portal.build.site import load_site  # imported when run: every command registers at start

    content = Path(args.content)
    if not content.is_dir():
        print(f"Lỗi: không có thư mục dữ liệu {content}.", file=sys.stderr)
        return 2
    try:
        site = load_site(content, include_restricted=True)
        withheld = [t for p in site.programmes for t in p.tasks() if p.restricted or p.draft or t.restricted]
        public = [t for p in site.programmes if not (p.restricted or p.draft) for t in p.tasks() if not t.restricted]
        authored = page_problems(content / "pages", content.parent, withheld=withheld, published=public)
        if authored:
            raise ContentError(authored)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"\n{len(exc.problems)} lỗi. Hãy sửa rồi chạy lại «portal check».", file=sys.stderr)
        return 1
    warnings = (list(site.warnings) + unread_deadlines(site) + _import_leftovers(site.programmes)
                + stale_draft_problems(site.programmes))
    for problem in warnings:
        print(problem, file=sys.stderr)
    tasks = len(site.tasks())
    print(f"Dữ liệu hợp lệ: {len(site.programmes)} tháng, {tasks} nhiệm vụ"
          + (f", {len(warnings)} cảnh báo." if warnings else "."))
    return 0


def _import_leftovers(programmes) -> list[Problem]:
    """A month still holding lines the import could not place, or with no task at all: valid, but not whole."""
    out = []
    for programme in programmes:
        if programme.unplaced:
            out.append(Problem(programme.source, programme.lines.get("unplaced"), "unplaced", (
                f"còn {len(programme.unplaced)} dòng chưa xếp khi nhập (đầu tiên: «{programme.unplaced[0][:80]}»); "
                "hãy chuyển vào đúng nhiệm vụ rồi xóa khỏi «unplaced»."), severity="warning"))
        if not programme.tasks():
            out.append(Problem(programme.source, None, "sections", (
                "tháng không có nhiệm vụ nào; trang tháng sẽ trống. Hãy nhập lại văn bản hoặc kiểm tra tệp."),
                severity="warning"))
    return out
