"""The downloads and open data of a full build, opened with the tools their users have.

Excel tables with openpyxl, the CSV with the csv module after a BOM check, the JSON against its
own schema with jsonschema, the Atom feed with an XML parser. Expected values come from the
month file itself (read with PyYAML), not from the code that wrote the files.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
import yaml
from conftest import ROOT
from htmlpage import parse, text_of

openpyxl = pytest.importorskip("openpyxl")
jsonschema = pytest.importorskip("jsonschema")

pytestmark = pytest.mark.build

SAMPLE = yaml.safe_load((ROOT / "content" / "programmes" / "2023-11.yaml").read_text(encoding="utf-8"))
SAMPLE_TASKS = [(section["numeral"], task) for section in SAMPLE["sections"] for task in section["tasks"]]
SAMPLE_IDS = [f"2023-11/{numeral}-{task['number']}" for numeral, task in SAMPLE_TASKS]
HEADERS = ["Mã nhiệm vụ", "Tháng", "Mục", "Tên mục", "Stt", "Nội dung công việc", "Phòng chủ trì (như văn bản ghi)",
           "Phòng chủ trì (tên đầy đủ)", "Đơn vị phối hợp", "Thời gian hoàn thành (như văn bản ghi)", "Từ ngày",
           "Hạn (ngày)", "Tiến độ", "Văn bản trích dẫn"]
ATOM = "{http://www.w3.org/2005/Atom}"


def plain(text: str) -> str:
    """The task text as the files give it: the document's italics are markup, not text."""
    return re.sub(r"</?i>", "", text)


def _sheet(path):
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Nhiệm vụ"]
    return book, book.active


def _assert_table(sheet, ids, extra_headers=()):
    assert [c.value for c in sheet[1]] == HEADERS + list(extra_headers)
    assert sheet.freeze_panes == "A2"  # the header row stays in view
    last_column = openpyxl.utils.get_column_letter(len(HEADERS) + len(extra_headers))
    assert sheet.auto_filter.ref == f"A1:{last_column}{len(ids) + 1}"
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ids
    assert sheet.column_dimensions["F"].width >= 60  # the task text is wide and wrapped
    assert sheet["F2"].alignment.wrap_text


def test_month_table_has_every_task_of_the_month(built_site):
    page = parse(built_site / "programmes" / "2023-11" / "index.html")
    (href,) = page.xpath('//a[contains(@class,"portal-xlsx")]/@href')
    assert text_of(page.xpath('//a[contains(@class,"portal-xlsx")]')[0]) == "Tải về bảng Excel (.xlsx)"
    # beside the Word download, in the same tools bar
    tools = page.xpath('//div[contains(@class,"portal-print-tools")]')[0]
    assert tools.xpath('.//a[contains(@class,"portal-download")]') and tools.xpath('.//a[contains(@class,"portal-xlsx")]')
    target = (built_site / "programmes" / "2023-11" / href).resolve()
    assert target == (built_site / "tai-ve" / "2023-11.xlsx").resolve()
    book, sheet = _sheet(target)
    assert sheet.max_row == 49  # header + the sample's 48 tasks
    _assert_table(sheet, SAMPLE_IDS)
    assert book.properties.title == "Nhiệm vụ tháng 11/2023"
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    for (numeral, task), key in zip(SAMPLE_TASKS, SAMPLE_IDS):
        row = rows[key]
        assert row[2] == numeral and row[4] == str(task["number"])
        assert row[5] == plain(task["text"]) and row[6] == task["lead"] and row[9] == task["deadline"]
        assert row[8] == "\n".join(task.get("coordinators") or []) or row[8] is None
        assert row[12] == task.get("status")


def test_deadline_is_written_as_text_and_as_dates(built_site):
    _, sheet = _sheet(built_site / "tai-ve" / "2023-11.xlsx")
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    by_text = {}
    for (numeral, task), key in zip(SAMPLE_TASKS, SAMPLE_IDS):
        by_text.setdefault(task["deadline"], rows[key])
    on_day = by_text["20/11/2023"]
    assert on_day[10].value == dt.datetime(2023, 11, 20) and on_day[11].value == dt.datetime(2023, 11, 20)
    assert on_day[11].is_date and on_day[11].number_format == "dd/mm/yyyy"
    month = by_text["Trong tháng 11/2023"]
    assert month[10].value == dt.datetime(2023, 11, 1) and month[11].value == dt.datetime(2023, 11, 30)
    weekly = by_text["Hàng tuần"]
    assert weekly[9].value == "Hàng tuần"  # as written, whatever the dates read from it


def test_department_table_lists_its_led_and_joined_tasks(built_site):
    page = parse(built_site / "phong-ban" / "tt-tt" / "index.html")
    (href,) = page.xpath('//a[contains(@class,"portal-xlsx")]/@href')
    led = page.xpath('//table[contains(@class,"deadlines-led")]//tr[@data-task]/@data-task')
    joined = page.xpath('//table[contains(@class,"deadlines-joined")]//tr[@data-task]/@data-task')
    _, sheet = _sheet((built_site / "phong-ban" / "tt-tt" / href).resolve())
    ids = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(ids) == sorted(set(led) | set(joined)) and len(ids) == len(set(ids))
    _assert_table(sheet, [i for i in SAMPLE_IDS if i in ids], ["Vai trò của phòng"])
    roles = {row[0]: row[-1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert all("Chủ trì" in roles[key] for key in led) and all("Phối hợp" in roles[key] for key in joined)


def test_archive_table(built_site):
    _, sheet = _sheet(built_site / "du-lieu" / "nhiem-vu.xlsx")
    _assert_table(sheet, SAMPLE_IDS)


def test_csv_opens_with_a_bom_and_one_line_per_task(built_site):
    data = (built_site / "du-lieu" / "nhiem-vu.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data[3:].decode("utf-8"), newline="")))
    assert [r["id"] for r in rows] == SAMPLE_IDS
    for row, (numeral, task) in zip(rows, SAMPLE_TASKS):
        assert row["text"] == plain(task["text"]) and row["lead"] == task["lead"] and row["deadline"] == task["deadline"]
        assert row["section"] == numeral and row["number"] == str(task["number"])
    assert {r["lead_ids"] for r in rows} <= {"TT-TT", "LLCT-LSĐ", "HC-TH, KG, VH-VN"}


@pytest.fixture(scope="module")
def open_data(built_site):
    return json.loads((built_site / "du-lieu" / "nhiem-vu.json").read_text(encoding="utf-8"))


def test_json_is_valid_against_its_schema(built_site, open_data):
    schema = json.loads((built_site / "du-lieu" / "nhiem-vu.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    assert list(validator.iter_errors(open_data)) == []
    broken = json.loads(json.dumps(open_data))
    broken["tasks"][0]["deadline"]["end"] = "30/11/2023"
    del broken["tasks"][1]["lead"]
    paths = {tuple(e.absolute_path) for e in validator.iter_errors(broken)}
    assert paths == {("tasks", 0, "deadline", "end"), ("tasks", 1)}  # the schema does say something


def test_json_tasks_carry_the_data(open_data):
    assert open_data["count"] == 48 and [t["id"] for t in open_data["tasks"]] == SAMPLE_IDS
    registry = yaml.safe_load((ROOT / "content" / "departments.yaml").read_text(encoding="utf-8"))
    by_alias = {alias: d for d in registry["departments"] for alias in d.get("aliases", [])}
    for record, (numeral, task) in zip(open_data["tasks"], SAMPLE_TASKS):
        assert record["text"] == plain(task["text"]) and record["deadline"]["text"] == task["deadline"]
        assert record["coordinators"] == (task.get("coordinators") or [])
        expected = by_alias.get(task["lead"])
        if expected:
            assert [d["name"] for d in record["lead"]["departments"]] == [expected["name"]]
        assert record["url"] == f"programmes/2023-11/#{numeral}-{task['number']}"
    listed = {d["id"] for d in open_data["directives"]}
    cited = {i for t in open_data["tasks"] for i in t["directives"]}
    targets = {r["target"] for d in open_data["directives"] for r in d["relations"]}
    assert cited | targets == listed
    plan = next(d for d in open_data["directives"] if d["id"] == "68-kh-tu")
    assert plan["relations"] == [{"kind": "implements", "target": "24-ct-tw", "evidence": ["2023-11/II-3"],
                                  "stated": False}]
    first = next(t for t in open_data["tasks"] if t["deadline"]["text"] == "20/11/2023")
    assert first["deadline"] == {"text": "20/11/2023", "kind": "on", "start": "2023-11-20", "end": "2023-11-20"}
    citing = next(t for t in open_data["tasks"] if "24-CT/TW" in t["text"])
    assert "24-ct-tw" in citing["directives"]


def test_atom_feed(built_site):
    root = ET.parse(built_site / "feed.xml").getroot()
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 1
    entry = entries[0]
    assert entry.findtext(f"{ATOM}title") == SAMPLE["header"]["subtitle"]
    assert entry.findtext(f"{ATOM}id").endswith(":programmes/2023-11")
    updated = entry.findtext(f"{ATOM}updated")
    assert dt.datetime.strptime(updated, "%Y-%m-%dT%H:%M:%SZ") and root.findtext(f"{ATOM}updated") == updated
    (link,) = [l.get("href") for l in entry.findall(f"{ATOM}link") if l.get("rel") == "alternate"]
    assert (built_site / link / "index.html").is_file()
    assert "48 nhiệm vụ" in entry.findtext(f"{ATOM}summary")


# ---- charts ---------------------------------------------------------------------------------

def _charts(page):
    return {svg.findtext("{*}title") or svg.xpath("string(./title)"): svg for svg in page.xpath("//svg[@data-chart]")}


def _values(svg) -> dict[tuple[str, str], float]:
    return {(r.get("data-label"), r.get("data-series")): float(r.get("data-value")) for r in svg.xpath(".//rect[@data-value]")}


def test_home_chart_counts_tasks_by_lead_and_status(built_site):
    page = parse(built_site / "index.html")
    svgs = page.xpath("//svg[@data-chart]")
    assert all(svg.xpath("./title") and svg.xpath("./desc") for svg in svgs)
    (chart,) = [s for s in svgs if "theo phòng chủ trì và tiến độ" in s.xpath("string(./title)")]
    registry = yaml.safe_load((ROOT / "content" / "departments.yaml").read_text(encoding="utf-8"))
    def key(text):  # as the README documents matching: case, spaces, Đ/D aside; «X và các phòng…»: X leads
        return re.sub(r"\s+", "", text.split(" và ")[0].upper().replace("Đ", "D"))

    code = {key(alias): d["code"] for d in registry["departments"] for alias in d.get("aliases", [])}
    expected: dict[str, int] = {}
    for _, task in SAMPLE_TASKS:
        expected[code[key(task["lead"])]] = expected.get(code[key(task["lead"])], 0) + 1
    found: dict[str, float] = {}
    for (label, _), value in _values(chart).items():
        found[label] = found.get(label, 0) + value
    assert found == expected
    ongoing = sum(1 for _, t in SAMPLE_TASKS if t["status"] == "Đang thực hiện")
    assert sum(v for (_, series), v in _values(chart).items() if series == "Đang thực hiện") == ongoing
    # the same numbers as a table for screen readers
    figure = chart.getparent()
    table = figure.xpath(".//table")[0]
    totals = {text_of(r.xpath("./th")[0]): int(text_of(r.xpath("./td")[-1])) for r in table.xpath(".//tbody/tr")}
    assert totals == expected


def test_home_lists_the_most_cited_directives_of_the_year(built_site):
    page = parse(built_site / "index.html")
    (chart,) = [s for s in page.xpath("//svg[@data-chart]") if "trích dẫn nhiều nhất năm 2023" in s.xpath("string(./title)")]
    values = {label: v for (label, _), v in _values(chart).items()}
    assert values["Chỉ thị 24-CT/TW"] == 1
    for label, value in values.items():  # each count is the rows of the directive's own page
        link = chart.getparent().xpath(f'.//table//a[normalize-space()="{label}"]/@href')[0]
        rows = parse(built_site / link / "index.html").xpath("//tr[@data-task]")
        assert len(rows) == value


def test_department_and_directive_charts_match_their_pages(built_site):
    page = parse(built_site / "phong-ban" / "tt-tt" / "index.html")
    (chart,) = page.xpath("//svg[@data-chart]")
    led = page.xpath('//table[contains(@class,"deadlines-led")]//tr[@data-task]')
    assert sum(_values(chart).values()) == len(led) == 24
    assert {label for label, _ in _values(chart)} == {"Tháng 11/2023"}
    page = parse(built_site / "directives" / "24-ct-tw" / "index.html")
    (chart,) = page.xpath("//svg[@data-chart]")
    assert _values(chart) == {("Tháng 11/2023", "Số nhiệm vụ trích dẫn"): float(len(page.xpath("//tr[@data-task]")))}


def test_charts_are_drawn_in_dark_colours(built_site):
    """Every fill a chart uses meets 3:1 against white (WCAG AA for graphics)."""
    def luminance(hex_colour):
        channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    html = (built_site / "index.html").read_text(encoding="utf-8")
    fills = set(re.findall(r'fill="(#[0-9a-fA-F]{6})"', html)) - {"#ffffff", "#fff"}
    assert fills
    for colour in fills:
        assert 1.05 / (luminance(colour) + 0.05) >= 3, colour
