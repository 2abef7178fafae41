"""Task lineage: the same task across months, on generated archives and hand-made pairs."""
from __future__ import annotations

import shutil
import sys

import pytest

from conftest import ROOT
from portal.cli import main
from portal.content.departments import lead_key
from portal.content.loader import load_programmes
from portal.content.model import Programme, Section, Signature, Task
from portal.site import lineage as lineage_module
from portal.site.lineage import THRESHOLD, build_lineage, long_carried, masked_key, signature, similarity

sys.path.insert(0, str(ROOT / "scripts"))
from gen_archive import generate_archive  # noqa: E402


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> list[Programme]:
    folder = tmp_path_factory.mktemp("lineage-archive")
    generate_archive(36, 1, folder)
    return load_programmes(folder / "content")


def _linked_by(earlier: Task, later: Task) -> str:
    """Which rule may join two consecutive tasks of a chain ('' when none)."""
    if later.carried_from == f"{earlier.month}/{earlier.anchor}":
        return "carried"
    if lead_key(earlier.lead) != lead_key(later.lead):
        return ""
    a, b = masked_key(earlier.text), masked_key(later.text)
    if a == b:
        return "same"
    if signature(a) == signature(b) and similarity(frozenset(a.split()), frozenset(b.split())) >= THRESHOLD:
        return "close"
    return ""


def test_generated_archive_links_only_what_the_rules_allow(archive):
    lineage = build_lineage(archive)
    tasks = [t for p in archive for t in p.tasks()]
    assert sum(len(c.tasks) for c in lineage.chains) == len(tasks)
    linked = lineage.linked()
    assert len(linked) > 20  # monthly duties (bảng chấm công, bản tin…) recur in a generated archive
    rules = set()
    for chain in linked:
        months = chain.months
        assert months == sorted(set(months)), "two tasks of one month are two tasks"
        for earlier, later in zip(chain.tasks, chain.tasks[1:]):
            rule = _linked_by(earlier, later)
            assert rule, (earlier.month, earlier.label, later.month, later.label)
            rules.add(rule)
            assert signature(masked_key(earlier.text))[1] == signature(masked_key(later.text))[1]
    assert "same" in rules


def test_same_text_of_one_lead_within_a_year_is_one_chain(archive):
    from collections import Counter

    from portal.site.lineage import MAX_GAP
    from portal.text.months import next_month

    lineage = build_lineage(archive)
    latest: dict[tuple, Task] = {}
    checked = 0
    for programme in archive:
        keys = [(lead_key(t.lead), masked_key(t.text)) for t in programme.tasks()]
        repeated = {k for k, n in Counter(keys).items() if n > 1}
        for task, key in zip(programme.tasks(), keys):
            before = latest.get(key)
            if before is not None and key not in repeated and before.month >= next_month(programme.month, -MAX_GAP):
                assert lineage.chain_of(task) is lineage.chain_of(before), (task.month, task.label, before.month)
                checked += 1
        for task, key in zip(programme.tasks(), keys):
            latest[key] = task
    assert checked > 5


def _programme(month: str, rows: list[tuple[str, str]]) -> Programme:
    tasks = [Task(section="I", number=str(i + 1), text=text, lead=lead, coordinators=[], deadline="", status="",
                  month=month) for i, (text, lead) in enumerate(rows)]
    return Programme(month=month, parent_body="", issuing_body="", number="", symbol="", motto="", place="",
                     date_text="", title="", subtitle="", preamble="", sections=[Section("I", "Mục", tasks)],
                     closing="", recipients=[], drafter="", signature=Signature([], ""))


TT = "Phòng TT-TT"
LONG = ("Tham mưu Kế hoạch tổ chức các hoạt động tuyên truyền kỷ niệm 70 năm Chiến thắng Điện Biên Phủ "
        "trên địa bàn tỉnh, bảo đảm đúng tiến độ và chất lượng")


@pytest.mark.parametrize("before, after, linked", [
    ((LONG, TT), (LONG, TT), True),
    ((LONG, TT), ("Tiếp tục t" + LONG[1:], TT), True),
    ((LONG, TT), (LONG + " theo yêu cầu", TT), True),  # a few words added
    ((LONG, TT), (LONG.replace("các hoạt động ", ""), TT), True),  # words dropped
    (("Báo cáo công tác báo chí tháng 11/2023", TT), ("Báo cáo công tác báo chí tháng 12/2023", TT), True),
    (("Bản tin tháng 11 năm 2023", TT), ("Bản tin tháng 12/2023", TT), True),
    ((LONG, TT), (LONG, "Phòng LLCT-LSĐ"), False),  # another department's task
    ((LONG, TT), (LONG.replace("70 năm", "65 năm"), TT), False),  # another anniversary
    (("Tham mưu kế hoạch tiếp đón Đoàn công tác số 9 của Ban Tuyên giáo Trung ương", TT),
     ("Tham mưu kế hoạch tiếp đón Đoàn công tác số 6 của Ban Tuyên giáo Trung ương", TT), False),
    (("Tổ chức họp Ban Giám khảo Giải Búa liềm vàng lần thứ V năm 2023", TT),
     ("Tổ chức họp Ban Giám khảo Giải Búa liềm vàng lần thứ II năm 2023", TT), False),
    (("Báo cáo công tác tuyên giáo tháng 11/2023 phục vụ Hội nghị Ban Thường vụ", TT),
     ("Chương trình công tác tuyên giáo tháng 12/2023 phục vụ Hội nghị Ban Thường vụ", TT), False),
    (("Báo cáo tổng kết năm 2023", TT), ("Báo cáo tổng kết năm 2024", TT), False),
])
def test_close_matches(before, after, linked):
    first, second = _programme("2023-11", [before]), _programme("2023-12", [after])
    lineage = build_lineage([first, second])
    assert (lineage.chain_of(first.tasks()[0]) is lineage.chain_of(second.tasks()[0])) is linked


def test_one_task_a_month_per_chain():
    first = _programme("2023-11", [(LONG, TT)])
    second = _programme("2023-12", [(LONG, TT), (LONG, TT)])
    lineage = build_lineage([first, second])
    chains = [lineage.chain_of(t) for t in second.tasks()]
    assert chains[0] is lineage.chain_of(first.tasks()[0]) and chains[1] is not chains[0]


def test_gap_limits_same_text_links():
    old = _programme("2021-01", [(LONG, TT)])
    near = _programme("2021-12", [(LONG, TT)])
    far = _programme("2023-06", [(LONG, TT)])
    lineage = build_lineage([old, near, far])
    assert lineage.chain_of(old.tasks()[0]) is lineage.chain_of(near.tasks()[0])
    assert lineage.chain_of(far.tasks()[0]) is not lineage.chain_of(near.tasks()[0])


def test_drafted_months_chain_through_carried_from(tmp_path, capsys):
    """Four months drafted one from the other: each carried task is one chain of four months."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    for month in ("2023-12", "2024-01", "2024-02"):
        assert main(["draft", month, "--content", str(content)]) == 0
        (content / "programmes" / f"{month}.yaml").write_text(
            (content / "programmes" / f"{month}.yaml").read_text(encoding="utf-8").replace("draft: true\n", ""),
            encoding="utf-8")
    programmes = load_programmes(content)
    lineage = build_lineage(programmes)
    february = programmes[-1]
    for task in february.tasks():
        chain = lineage.chain_of(task)
        assert chain.months == ["2023-11", "2023-12", "2024-01", "2024-02"], task.label
    carried = [c for c in lineage.linked() if long_carried(c)]
    recurring = [c for c in lineage.linked() if not long_carried(c)]
    assert carried and recurring
    assert all(c.last.carried_from for c in carried)
    assert any(c.first.deadline == "Hàng tuần" for c in recurring)

    from portal.build.site import load_site, render_pages
    from htmlpage import text_of
    import lxml.html

    site = load_site(content)
    pages = {p.src_uri: p for p in render_pages(site)}
    page = lxml.html.fromstring(pages["phong-ban/tt-tt.md"].html())
    (box,) = page.xpath('//*[@id="chuyen-tiep"]')
    tt_carried = [c for c in carried if lead_key(c.last.lead) == lead_key("Phòng TT-TT")]
    assert text_of(box.xpath("summary")[0]) == f"Nhiệm vụ chuyển tiếp quá hai tháng: {len(tt_carried)}"
    assert len(box.xpath(".//li")) == len(tt_carried)


def test_lineage_work_grows_linearly(tmp_path, monkeypatch):
    """Close matches are looked up by (lead, signature, month): comparisons per task do not grow with the archive."""
    calls = {"n": 0}
    real = lineage_module.similarity

    def counting(a, b):
        calls["n"] += 1
        return real(a, b)

    monkeypatch.setattr(lineage_module, "similarity", counting)
    per_task = []
    for months in (24, 192):
        folder = tmp_path / str(months)
        generate_archive(months, 1, folder)
        programmes = load_programmes(folder / "content")
        calls["n"] = 0
        build_lineage(programmes)
        per_task.append(calls["n"] / sum(len(p.tasks()) for p in programmes))
    assert per_task[1] <= per_task[0] * 1.5 + 0.1


@pytest.mark.parametrize("carried_from, message", [
    ("2023-11/II-99", "chương trình tháng 2023-11 không có nhiệm vụ II.99"),
    ("2023-08/I-1", "không có chương trình tháng 2023-08"),
    ("2024-01/I-1", "không phải một tháng trước tháng của nhiệm vụ"),
])
def test_check_warns_about_a_carried_from_that_names_no_task(tmp_path, capsys, carried_from, message):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    assert main(["draft", "2023-12", "--content", str(content)]) == 0
    path = content / "programmes" / "2023-12.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("carried_from: 2023-11/I-1\n", f"carried_from: {carried_from}\n", 1), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    task_line = lines.index("  - number: '1'") + 1  # I.1: the first task of the first section
    capsys.readouterr()
    assert main(["check", "--content", str(content)]) == 0
    err = capsys.readouterr().err
    (warning,) = [w for w in err.splitlines() if "carried_from" in w]
    assert warning.startswith("Cảnh báo: ") and f"2023-12.yaml, dòng {task_line}, trường «carried_from»" in warning
    assert message in warning and "nhiệm vụ I.1" in warning


def test_chains_kept_by_an_earlier_build_are_the_chains_linked_again(tmp_path):
    """The build cache keeps each month's chain numbers, keyed by what linking reads of that month and
    of every month before it; an edit that moves a task into or out of a chain is another key for its
    month and every later one, and the chains put together from kept results are those linking makes."""
    from portal.build.cache import Memo

    generate_archive(14, 5, tmp_path)
    content = tmp_path / "content"

    memo = Memo(tmp_path / "lineage.pickle")
    programmes = load_programmes(content)
    months = len(programmes)
    assert _chains(programmes, memo) == _chains(programmes) and memo.misses == months
    assert _chains(load_programmes(content), memo) == _chains(programmes) and memo.hits == months
    # the latest month's rows now read as new work: linking gives other chains, never the kept ones
    latest = programmes[-1]
    for task in latest.tasks():
        task.text = "Việc mới hoàn toàn " + task.anchor
    assert _chains(programmes, memo) == _chains(programmes) != _chains(load_programmes(content))
    assert memo.misses == months + 1 and memo.hits == 2 * months - 1  # the months before it are kept


def _chains(programmes, memo=None):
    """Each chain's tasks (month, anchor) and whether it recurs, linking with ``memo`` keeping each
    month's result (as the build cache does) or without; every task's chain is the chain that holds it."""
    kept = None if memo is None else (lambda inputs, link: memo.cached(("lineage", inputs), link))
    lineage = build_lineage(programmes, kept=kept)
    assert all(lineage.chain_of(task) is chain for chain in lineage.chains for task in chain.tasks)
    return [[(task.month, task.anchor) for task in chain.tasks] + [chain.recurring] for chain in lineage.chains]


@pytest.mark.parametrize("edited", ["first", "middle", "carried", "lead", "close", "removed"])
def test_months_before_an_edit_are_kept_and_the_rest_linked_as_without_a_memo(tmp_path, edited):
    """An edit in one month: the chains put together from the months kept before it and linked from it
    on are those linking the whole archive gives, whatever the edit changes (a text, a lead, a
    ``carried_from``, a task gone); the months before it are not linked again, nor are all after it."""
    from portal.build.cache import Memo

    generate_archive(12, 4, tmp_path)
    content = tmp_path / "content"

    memo = Memo(tmp_path / "lineage.pickle")
    _chains(load_programmes(content), memo)
    memo.save()
    programmes = load_programmes(content)
    position = {"first": 0}.get(edited, len(programmes) // 2)
    month = programmes[position]
    tasks = month.tasks()
    if edited == "lead":
        tasks[1].lead = programmes[position - 1].tasks()[0].lead
        tasks[1].text = programmes[position - 1].tasks()[0].text
    elif edited == "carried":
        tasks[2].carried_from = programmes[position - 1].tasks()[-1].key
    elif edited == "removed":
        month.sections[0].tasks = month.sections[0].tasks[1:]
    elif edited == "close":  # a word added to a task of the month before: found by its signature there
        earlier = max(programmes[position - 1].tasks(), key=lambda task: len(set(masked_key(task.text).split())))
        tasks[0].lead, tasks[0].text = earlier.lead, earlier.text + " kịp thời"
    else:
        tasks[0].text = "Việc mới hoàn toàn"
    again = Memo(tmp_path / "lineage.pickle")
    assert _chains(programmes, again) == _chains(programmes)
    assert again.hits >= position and again.misses <= len(programmes) - position
    if edited == "middle":  # the months after it that read nothing it changed are kept too
        assert again.misses < len(programmes) - position
    if edited == "close":
        lineage = build_lineage(programmes)
        assert lineage.chain_of(tasks[0]) is lineage.chain_of(earlier)


@pytest.mark.parametrize("edited", ["joined by text", "close to", "carried from", "last month"])
def test_a_month_far_after_an_edit_that_met_the_edited_task_is_linked_again(tmp_path, edited):
    """A month kept by an earlier build is taken back only if everything its linking reads is the
    same: an edit of a task that a later month's task joined (by the same text ten months on, by a
    close text the month after, by ``carried_from`` from nine months on), or of the task that made a
    chain recent enough to be joined by text twelve months on, makes that later month's key another,
    and the chains are those linking the whole archive gives. (Each kind fails if the month's key
    leaves out what it reads: the chains of its tasks' texts and whether they are recent enough, the
    months it compares with, the chains its ``carried_from`` names.)"""
    from portal.build.cache import Memo

    generate_archive(14, 4, tmp_path)
    content = tmp_path / "content"
    words = "Kiểm tra đặc biệt việc thực hiện quy chế dân chủ ở cơ sở tại các xã vùng cao"
    position, later = {"joined by text": (2, 12), "close to": (2, 3), "carried from": (2, 11),
                       "last month": (1, 13)}[edited]

    def prepared():
        programmes = load_programmes(content)
        edited_task, later_task = programmes[position].tasks()[0], programmes[later].tasks()[1]
        edited_task.text = words
        if edited == "last month":  # the chain begun the month before is last seen in the edited month
            first = programmes[position - 1].tasks()[0]
            first.lead, first.text = edited_task.lead, words
            edited_task.text = words + " kịp thời"
        if edited == "carried from":
            later_task.carried_from = edited_task.key
        else:
            later_task.lead = edited_task.lead
            later_task.text = words + (" kịp thời" if edited == "close to" else "")
        return programmes, edited_task, later_task

    memo = Memo(tmp_path / "lineage.pickle")
    programmes, edited_task, later_task = prepared()
    lineage = build_lineage(programmes)
    assert lineage.chain_of(later_task) is lineage.chain_of(edited_task)  # as the case means
    before = lineage.chain_of(later_task).first.key
    _chains(programmes, memo)
    memo.save()
    programmes, edited_task, later_task = prepared()
    if edited == "carried from":  # the task named is gone
        section = programmes[position].sections[0]
        section.tasks = [task for task in section.tasks if task is not edited_task]
    else:
        edited_task.text = "Việc mới hoàn toàn"
    again = Memo(tmp_path / "lineage.pickle")
    assert _chains(programmes, again) == _chains(programmes)
    assert build_lineage(programmes).chain_of(later_task).first.key != before  # the later task is elsewhere now
    assert again.hits >= position and again.misses < len(programmes) - position
