"""The check run before the downloads and open data are written: every published task, nothing withheld."""
from __future__ import annotations

import json

import pytest
from conftest import ROOT

from portal.build.audit import DataFileError, check_data_files, data_file_problems
from portal.build.site import data_files, load_site
from portal.outputs.tasktable import task_rows

SAMPLE = (ROOT / "content" / "programmes" / "2023-11.yaml").read_text(encoding="utf-8")
SECRET = "Báo cáo kết quả khắc phục hạn chế về công tác Bí mật nhà nước"


def _content(tmp_path, text=SAMPLE):
    content = tmp_path / "content"
    (content / "programmes").mkdir(parents=True)
    for name in ("departments.yaml", "directives.yaml"):
        (content / name).write_text((ROOT / "content" / name).read_text(encoding="utf-8"), encoding="utf-8")
    (content / "programmes" / "2023-11.yaml").write_text(text, encoding="utf-8")
    return content


@pytest.fixture
def restricted_site(tmp_path):
    marked = SAMPLE.replace(f"    text: {SECRET}", f"    restricted: true\n    text: {SECRET}", 1)
    assert marked != SAMPLE
    return load_site(_content(tmp_path, marked))


def test_files_as_written_pass(restricted_site):
    assert [t.text.startswith(SECRET) for t in restricted_site.withheld] == [True]
    assert data_file_problems(restricted_site, {a.path: a.content for a in data_files(restricted_site)}) == []


def test_a_withheld_task_in_the_json_is_caught(restricted_site):
    files = {a.path: a.content for a in data_files(restricted_site)}
    document = json.loads(files["du-lieu/nhiem-vu.json"])
    leaked = dict(document["tasks"][0], id="2023-11/I-4", text=restricted_site.withheld[0].text)
    document["tasks"].append(leaked)
    files["du-lieu/nhiem-vu.json"] = json.dumps(document, ensure_ascii=False).encode("utf-8")
    problems = data_file_problems(restricted_site, files)
    assert {p.field for p in problems} == {"2023-11/I-4"} and len(problems) == 2  # the id, and the text
    assert all(p.file == "du-lieu/nhiem-vu.json" for p in problems)


def test_a_lost_task_in_a_table_is_caught(restricted_site):
    rows = task_rows(restricted_site)
    from portal.outputs import xlsx

    files = {"tai-ve/2023-11.xlsx": xlsx.workbook(rows[1:], "Nhiệm vụ")}
    problems = data_file_problems(restricted_site, files)
    assert [(p.file, p.field) for p in problems] == [("tai-ve/2023-11.xlsx", rows[0].id)]
    with pytest.raises(DataFileError) as info:
        from portal.site.model import Asset

        check_data_files(restricted_site, [Asset(path, content) for path, content in files.items()])
    assert "chưa ghi tệp nào" in str(info.value) and rows[0].id in str(info.value)


def test_a_draft_programme_is_in_no_data_file(tmp_path):
    site = load_site(_content(tmp_path))
    site.programmes[0].draft = True  # the field a draft programme carries (issue #19)
    files = {a.path: a.content for a in data_files(site)}
    assert json.loads(files["du-lieu/nhiem-vu.json"])["tasks"] == []
    assert b"<entry>" not in files["feed.xml"] and "tai-ve/2023-11.xlsx" not in files
    assert data_file_problems(site, files) == []


def test_large_tables_are_written_row_by_row(tmp_path, monkeypatch):
    """A 600-month archive's table (≈ 28,000 rows) is written with constant_memory: peak Python
    memory stays far below the size of the rows' cells. (The threshold is lowered here so the
    test writes 2,880 rows, not 10,000.)"""
    import tracemalloc

    from portal.outputs import xlsx

    assert 6000 < xlsx.LARGE < 28000  # a 120-month archive keeps its cells, a 600-month one does not
    monkeypatch.setattr(xlsx, "LARGE", 2000)
    rows = task_rows(load_site(_content(tmp_path))) * 60  # 2,880 rows
    tracemalloc.start()
    data = xlsx.workbook(rows, "Nhiệm vụ")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert data[:2] == b"PK" and peak < 4 * 1024 * 1024, peak  # 10.6 MB when every cell is kept


@pytest.mark.build
def test_the_post_build_audit_reads_the_data_files_of_a_built_site(built_site, tmp_path):
    import shutil

    from portal.build.audit import audit_site

    site = load_site(ROOT / "content")
    assert audit_site(site, built_site) == []
    copy = tmp_path / "site"
    shutil.copytree(built_site, copy)
    csv_path = copy / "du-lieu" / "nhiem-vu.csv"
    lines = csv_path.read_bytes().split(b"\r\n")
    csv_path.write_bytes(b"\r\n".join(lines[:2] + lines[3:]))  # one task's line lost
    problems = audit_site(site, copy)
    assert [(p.file, p.field) for p in problems] == [("du-lieu/nhiem-vu.csv", "2023-11/I-2")]


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    import io

    openpyxl = pytest.importorskip("openpyxl")
    from portal.outputs import xlsx

    text = "=HYPERLINK(\"http://example.org\";\"bấm\") <script>alert(1)</script>"
    line = "    text: Báo cáo công tác tuyên giáo năm 2023 và nhiệm vụ trọng tâm năm 2024.\n"
    marked = SAMPLE.replace(line, "    text: '" + text.replace("'", "''") + "'\n", 1)
    assert marked != SAMPLE
    site = load_site(_content(tmp_path, marked))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.workbook(task_rows(site), "x"))).active
    (cell,) = [c for c in sheet[2] if c.column == [h.value for h in sheet[1]].index("Nội dung công việc") + 1]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK(")


def test_a_withheld_text_is_caught_in_every_file_that_carries_it(restricted_site, tmp_path):
    """The withheld texts are looked for once per distinct cell text, yet every file holding one is
    named: a month's table and the archive's with the same leaked cell, the JSON with it inside a
    longer text. A check with the build cache's memo finds the same in a second build, from the memo."""
    import dataclasses

    from portal.build.audit import DataFileCheck
    from portal.build.cache import Memo
    from portal.outputs import opendata, xlsx

    secret = restricted_site.withheld[0]
    rows = task_rows(restricted_site)
    leaked = dataclasses.replace(rows[0], task=dataclasses.replace(rows[0].task, text=secret.text))
    files = {a.path: a.content for a in data_files(restricted_site)}
    files["tai-ve/2023-11.xlsx"] = xlsx.workbook([leaked, *rows[1:]], "Nhiệm vụ")
    files["du-lieu/nhiem-vu.xlsx"] = xlsx.workbook([leaked, *rows[1:]], "Nhiệm vụ")
    longer = dataclasses.replace(rows[0], task=dataclasses.replace(rows[0].task, text=f"Mở đầu. {secret.text} Kết thúc."))
    files["du-lieu/nhiem-vu.json"] = opendata.tasks_json([longer, *rows[1:]])
    expected = [("tai-ve/2023-11.xlsx", secret.key), ("du-lieu/nhiem-vu.xlsx", secret.key),
                ("du-lieu/nhiem-vu.json", secret.key)]

    def found(memo=None):
        check = DataFileCheck(restricted_site, memo)
        for path in ("tai-ve/2023-11.xlsx", "du-lieu/nhiem-vu.xlsx", "du-lieu/nhiem-vu.json"):
            check.file(path, files[path])
        return [(p.file, p.field) for p in check.problems]

    assert found() == expected
    memo = Memo(tmp_path / "memo.pickle")
    assert found(memo) == expected and memo.misses and not memo.hits
    memo.save()
    again = Memo(tmp_path / "memo.pickle")
    assert found(again) == expected and again.hits == 4 and not again.misses  # three files, the withheld texts not said


@pytest.mark.parametrize("path", ["du-lieu/nhiem-vu.json", "du-lieu/nhiem-vu.csv"])
def test_an_open_data_file_changed_in_one_place_is_read_again_there_only(restricted_site, tmp_path, path):
    """With the build cache's memo a JSON or CSV file whose bytes changed is read in runs of records
    and only the runs that changed are parsed, also after a build that changed nothing (which found
    the file whole and kept its runs); what the check finds is what reading the file whole finds: a withheld text put into one task (a text with a line break and quotes, so a CSV record
    spans lines) is caught, every task is there."""
    import dataclasses

    from portal.build import audit
    from portal.build.audit import DataFileCheck
    from portal.build.cache import Memo
    from portal.outputs import opendata

    secret = restricted_site.withheld[0]
    rows = task_rows(restricted_site)
    many = [dataclasses.replace(row, id=f"{row.id}-{copy}") for copy in range(40) for row in rows]
    write = opendata.tasks_json if path.endswith(".json") else opendata.tasks_csv
    quoted = dataclasses.replace(many[7], task=dataclasses.replace(many[7].task, text='Dòng «một»\n"hai" ba'))
    before = write([*many[:7], quoted, *many[8:]])
    at = len(many) // 2
    leaked = dataclasses.replace(many[at], task=dataclasses.replace(many[at].task, text=f"{secret.text} (sửa)"))
    after = write([*many[:7], quoted, *many[8:at], leaked, *many[at + 1:]])
    parse = audit._json_file if path.endswith(".json") else audit._csv_file
    read, head, runs = audit._line_runs(after, parse)
    runs = list(runs)
    assert len(runs) > 10 and b"".join(runs) != after  # the file is in many runs

    def problems(memo=None, content=after):
        check = DataFileCheck(restricted_site, memo)
        check.file(path, content)
        return sorted((p.file, p.field, p.message) for p in check.problems)

    whole = problems()
    assert (path, secret.key, f"tệp {path} chứa nội dung nhiệm vụ hạn chế {secret.key} ({secret.origin or ''}).") in whole
    memo = Memo(tmp_path / "memo.pickle")
    assert problems(memo, before) == problems(None, before)
    memo.save()
    unchanged = Memo(tmp_path / "memo.pickle")  # a build that changed nothing finds the file whole
    assert problems(unchanged, before) == problems(None, before) and unchanged.hits == 2 and not unchanged.misses  # the file, the withheld texts not said
    unchanged.save()
    again = Memo(tmp_path / "memo.pickle")
    assert problems(again) == whole
    assert again.misses <= 1 + 2 and again.hits >= len(runs) - 2  # the file's own entry, the changed run(s)


@pytest.mark.parametrize("large, chunk", [(False, 1), (False, 5), (False, 64), (True, 997)])
def test_a_workbook_read_a_block_at_a_time_gives_what_a_whole_read_gives(restricted_site, monkeypatch, large, chunk):
    """The tables are read a block at a time (a long archive's sheet is tens of megabytes of XML):
    wherever a block ends (inside a tag, a text, an escape), the ids and texts are those the whole
    part holds, and a withheld text in a table is still caught."""
    import html
    import io
    import re
    import dataclasses
    import zipfile

    from portal.build import audit
    from portal.outputs import xlsx

    secret = restricted_site.withheld[0]
    rows = task_rows(restricted_site)
    leaked = dataclasses.replace(rows[2], task=dataclasses.replace(rows[2].task, text=f"A & B <{secret.text}>"))
    for count in [xlsx.LARGE if large else 3]:  # inline strings (a long archive's table), or shared ones
        table = [leaked, *rows] * max(1, count // (len(rows) + 1) + 1)
        content = xlsx.workbook(table[:max(count, 3)], "Nhiệm vụ")
        expected_ids, expected_texts = set(), set()
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            for name in archive.namelist():
                if name.startswith("xl/worksheets/") or name == "xl/sharedStrings.xml":
                    for found in re.findall(rb"<t(?: [^>]*)?>([^<]*)</t>", archive.read(name)):
                        text = found.decode("utf-8")
                        expected_texts.add(html.unescape(text))
                        if re.fullmatch(r"\d{4}-\d{2}/[^<\s]+", text):
                            expected_ids.add(html.unescape(text))
        monkeypatch.setattr(audit, "_XLSX_CHUNK", chunk)
        ids, texts = audit._xlsx_strings(content)
        assert (ids, texts) == (expected_ids, expected_texts)
        assert {row.id for row in table[:max(count, 3)]} <= ids and f"A & B <{secret.text}>" in texts
        problems = data_file_problems(restricted_site, {"tai-ve/2023-11.xlsx": content})
        assert any(p.field == secret.key and "hạn chế" in p.message for p in problems)


@pytest.mark.parametrize("block", [1, 97, 5000])
@pytest.mark.parametrize("path", ["du-lieu/nhiem-vu.json", "du-lieu/nhiem-vu.csv"])
def test_an_open_data_file_read_in_blocks_finds_what_a_whole_read_finds(restricted_site, monkeypatch, path, block):
    """Without the build cache a JSON or CSV file is read a block of whole records at a time: wherever
    the blocks end (a CSV record with a line break and quotes inside, a block of one record), every
    task is found and a withheld text is caught, as reading the file whole finds."""
    import dataclasses

    from portal.build import audit
    from portal.build.audit import DataFileCheck
    from portal.outputs import opendata

    secret = restricted_site.withheld[0]
    rows = task_rows(restricted_site)
    many = [dataclasses.replace(row, id=f"{row.id}-{copy}") for copy in range(5) for row in rows]
    many[3] = dataclasses.replace(many[3], task=dataclasses.replace(many[3].task, text='Dòng «một»\r\n"hai", ba'))
    many[-2] = dataclasses.replace(many[-2], task=dataclasses.replace(many[-2].task, text=f"{secret.text} (sửa)"))
    content = (opendata.tasks_json if path.endswith(".json") else opendata.tasks_csv)(many)
    parse = audit._json_file if path.endswith(".json") else audit._csv_file
    ids, texts = parse(content)
    assert ids == {row.id for row in many}
    monkeypatch.setattr(audit, "_BLOCK", block)
    read, head, blocks = audit._line_runs(content, parse, blocks=True)
    assert len(list(blocks)) > (1 if block < 5000 else 0)
    check = DataFileCheck(restricted_site)
    found, carried = check._read(path, content, parse)
    assert (found, carried) == (ids, check._carried(texts)) and carried
    check.file(path, content)
    assert [p.field for p in check.problems if "chứa nội dung" in p.message] == [secret.key]


def test_a_tables_texts_as_its_writer_tells_them_are_those_read_back_from_its_bytes(restricted_site):
    """The check takes a table's cell texts from its writer (``told``) instead of inflating and parsing
    the file: for every table of a build they are what reading the bytes finds."""
    from portal.build import audit

    told: dict = {}
    files = {a.path: a.content for a in data_files(restricted_site, told=lambda path, texts: told.__setitem__(path, texts))}
    tables = [path for path in files if path.endswith(".xlsx")]
    assert tables and set(told) == set(tables)
    for path in tables:
        assert audit._written_strings(told[path], files[path]) == audit._xlsx_strings(files[path])


@pytest.mark.parametrize("large", [False, True], ids=["shared strings", "inline strings"])
def test_a_withheld_text_in_a_table_is_caught_from_the_texts_its_writer_tells(restricted_site, monkeypatch, large):
    import dataclasses

    from portal.build.audit import DataFileCheck
    from portal.outputs import xlsx

    if large:  # a long archive's table: no texts told, the file is read
        monkeypatch.setattr(xlsx, "LARGE", 1)
    secret = restricted_site.withheld[0]
    rows = task_rows(restricted_site)
    leaked = dataclasses.replace(rows[2], task=dataclasses.replace(rows[2].task, text=f"A & B <{secret.text}>"))
    content, texts = xlsx.table([leaked, *rows], "Nhiệm vụ")
    assert (texts is None) == large
    check = DataFileCheck(restricted_site)
    check.file("tai-ve/2023-11.xlsx", content, cell_texts=texts)
    assert any(p.field == secret.key and "hạn chế" in p.message for p in check.problems)


@pytest.mark.parametrize("path", ["du-lieu/nhiem-vu.json", "du-lieu/nhiem-vu.csv"])
def test_an_open_data_file_is_read_in_the_parts_its_writer_tells(restricted_site, tmp_path, path):
    """With the build cache the writer tells the lengths of the parts (a month's records each) a JSON
    or CSV file was put together from, and the check reads the file in those runs: after a change in
    one part only that run is parsed, and what it finds is what reading the file whole finds (a
    withheld text, every task; a CSV record with a line break and quotes). Lengths that do not cut the
    file into whole records (inside a record, inside quotes, short of the end) are not used: the runs
    are then cut where the content says, as without them."""
    import dataclasses

    from portal.build import audit
    from portal.build.audit import DataFileCheck
    from portal.build.cache import Memo
    from portal.outputs import opendata

    secret = restricted_site.withheld[0]
    rows = task_rows(restricted_site)
    many = [dataclasses.replace(row, id=f"{row.id}-{copy}") for copy in range(12) for row in rows]
    many[5] = dataclasses.replace(many[5], task=dataclasses.replace(many[5].task, text='Dòng «một»\r\n"hai", ba'))
    size = len(rows)
    months = [many[start:start + size] for start in range(0, len(many), size)]
    json_file = path.endswith(".json")
    parse = audit._json_file if json_file else audit._csv_file

    def write(parts_rows):
        parts = [opendata.json_part(part) if json_file else opendata.csv_lines(part).encode("utf-8")
                 for part in parts_rows]
        made = opendata.tasks_json(many, parts=iter(parts)) if json_file else opendata.tasks_csv(many, parts=iter(parts))
        return made, [len(part) for part in parts]

    before, lengths = write(months)
    assert before == (opendata.tasks_json if json_file else opendata.tasks_csv)(many)
    leaked = dataclasses.replace(months[6][2], task=dataclasses.replace(months[6][2].task, text=f"{secret.text} (sửa)"))
    after, after_lengths = write([*months[:6], [*months[6][:2], leaked, *months[6][3:]], *months[7:]])
    told = audit._told_runs(after, parse, after_lengths)
    assert told is not None and len(list(told[2])) == len(months)
    for wrong in ([length + 1 for length in after_lengths], after_lengths[:-1], [1, *after_lengths],
                  [after_lengths[0] - 3, 3, *after_lengths[1:]]):
        assert audit._told_runs(after, parse, wrong) is None

    def problems(memo, content, lengths):
        check = DataFileCheck(restricted_site, memo)
        check.file(path, content, part_lengths=lengths)
        return sorted((p.file, p.field, p.message) for p in check.problems)

    whole = problems(None, after, None)
    assert any(field == secret.key for _, field, _ in whole)
    memo = Memo(tmp_path / "memo.pickle")
    assert problems(memo, before, lengths) == problems(None, before, None)
    memo.save()
    again = Memo(tmp_path / "memo.pickle")
    assert problems(again, after, after_lengths) == whole
    assert again.misses == 2 and again.hits == len(months)  # the file's own entry and the changed run; hits: the others and the withheld texts not said
    wrongly = Memo(tmp_path / "memo.pickle")  # lengths that cut a record: read as without them
    assert problems(wrongly, after, [after_lengths[0] - 3, 3, *after_lengths[1:]]) == whole


def test_the_writer_tells_the_parts_of_the_open_data_with_the_build_cache(restricted_site, tmp_path):
    """With the build cache ``data_files`` tells, before giving the JSON and the CSV file, the lengths
    of the month parts each was put together from: they cut the file into whole records."""
    from portal.build import audit
    from portal.build.cache import Memo

    parted: dict = {}
    files = {a.path: a.content for a in data_files(restricted_site, Memo(tmp_path / "memo.pickle"),
                                                  parted=parted.__setitem__)}
    assert set(parted) == {"du-lieu/nhiem-vu.json", "du-lieu/nhiem-vu.csv"}
    for path, parse in (("du-lieu/nhiem-vu.json", audit._json_file), ("du-lieu/nhiem-vu.csv", audit._csv_file)):
        told = audit._told_runs(files[path], parse, parted[path])
        assert told is not None and audit.DataFileCheck(restricted_site)._read_runs(*told)[0] == parse(files[path])[0]


def test_a_withheld_text_a_published_task_comes_to_say_is_no_longer_looked_for(tmp_path):
    """A withheld text that a published task also says proves nothing and is not looked for. With the
    build cache's memo that is found month by month, each month's kept by its tasks' texts: after an
    edit of another month's task to say it (or no longer say it), the check follows, as without memo."""
    from portal.build.audit import DataFileCheck
    from portal.build.cache import Memo

    marked = SAMPLE.replace(f"    text: {SECRET}", f"    restricted: true\n    text: {SECRET}", 1)
    content = _content(tmp_path, marked)
    other = content / "programmes" / "2023-12.yaml"
    later = marked.replace("month: 2023-11", "month: 2023-12", 1).replace(f"    restricted: true\n    text: {SECRET}",
                                                                        "    text: Một nhiệm vụ khác", 1)
    assert later != marked and SECRET not in later.replace(f"text: {SECRET}", "")

    def secrets(text: str) -> list[str]:
        other.write_text(text, encoding="utf-8")
        site = load_site(content)
        memo = Memo(tmp_path / "memo.pickle")
        found = [task.key for task, _ in DataFileCheck(site, memo).secrets]
        memo.save()
        assert found == [task.key for task, _ in DataFileCheck(site).secrets]
        return found

    assert secrets(later) != []  # no published task says it
    withheld = next(line for line in SAMPLE.splitlines() if line.startswith(f"    text: {SECRET}"))[len("    text: "):]
    said = later.replace("    text: Một nhiệm vụ khác", f"    text: Nhắc lại {withheld}", 1)
    assert said != later
    assert secrets(said) == []
    assert secrets(later) != []
