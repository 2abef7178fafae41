"""The data file's optional group level and sub-numbered tasks: what loads, what is refused, how tasks are named."""
from __future__ import annotations

import copy

import pytest
from test_import_layouts import DECEMBER_2024, JUNE_2024

from portal.content.datafile import dump_programme
from portal.content.errors import ContentError
from portal.content.loader import validate_programme
from portal.content.yamlsource import parse_yaml


def _load(data):
    return validate_programme(parse_yaml(dump_programme(data), f"{data['month']}.yaml"), data["month"])


def test_grouped_programme_loads_with_sections_keyed_by_group():
    programme = _load(JUNE_2024)
    assert [(g.letter, g.title, [s.numeral for s in g.sections]) for g in programme.groups] == [
        ("A", "CÔNG TÁC TUYÊN GIÁO", ["I", "II"]), ("B", "CÔNG TÁC DÂN VẬN", ["I", "II"])]
    assert [s.key for s in programme.sections] == ["A.I", "A.II", "B.I", "B.II"]
    tasks = programme.tasks()
    assert [t.anchor for t in tasks][3:6] == ["A-II-1", "A-II-1-1", "A-II-1-2"]
    assert [t.label for t in tasks][-4:] == ["B.I.1", "B.I.1a", "B.I.1b", "B.II.1"]
    assert [t.shown_number for t in tasks][-3:-1] == ["a)", "b)"]
    assert len({t.anchor for t in tasks}) == len(tasks)


def test_ungrouped_programme_keeps_its_anchors():
    programme = _load(DECEMBER_2024)
    assert programme.groups == []
    assert [t.anchor for t in programme.tasks()][:3] == ["I-1", "I-2", "I-2a"]


BROKEN = {
    "both sections and groups": (lambda d: d.update(sections=copy.deepcopy(d["groups"][0]["sections"])), "cả «sections» và «groups»"),
    "group letter twice": (lambda d: d["groups"][1].update(letter="A"), "nhóm A bị lặp lại"),
    "section twice in a group": (lambda d: d["groups"][0]["sections"][1].update(numeral="I"), "mục I bị lặp lại"),
    "empty lead on a task without sub-tasks": (lambda d: d["groups"][0]["sections"][0]["tasks"][0].update(lead=""),
                                               "không được để trống"),
    "sub-number in a wrong form": (lambda d: d["groups"][0]["sections"][0]["tasks"][0].update(number="1-a"),
                                   "Stt «1-a» không hợp lệ"),
}


@pytest.mark.parametrize("change, message", BROKEN.values(), ids=BROKEN.keys())
def test_broken_grouped_files_are_refused_with_a_message(change, message):
    data = copy.deepcopy(JUNE_2024)
    change(data)
    with pytest.raises(ContentError) as error:
        _load(data)
    assert message in str(error.value)


def test_parent_task_may_leave_lead_and_deadline_to_its_sub_tasks():
    parent = _load(JUNE_2024).groups[0].sections[1].tasks[0]
    assert (parent.number, parent.lead, parent.deadline) == ("1", "", "")
