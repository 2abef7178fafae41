"""Nothing in content/ is ignored or cut in silence: stray month files, `#` in values, invisible
text, department codes or aliases naming two departments, empty registries."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import example, given, settings, strategies as st
from conftest import ROOT

from portal.content.departments import load_registry
from portal.content.directives import load_directives
from portal.content.errors import ContentError
from portal.content.loader import load_programmes
from portal.content.yamlsource import _hash_after_content

SAMPLE = (ROOT / "content" / "programmes" / "2023-11.yaml").read_text(encoding="utf-8")


def _content(tmp_path: Path, files: dict[str, str]) -> Path:
    content = tmp_path / "content"
    (content / "programmes").mkdir(parents=True)
    for name, text in files.items():
        path = content / "programmes" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return content


def _problems(content: Path) -> list:
    with pytest.raises(ContentError) as info:
        load_programmes(content)
    return info.value.problems


STRAY = [  # (file under programmes/, expected advice)
    ("2023-12.yml", "đổi tên thành content/programmes/2023-12.yaml"),
    ("2023-12.YAML", "đổi tên thành content/programmes/2023-12.yaml"),
    ("2023-12.yaml.txt", "đổi tên thành content/programmes/2023-12.yaml"),
    ("2023/2023-12.yaml", "thư mục con"),
    ("2023/12.yaml", "đổi tên thành content/programmes/2023-12.yaml"),
    ("CTr thang 12-2023.docx.yaml", "đổi tên thành content/programmes/2023-12.yaml"),
    ("2024-3.yaml", "đổi tên thành content/programmes/2024-03.yaml"),
    ("ghi chu.txt", "YYYY-MM.yaml"),
]


@pytest.mark.parametrize("name, advice", STRAY)
def test_a_stray_file_is_an_error_naming_it_and_its_right_name(tmp_path, name, advice):
    content = _content(tmp_path, {"2023-11.yaml": SAMPLE, name: SAMPLE.replace("2023-11", "2023-12")})
    (problem,) = _problems(content)
    assert problem.file == f"content/programmes/{name}"
    assert advice in problem.message


def test_a_stray_file_of_a_month_already_there_says_merge(tmp_path):
    content = _content(tmp_path, {"2023-11.yaml": SAMPLE, "2023-11.yml": SAMPLE})
    (problem,) = _problems(content)
    assert "đã có tệp content/programmes/2023-11.yaml" in problem.message


def test_hidden_files_of_editors_are_left_alone(tmp_path):
    content = _content(tmp_path, {"2023-11.yaml": SAMPLE, ".2023-11.yaml.swp": "x", ".git/HEAD": "x"})
    assert [p.month for p in load_programmes(content)] == ["2023-11"]


def test_impossible_month_in_the_name(tmp_path):
    content = _content(tmp_path, {"2023-13.yaml": SAMPLE})
    (problem,) = _problems(content)
    assert problem.file == "content/programmes/2023-13.yaml" and "tháng 13 không có" in problem.message


def test_check_command_fails_on_a_stray_file(tmp_path, capsys):
    from portal import cli

    content = _content(tmp_path, {"2023-12.yml": SAMPLE.replace("2023-11", "2023-12")})
    shutil.copy(ROOT / "content" / "departments.yaml", content)
    assert cli.main(["check", "--content", str(content)]) == 1
    assert "2023-12.yml" in capsys.readouterr().err


# ---- a `#` typed inside a value -------------------------------------------------------------

CUT = [  # (replacement in the sample, field, cut text)
    ("    text: Tổ chức Hội nghị", "    text: Tổ chức Hội nghị #2 và", "text"),
    ("    lead: LLCT-LSĐ\n", "    lead: LLCT-LSĐ # phòng cũ\n", "lead"),
    ("    deadline: 29/11/2023", "    deadline: #29/11/2023", "deadline"),
]


@pytest.mark.parametrize("old, new, field", CUT)
def test_a_hash_inside_a_value_is_refused_with_its_line_and_column(tmp_path, old, new, field):
    assert old in SAMPLE
    text = SAMPLE.replace(old, new, 1)
    problems = _problems(_content(tmp_path, {"2023-11.yaml": text}))
    cut = [p for p in problems if "«#»" in p.message]
    assert len(cut) == 1, problems
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith(new.rstrip("\n")))
    assert cut[0].line == line and cut[0].field.endswith(field)
    assert f"cột {new.index('#') + 1}" in cut[0].message and "dấu nháy kép" in cut[0].message


def test_a_quoted_hash_and_a_comment_line_are_fine(tmp_path):
    text = SAMPLE.replace("    text: Tổ chức Hội nghị", "    # ghi chú của biên tập viên\n    text: Tổ chức Hội nghị", 1)
    text = text.replace("    deadline: 29/11/2023", "    deadline: '29/11/2023 #1'", 1)
    (programme,) = load_programmes(_content(tmp_path, {"2023-11.yaml": text}))
    assert any(t.deadline == "29/11/2023 #1" for t in programme.tasks())


# Whether a file may hold such a `#` is told by looking at its lines with a `#` only; the plain way
# is this pattern, which it must agree with on any text.
_HASH_AFTER_CONTENT_RE = re.compile(r"^[ \t]*[^ \t#\n][^\n]*#", re.M)


@settings(max_examples=1000, deadline=None)
@example("# chú thích\n  # chú thích\n\ttext: a #1\n")
@example("#\n\r#\n")
@given(st.one_of(st.text(max_size=60), st.lists(st.sampled_from(["#", "##", " ", "\t", "\n", "\r", "a", "é"]),
                                                 max_size=30).map("".join)))
def test_lines_with_a_hash_after_content_are_found_as_the_plain_pattern_finds_them(text):
    assert _hash_after_content(text) == bool(_HASH_AFTER_CONTENT_RE.search(text))


@pytest.mark.parametrize("invisible", ["\u200b", "\u200b\u200c\ufeff", "\u2060 \u00a0"])
def test_task_text_of_only_invisible_characters_is_refused(tmp_path, invisible):
    text = SAMPLE.replace("    text: Tổ chức Hội nghị", f'    text: "{invisible}"\n    x_old: Tổ chức Hội nghị', 1)
    text = text.replace("    x_old: ", "    note: ", 1)
    problems = _problems(_content(tmp_path, {"2023-11.yaml": text}))
    assert any("ký tự vô hình" in p.message and p.field.endswith(".text") for p in problems), problems


# ---- registries ------------------------------------------------------------------------------

def _registry_problems(tmp_path: Path, text: str) -> list:
    (tmp_path / "departments.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_registry(tmp_path)
    return info.value.problems


def test_codes_differing_only_in_d_stroke_are_refused(tmp_path):
    (problem,) = _registry_problems(tmp_path, "departments:\n  - code: LLCT-LSĐ\n    name: Phòng A\n"
                                               "  - code: LLCT-LSD\n    name: Phòng B\n")
    assert problem.line == 4 and "dòng 2" in problem.message and "Đ/D" in problem.message


def test_codes_differing_only_in_d_stroke_in_two_periods_are_fine(tmp_path):
    (tmp_path / "departments.yaml").write_text(
        "departments:\n  - code: LLCT-LSĐ\n    name: Phòng A\n    to: 2020-12\n"
        "  - code: LLCT-LSD\n    name: Phòng B\n    from: 2021-01\n", encoding="utf-8")
    assert len(load_registry(tmp_path).departments) == 2


def test_one_alias_on_two_departments_is_refused(tmp_path):
    (problem,) = _registry_problems(tmp_path, "departments:\n  - code: A\n    name: Phòng A\n    aliases: [Phòng TH]\n"
                                               "  - code: B\n    name: Phòng B\n    aliases: [phòng th]\n")
    assert problem.line == 5 and "«phòng th»" in problem.message and "«A»" in problem.message


@pytest.mark.parametrize("text", ["", "   \n", "# chỉ có chú thích\n"])
def test_an_empty_directives_file_is_not_told_to_run_import(tmp_path, text):
    (tmp_path / "directives.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_directives(tmp_path)
    message = str(info.value)
    assert "portal import" not in message and "directives:" in message and "directives.yaml" in message
