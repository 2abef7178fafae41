"""``portal import FILE``: turn the office's document into the month's data file.

The import prints what it read (sections and task counts), says what it did on its own (tracked
changes accepted, a legacy encoding converted), and refuses to write when a row could not be
placed (unless ``--accept-unplaced``), when the month and the deadlines disagree (whatever
``--force`` says), or when the file is not a Word programme at all. Over an existing month,
``--force`` first keeps the old file under ``content/programmes/.truoc/``. Every failure is one
Vietnamese line naming the file and what to do, never a traceback.
"""
from __future__ import annotations

import difflib
import shutil
import sys
import zipfile
from pathlib import Path

from portal.cli.arguments import month_problem
from portal.content.datafile import dump_programme
from portal.content.editing import content_lock, write_atomically
from portal.content.errors import ContentError, Problem, file_error
from portal.content.importers.months import month_disagreement
from portal.text.months import Month, next_month
from portal.content.importers.report import import_report, iter_sections, iter_tasks
from portal.content.importers.result import ImportResult
from portal.content.loader import validate_programme
from portal.content.yamlsource import decode, parse_yaml

BACKUP_FOLDER = ".truoc"


def register(subparsers) -> None:
    parser = subparsers.add_parser("import", help="nhập chương trình tháng từ văn bản xuất của Word (.txt) hoặc tệp Word (.docx)")
    parser.add_argument("source", help="tệp văn bản xuất (.txt, các ô cách nhau bằng Tab) hoặc .docx")
    parser.add_argument("--content", default="content", help="thư mục dữ liệu (mặc định: content)")
    parser.add_argument("--month", help="tháng YYYY-MM, khi trích yếu không ghi rõ tháng")
    parser.add_argument("--force", action="store_true",
                        help="ghi đè tệp tháng đã có (tệp cũ được giữ trong content/programmes/.truoc/)")
    parser.add_argument("--accept-unplaced", action="store_true",
                        help="vẫn ghi tệp khi có dòng không xếp được (các dòng đó nằm trong trường «unplaced»)")
    parser.add_argument("-o", "--output", help="ghi ra tệp này thay vì content/programmes/YYYY-MM.yaml ('-' để in ra màn hình)")
    parser.set_defaults(handler=run)


# -- what kind of file -------------------------------------------------------------------------------

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A password-protected .docx is an OLE compound file holding these streams (names in UTF-16 in its directory).
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_SAVE_AS = ("Hãy mở tệp bằng Word, chọn «Lưu thành» (Save As), kiểu «Tài liệu Word (*.docx)», rồi nhập tệp .docx đó; "
            "trên máy có LibreOffice có thể chuyển bằng lệnh: soffice --headless --convert-to docx TỆP")


def sniff(source: Path, raw: bytes) -> tuple[str, str]:
    """``("docx"|"text"|"refuse", message)`` from the file's first bytes, not its name."""
    name = source.name
    if name.startswith("~$"):
        return "refuse", ("đây là tệp khóa tạm của Word (tệp «~$…» Word tạo khi đang mở văn bản), không phải văn bản. "
                          f"Hãy nhập tệp {name[2:]} (đóng Word trước nếu cần).")
    if not raw.strip():
        return "refuse", "tệp rỗng."
    if raw.startswith(_OLE) and _ENCRYPTED_STREAM in raw:
        return "refuse", ("tệp Word này được đặt mật khẩu (mã hóa): không đọc được khi chưa mở khóa. Hãy mở tệp bằng Word, "
                          "nhập mật khẩu, vào Tệp → Thông tin → Bảo vệ tài liệu → Mã hóa bằng mật khẩu, xóa mật khẩu, "
                          "lưu lại rồi nhập tệp đó.")
    if raw.startswith(_OLE):
        return "refuse", ("đây là tệp Word cũ (.doc, Word 97–2003) hoặc tệp Office cũ, không đọc trực tiếp được. " + _SAVE_AS)
    if raw.startswith(b"%PDF"):
        return "refuse", ("đây là tệp PDF: bảng trong PDF không còn cấu trúc hàng, cột. Hãy dùng tệp Word (.docx) gốc của văn bản; "
                          "nếu chỉ có PDF, hãy mở bằng Word (Word chuyển PDF thành .docx) rồi kiểm tra lại bảng trước khi nhập.")
    if raw.lstrip().startswith(b"{\\rtf"):
        return "refuse", "đây là tệp RTF. " + _SAVE_AS
    if raw.startswith(b"PK"):
        try:
            with zipfile.ZipFile(source) as package:
                names = set(package.namelist())
                mimetype = package.read("mimetype").decode("ascii", "replace") if "mimetype" in names else ""
        except (zipfile.BadZipFile, OSError, EOFError, KeyError) as exc:
            return "refuse", (f"tệp Word bị hỏng, không mở được ({exc}). Hãy mở tệp bằng Word (Word đề nghị sửa tệp hỏng), "
                              "«Lưu thành» một tệp .docx mới rồi nhập lại.")
        if "opendocument.text" in mimetype:
            return "refuse", "đây là văn bản OpenDocument (.odt). " + _SAVE_AS
        if "opendocument" in mimetype:
            return "refuse", "đây là tệp OpenDocument, không phải văn bản Word."
        if any(n.startswith("xl/") for n in names):
            return "refuse", ("đây là bảng tính Excel (.xlsx), không phải văn bản Word. Hãy nhập văn bản Word (.docx) "
                              "của chương trình.")
        if any(n.startswith("ppt/") for n in names):
            return "refuse", "đây là tệp PowerPoint (.pptx), không phải văn bản Word."
        if not any(n.startswith("word/") for n in names):
            return "refuse", "tệp nén này không phải văn bản Word (.docx): không có phần word/document.xml."
        return "docx", ""
    if source.suffix.lower() in (".docx", ".docm", ".dotx"):
        return "refuse", "tệp có đuôi .docx nhưng không phải văn bản Word (không phải gói .docx). " + _SAVE_AS
    return "text", ""


def import_file(source: Path) -> ImportResult:
    """Pick the importer by what the file is (its first bytes); a file neither can read is one error."""
    raw = source.read_bytes()
    kind, message = sniff(source, raw)
    if kind == "refuse":
        result = ImportResult(source=str(source))
        result.error(message)
        return result
    if kind == "docx":
        from portal.content.importers.docx import import_docx

        return import_docx(source)
    from portal.content.importers.text import import_text

    return import_text(_decode_text(raw, source), str(source))


def _decode_text(raw: bytes, source: Path) -> str:
    """UTF-8 as the data files are, or UTF-16 as Word's «Unicode Text» export writes; else an 8-bit
    export in TCVN3/VNI (recognised by its fingerprint) or Windows-1258; else the UTF-8 error, which
    names the line."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):  # Word's «Unicode Text» export is UTF-16
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return decode(raw, str(source))
    except ContentError:
        import unicodedata

        from portal.text.legacy import detect

        try:  # Windows-1258 (tone marks as combining characters): plain Vietnamese once composed
            windows = unicodedata.normalize("NFC", raw.decode("cp1258"))
        except UnicodeDecodeError:
            windows = ""
        if windows and detect(windows) is None and any(ch in windows for ch in "ăâđêôơưĂÂĐÊÔƠƯ"):
            return windows
        latin = raw.decode("latin-1")
        if detect(latin):
            return latin  # TCVN3 or VNI bytes: the text importer converts them and says so
        raise


# -- the command -------------------------------------------------------------------------------------

def run(args) -> int:
    source = Path(args.source)
    if args.month is not None:
        problem = month_problem(args.month, f"portal import {args.source} --month {{month}}")
        if problem:
            meant = Month.parse(args.month)
            print(f"Lỗi: --month {args.month}: {problem.removeprefix('Lỗi: ')}"
                  f"{f' Có phải --month {meant}?' if meant else ''}", file=sys.stderr)
            return 2
        args.month = args.month.strip()
    if not source.exists():
        print(f"Lỗi: không tìm thấy tệp {source}.", file=sys.stderr)
        return 2
    if source.is_dir():
        print(f"Lỗi: {source} là một thư mục; hãy chỉ ra tệp .docx hoặc .txt cần nhập.", file=sys.stderr)
        return 2
    try:
        return _run(args, source)
    except KeyboardInterrupt:
        print(f"Đã dừng nhập {source} (Ctrl-C): chưa ghi tệp nào.", file=sys.stderr)
        return 130
    except ContentError as exc:
        print(exc, file=sys.stderr)
        return 1
    except OSError as exc:
        print(file_error(exc, exc.filename or source, "đọc hoặc ghi được"), file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - the clerk gets one line, never a traceback
        print(f"Lỗi: {source}: không nhập được văn bản ({type(exc).__name__}: {exc}). Hãy «Lưu thành» một tệp .docx mới "
              "bằng Word rồi thử lại; nếu vẫn lỗi, gửi tệp cho người quản trị cổng.", file=sys.stderr)
        return 1


def _run(args, source: Path) -> int:
    result = import_file(source)
    if args.month:
        result.data["month"] = args.month
        if result.data.get("until"):  # a programme of two months: the one after the month given
            result.data["until"] = next_month(args.month)
        result.problems = [p for p in result.problems if p.field != "month"]
    for problem in result.problems:
        print(problem, file=sys.stderr)
    if result.errors:
        return 1
    for note in result.notes:
        print(f"Ghi chú: {source}: {note}", file=sys.stderr)
    disagreement = month_disagreement(result.data)
    if disagreement:
        print(Problem(str(source), None, "month", disagreement), file=sys.stderr)
        return 1
    tasks = sum(1 for _ in _tasks(result.data))
    for line in import_report(result, str(source)):
        print(line, file=sys.stderr)
    if result.misplaced_count and not args.accept_unplaced:
        print(f"Chưa ghi tệp: {result.misplaced_count} ô có nội dung không đúng với cột của nó (xem các cảnh báo ở trên, "
              "mỗi ô có bảng, hàng, cột). Hãy sửa văn bản Word rồi nhập lại, hoặc chạy lại với --accept-unplaced để ghi "
              "như đã đọc rồi sửa tệp dữ liệu.", file=sys.stderr)
        return 1
    if result.unplaced_count and not args.accept_unplaced:
        print(f"Chưa ghi tệp: {result.unplaced_count} dòng không xếp được (xem các cảnh báo ở trên, mỗi dòng có bảng, hàng, "
              "cột). Hãy sửa văn bản Word rồi nhập lại, hoặc chạy lại với --accept-unplaced để ghi, các dòng đó nằm trong "
              "trường «unplaced» của tệp dữ liệu chờ chuyển vào đúng chỗ.", file=sys.stderr)
        return 1
    text = dump_programme(result.data)
    month = result.data["month"]
    try:  # the file we write must load back: never leave an invalid month file behind
        validate_programme(parse_yaml(text, f"{month}.yaml"), expected_month=month)
    except ContentError as exc:
        print("Dữ liệu nhập được chưa hợp lệ, chưa ghi tệp:", file=sys.stderr)
        for problem in exc.problems:  # named where the clerk finds it in the document, not in a file not yet written
            where = result.locate(problem.field)
            print(Problem(str(source), None, "", f"{where + ': ' if where else ''}{problem.message}"
                          f"{'' if where else ' (' + (problem.field or 'tệp dữ liệu') + ')'}", problem.severity), file=sys.stderr)
        return 1
    if args.output == "-":
        sys.stdout.write(text)
        return 0
    target = Path(args.output) if args.output else Path(args.content) / "programmes" / f"{month}.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    with content_lock(target.parent, say=lambda message: print(message, file=sys.stderr)):
        return _write_month(args, target, text, result.data, tasks)


def _write_month(args, target: Path, text: str, data: dict, tasks: int) -> int:
    """Write the month file (the caller holds the folder's lock): unchanged, refused without
    ``--force`` (the diff shown), or the old file kept under ``.truoc/`` first."""
    if target.exists():
        old = target.read_text(encoding="utf-8", errors="replace")
        if old == text:
            print(f"{target}: không có gì thay đổi.", file=sys.stderr)
            return 0
        if not args.force:
            diff = difflib.unified_diff(old.splitlines(), text.splitlines(), str(target), "(bản nhập mới)", lineterm="")
            print("\n".join(diff))
            print(f"\n{target} đã có và sẽ thay đổi như trên. Chạy lại với --force để ghi đè "
                  f"(tệp cũ được giữ trong {target.parent / BACKUP_FOLDER}/).", file=sys.stderr)
            return 1
        kept = keep_previous(target)
        print(f"Tệp cũ được giữ ở {kept}; muốn lấy lại: cp {kept} {target}", file=sys.stderr)
    write_atomically(target, text)
    print(f"Đã ghi {target}: {len(list(_sections(data)))} mục, {tasks} nhiệm vụ.", file=sys.stderr)
    return 0


def _sections(data: dict):
    return iter_sections(data)


def _tasks(data: dict):
    return iter_tasks(data)


def keep_previous(target: Path) -> Path:
    """Copy the file ``--force`` replaces to ``.truoc/`` beside it (``2023-11.yaml``, then ``2023-11.2.yaml``…)."""
    folder = target.parent / BACKUP_FOLDER
    folder.mkdir(exist_ok=True)
    kept = folder / target.name
    counter = 2
    while kept.exists():
        kept = folder / f"{target.stem}.{counter}{target.suffix}"
        counter += 1
    shutil.copy2(target, kept)
    return kept
