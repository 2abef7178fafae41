"""Input is bounded before anything reads it: YAML aliases refused (a «billion laughs» file under a
time and memory limit), control characters refused with file, line and field, NFD read as NFC,
binary junk named as such, and a Word text export's line breaks imported as spaces."""
from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from conftest import ROOT

from portal.content.errors import ContentError
from portal.content.loader import load_programme
from portal.content.yamlsource import decode, parse_yaml

LAUGHS = "".join(
    [f'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n']
    + [f"a{n}: &a{n} [{','.join([f'*a{n - 1}'] * 9)}]\n" for n in range(1, 10)])


def _limited():
    resource.setrlimit(resource.RLIMIT_AS, (768 * 1024 * 1024, 768 * 1024 * 1024))


@pytest.fixture
def content(tmp_path) -> Path:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path / "content"


def test_billion_laughs_is_refused_quickly_in_bounded_memory(content):
    assert len(LAUGHS.encode()) < 700
    (content / "programmes" / "2023-11.yaml").write_text(LAUGHS, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "portal.cli", "check", "--content", str(content)],
                            capture_output=True, text=True, timeout=60, preexec_fn=_limited)
    assert result.returncode == 1, result.stderr
    assert "content/programmes/2023-11.yaml, dòng 1: YAML neo (anchor «&») «a0»" in result.stderr


@pytest.mark.parametrize("yaml_text, line", [
    ("a: &x 1\nb: *x\n", 1),
    ("month: 2023-11\nnote: ok\nlist:\n- *undefined\n", None),  # an unknown alias: still refused, never expanded
    ("a:\n  b: 1\nc: &anchor\n  d: 2\n", 3),
])
def test_anchors_and_aliases_are_refused_with_their_line(yaml_text, line):
    with pytest.raises(ContentError) as info:
        parse_yaml(yaml_text, "x.yaml")
    (problem,) = info.value.problems
    assert problem.line == line or line is None
    assert "x.yaml" == problem.file


def test_ampersand_and_star_in_text_are_fine():
    located = parse_yaml('lead: Phòng BTG&DV\nnote: "*quan trọng* & cần"\ntext: 5 * 3\n', "x.yaml")
    assert located.data == {"lead": "Phòng BTG&DV", "note": "*quan trọng* & cần", "text": "5 * 3"}


@pytest.mark.parametrize("escape, code", [("\\a", "0007"), ("\\e", "001B"), ("\\v", "000B"), ("\\x7f", "007F"),
                                          ("\\x85", "0085"), ("\\0", "0000"), ("\\b", "0008")])
def test_control_characters_are_refused_with_file_line_and_field(content, escape, code):
    path = content / "programmes" / "2023-11.yaml"
    text = path.read_text(encoding="utf-8")
    old = "    text: Báo cáo công tác tuyên giáo năm 2023 và nhiệm vụ trọng tâm năm 2024.\n"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, f'    text: "Báo cáo{escape} công tác"\n'), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_programme(path)
    (problem,) = info.value.problems
    assert (problem.line, problem.field) == (line, "sections.tasks.text") and f"U+{code}" in problem.message


def test_tab_and_newline_are_text():
    assert parse_yaml('a: "x\\ty"\nb: |\n  one\n  two\n', "x.yaml").data == {"a": "x\ty", "b": "one\ntwo\n"}


def test_a_month_file_in_nfd_is_read_as_nfc(content):
    path = content / "programmes" / "2023-11.yaml"
    nfc = load_programme(path)
    path.write_text(unicodedata.normalize("NFD", path.read_text(encoding="utf-8")), encoding="utf-8")
    nfd = load_programme(path)
    assert [t.text for t in nfd.tasks()] == [t.text for t in nfc.tasks()]
    assert all(unicodedata.is_normalized("NFC", t.text + t.lead) for t in nfd.tasks())


@pytest.mark.parametrize("raw, words", [
    (b"\x00\x01\x02\x03\xff\xfe\x00\x89PNG junk" * 10, "không phải văn bản"),
    ("month: 2023-11\n".encode("utf-16-le"), "UTF-16"),
    ("month: 2023-11\n".encode("utf-16"), "UTF-16"),
    (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + b"\x00" * 40, "không phải văn bản"),
])
def test_binary_junk_is_not_called_utf16(raw, words):
    with pytest.raises(ContentError) as info:
        decode(raw, "x.yaml")
    assert words in str(info.value)


def test_a_word_text_export_with_line_breaks_imports_and_loads(tmp_path):
    from portal.content.importers.text import import_text

    sample = (ROOT / "tests" / "fixtures" / "ctr-2023-11.txt").read_text(encoding="utf-8")
    first = next(line for line in sample.splitlines() if "\t" in line and line.split("\t")[0].strip() == "1")
    cell = first.split("\t")[1]
    broken = sample.replace(cell, cell[:10] + "\v" + cell[10:] + "\x07", 1)
    result = import_text(broken, "ctr.txt")
    assert not result.errors
    from portal.content.datafile import dump_programme
    from portal.content.loader import validate_programme

    validate_programme(parse_yaml(dump_programme(result.data), "2023-11.yaml"))
