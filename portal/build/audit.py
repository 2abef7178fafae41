"""After the build: check that nothing was lost on the way from data to pages.

Every page that lists a task marks it with ``data-task="YYYY-MM/II-3"``. The audit derives,
from the data alone, which pages must list which tasks (the month page lists all of its
tasks; every taxonomy term page lists the tasks filed under it, so every department,
deadline and cited directive; a term split by year lists each task on its year's page) and reads the built HTML for the marks. A task missing anywhere
is reported with its file, line and the page it is missing from.
"""
from __future__ import annotations

import bisect
import csv
import hashlib
import html
import io
import itertools
import json
import re
import zlib
from array import array
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Mapping

from portal.build.cache import content_key
from portal.content.errors import Problem
from portal.content.model import Task
from portal.site import urls
from portal.site.model import Site
from portal.text.months import Month

if TYPE_CHECKING:  # the writer's module is imported where the downloads are written, not with the audit
    from portal.outputs.xlsx import RunTexts

_MARK_RE = re.compile(r'data-task="([^"]+)"')


def expected_listings(site: Site) -> dict[str, list[Task]]:
    """Page (Markdown path) → tasks it must list."""
    expected: dict[str, list[Task]] = {}
    for programme in site.programmes:
        expected[urls.month_page(programme.month)] = programme.tasks()
    for taxonomy in site.taxonomies.values():
        for term in taxonomy.terms.values():
            pages: dict[str, list[Task]] = {}  # a term's page of each year (Taxonomy.page_for), asked once a year
            for task in term.tasks():
                year = task.month.year_text
                listed = pages.get(year)
                if listed is None:
                    listed = pages[year] = expected.setdefault(taxonomy.year_page(term, year), [])
                listed.append(task)
    return expected


def _listed_keys(site: Site) -> dict[str, set[str]]:
    """:func:`expected_listings` as the keys of the tasks each page must list, unordered: the same
    pages, each with the keys of the same tasks. Why: the audit finds nothing missing in a good build,
    and that is known from these sets; sorting each term's tasks and making a task's key once per
    page that lists it (≈ 26,000 times at 120 months, most of the audit) is left to the listing of
    what is missing, when something is."""
    key_of: dict[Task, str] = {}
    listed: dict[str, set[str]] = {}
    for programme in site.programmes:
        tasks = programme.tasks()
        keys = [task.key for task in tasks]
        key_of.update(zip(tasks, keys))
        listed[urls.month_page(programme.month)] = set(keys)
    for taxonomy in site.taxonomies.values():
        for term in taxonomy.terms.values():
            pages: dict[str, set[str]] = {}  # a term's page of each year, asked once a year
            for entry in term.entries:
                task = entry.task
                year = task.month.year_text
                keys_listed = pages.get(year)
                if keys_listed is None:
                    keys_listed = pages[year] = listed.setdefault(taxonomy.year_page(term, year), set())
                keys_listed.add(key_of.get(task) or task.key)
    return listed


def task_marks(html: str) -> frozenset[str]:
    """The tasks a built page lists (its ``data-task`` marks)."""
    return frozenset(_MARK_RE.findall(html))


def built_file(site_dir: Path, src_uri: str) -> Path:
    return site_dir / urls.page_url(src_uri) / "index.html"


SHOWN = 20  # problems listed in a message; the rest are counted


def summary_lines(problems: list[Problem], shown: int = SHOWN) -> list[str]:
    """The first ``shown`` problems, one a line, then how many more there are."""
    lines = [str(problem) for problem in problems[:shown]]
    if len(problems) > shown:
        lines.append(f"… và {len(problems) - shown} chỗ khác.")
    return lines


def audit_site(site: Site, site_dir: Path, data_files: bool = True,
               marks: Mapping[str, frozenset[str]] | None = None) -> list[Problem]:
    """Problems for every task a built page should list but does not, and, when the downloads
    and open data are already in ``site_dir`` (``portal audit`` of a finished site), what
    :func:`data_file_problems` finds in them. A build passes ``data_files=False``: it checks those
    before they are written, in the background job, and a preview's site still holds the files of
    an earlier build until the new ones are moved in. ``marks``: what a build found in the pages it
    wrote, as it wrote them (``src_uri`` → :func:`task_marks`); a page not in it is read."""
    problems: list[Problem] = []
    marks = marks or {}
    if data_files and (site_dir / urls.DATA_JSON).is_file():
        files = {p.relative_to(site_dir).as_posix(): p.read_bytes()
                 for folder in (urls.DATA_FOLDER, urls.DOWNLOAD_FOLDER) for p in (site_dir / folder).rglob("*")
                 if p.suffix in (".xlsx", ".json", ".csv") and p.name != Path(urls.DATA_SCHEMA).name}
        if (site_dir / urls.FEED).is_file():
            files[urls.FEED] = (site_dir / urls.FEED).read_bytes()
        problems.extend(data_file_problems(site, files))
    read: dict[str, frozenset[str]] = {}

    def found_on(src_uri: str) -> frozenset[str]:
        found = marks.get(src_uri)
        if found is None:
            found = read.get(src_uri)
            if found is None:
                path = built_file(site_dir, src_uri)
                found = read[src_uri] = task_marks(path.read_text(encoding="utf-8")) if path.exists() else frozenset()
        return found

    if all(found_on(src_uri).issuperset(keys) for src_uri, keys in _listed_keys(site).items()):
        return problems
    for src_uri, tasks in expected_listings(site).items():
        found = found_on(src_uri)
        for task in tasks:
            if task.key not in found:
                origin = task.origin
                problems.append(Problem(
                    origin.file if origin else "", origin.line if origin else None, f"nhiệm vụ {task.label}",
                    f"nhiệm vụ không xuất hiện trên trang /{urls.page_url(src_uri)} dù dữ liệu yêu cầu. "
                    "Đây là lỗi của phần mềm dựng trang: hãy báo cho nhóm phát triển."))
    return problems


def missing_pages(pages: list, site_dir: Path) -> list[Problem]:
    """A problem for every generated page (:class:`portal.site.model.Page`) the built site lacks:
    a builder that ran no hooks, or a copy cut short, leaves pages out without a word."""
    return [Problem("", None, f"trang /{urls.page_url(page.src_uri)}",
                    f"trang «{page.title or page.src_uri}» không có trong trang đã dựng ({built_file(site_dir, page.src_uri)}).")
            for page in pages if not built_file(site_dir, page.src_uri).exists()]


# ---- the downloads and open data: every published task, and nothing withheld ----------------

_XLSX_TEXT_RE = re.compile(rb"<t(?: [^>]*)?>([^<]*)</t>")  # a cell's text, in a sheet or the shared strings
_XLSX_ID_RE = re.compile(r"\d{4}-\d{2}/[^<\s]+")  # a text that is a task's id (the first column's)


class DataFileError(RuntimeError):
    """A data file would carry a withheld task, or lose a published one: nothing is written."""


def _published_keys(site: Site) -> dict[str, set[str]]:
    """Month → keys of the tasks the downloads must carry (public, not in a draft programme)."""
    return {p.month: {t.key for t in p.tasks()} for p in site.programmes if not getattr(p, "draft", False)}


_XLSX_CHUNK = 1 << 20  # bytes of a workbook's part read at a time (see _xlsx_strings)
_XLSX_TEXT_END = b"</t>"


def _xlsx_strings(content: bytes) -> tuple[set[str], set[str]]:
    """(task ids in the first column, the text of every cell) of a workbook written by
    portal.outputs.xlsx. The texts are a set: the check only asks which withheld texts are among them
    (:meth:`DataFileCheck._carried`), and a month's label, a section's, a department's name are in
    thousands of rows."""
    import zipfile

    ids: set = set()  # a short line's id is None, as DictReader reads it (then no task's id matches)
    texts: set[str] = set()
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") or name == "xl/sharedStrings.xml":
                with archive.open(name) as part:
                    for found in _cell_texts(part):
                        ids.update(html.unescape(text) for text in found if _XLSX_ID_RE.fullmatch(text))
                        texts.update([html.unescape(text) if "&" in text else text for text in found])
    return ids, texts


def _written_strings(texts: list[str], content: bytes) -> tuple[set[str], set[str]]:
    """:func:`_xlsx_strings` of a table whose writer gave its cells' texts (not its bytes, which are
    the same table: a text is what Excel reads from the cell, where the file's XML holds it escaped)."""
    return {text for text in texts if _XLSX_ID_RE.fullmatch(text)}, set(texts)


def _cell_texts(part) -> Iterator[list[str]]:
    """The cell texts (:data:`_XLSX_TEXT_RE`, decoded, not unescaped) of a workbook's XML part, read
    a megabyte at a time (a list a block). Why: a 600-month archive's sheet is tens of megabytes of XML, and it read
    whole, with every cell's text found in it held as bytes beside the decoded texts, was the
    downloads job's peak. A block is searched up to its last ``</t>``: a text holds no ``<``, so every
    match that starts before that point ends at it or earlier, and what follows waits for the next
    block: the texts are those a search of the whole part finds."""
    pending = b""
    while True:
        block = part.read(_XLSX_CHUNK)
        data = pending + block if pending else block
        if not block:
            end = len(data)
        else:
            last = data.rfind(_XLSX_TEXT_END)
            if last < 0:
                pending = data
                continue
            end = last + len(_XLSX_TEXT_END)
        yield [found.decode("utf-8") for found in _XLSX_TEXT_RE.findall(data, 0, end)]
        if not block:
            return
        pending = data[end:]


def data_file_problems(site: Site, files: dict[str, bytes]) -> list[Problem]:
    """What is wrong with the tables, open data and feed about to be written (``path → bytes``):
    see :class:`DataFileCheck`."""
    check = DataFileCheck(site)
    for path, content in files.items():
        check.file(path, content)
    return check.problems


class DataFileCheck:
    """The downloads and open data checked one file at a time, as each is written.

    The archive files (JSON, CSV, the archive's .xlsx) carry exactly the published tasks; a
    month's table exactly its month's; the feed exactly the published months; and no file
    carries the text of a withheld (restricted) task, unless a published task says it too.
    What every file is checked against (the published tasks, the withheld texts) is computed
    once; each file is parsed in a call of its own and let go, so the check holds one file at a
    time. The withheld texts are looked for once in each text a file's cells hold, not in every
    file again (a task's text is in its month's, its departments' and the archive's files): the
    check costs one pass over the downloads whatever the number of withheld tasks and files.
    With a ``memo`` (the build cache's), what a file of the same bytes was found to hold in an
    earlier build, checked against the same withheld texts, is not read again.
    """

    def __init__(self, site: Site, memo=None):
        from portal.text.richtext import strip_markup

        self.expected_by_month = _published_keys(site)
        self.expected = set().union(*self.expected_by_month.values()) if self.expected_by_month else set()
        self.problems: list[Problem] = []
        # a withheld text that a published task also says (a repeated task, a shorter one inside a
        # longer one) proves nothing: only the others are looked for
        secrets = [(t, strip_markup(t.text)) for t in site.withheld]
        self.memo = memo
        self.secrets = [secrets[index] for index in self._unsaid(site, secrets)]
        self._secrets_key = hashlib.blake2b("\x00".join(text for _, text in self.secrets).encode("utf-8", "surrogatepass"),
                                            digest_size=16).hexdigest()
        # texts already searched for the withheld ones, by their hash (the texts themselves would hold
        # every cell of a long archive; two texts of one hash would be 1 in 2**64)
        self._looked: set[int] = set()
        self._carrying: dict[str, list[int]] = {}  # of those, each that carries some: which (by index)

    def _unsaid(self, site: Site, secrets: list[tuple[Task, str]]) -> list[int]:
        """Which of the withheld ``secrets`` (task, text) no published task says (their indexes): not
        in the published tasks' texts, joined by line breaks. With a memo, a withheld text without a
        line break is looked for month by month, each month's found as an earlier build found it for
        the same texts of its tasks (in order, each by its length) and the same withheld texts: such a
        text is in the joined texts only inside one task's. Why: each withheld text was searched for
        in the text of the whole archive (≈ 0.15 s CPU a build at 600 months), after any edit."""
        from portal.text.richtext import strip_markup

        texts = [text for _, text in secrets]
        looked_for = [index for index, text in enumerate(texts) if text.strip()]
        if not looked_for:
            return []
        if self.memo is None or any("\n" in texts[index] for index in looked_for):
            public_text = "\n".join(strip_markup(t.text) for p in site.programmes for t in p.tasks())
            return [index for index in looked_for if texts[index] not in public_text]
        withheld = content_key("withheld texts", len(texts), array("q", map(len, texts)).tobytes(), "".join(texts))
        said: set[int] = set()
        for programme in site.programmes:
            public = [t.text for t in programme.tasks()]

            def said_in(public: list[str] = public) -> list[int]:
                month_text = "\n".join(map(strip_markup, public))
                return [index for index in looked_for if texts[index] in month_text]

            said.update(self.memo.cached(("withheld texts said in a month", withheld, len(public),
                                          array("q", map(len, public)).tobytes(), "".join(public)), said_in, plain=True))
        return [index for index in looked_for if index not in said]

    def file(self, path: str, content: bytes, made_as: str | None = None, cell_texts: list[str] | RunTexts | None = None,
             part_lengths: list[int] | None = None) -> None:
        """Check one file (others than tables, open data and the feed are not looked at). ``made_as``:
        the build cache's key of what the file was made from (:meth:`known` finds it by that key).
        ``cell_texts``: a table's, as its writer put them into it (:func:`portal.outputs.xlsx.table`):
        then the file is not read back (inflated and parsed) to find them; a large table's by runs of
        rows (:class:`~portal.outputs.xlsx.RunTexts`: see :meth:`_read_run_texts`). ``part_lengths``: the
        lengths of the parts a JSON or CSV file's records were written in (each month's, by
        :func:`portal.build.site.data_files`): with the build cache, its runs (see :meth:`_read`)."""
        kind = self._kind(path)
        if kind is not None:
            parse = kind[0]
            if cell_texts is not None and parse is _xlsx_strings and not isinstance(cell_texts, list):  # RunTexts
                result = self._read_run_texts(cell_texts)
                if made_as is not None and self.memo is not None:
                    self.memo.put(self._made_key(path, made_as), result)
                self._found(path, kind[1], result)
                return
            if isinstance(cell_texts, list) and parse is _xlsx_strings:
                parse = partial(_written_strings, cell_texts)
            self._found(path, kind[1], self._read(path, content, parse, made_as, part_lengths))

    def _read_run_texts(self, texts: RunTexts) -> tuple[set[str], list[int]]:
        """(task ids, indexes of the withheld texts it carries) of a large table given its texts by runs
        of rows (:class:`~portal.outputs.xlsx.RunTexts`), as :func:`_written_strings` of them all reads
        them: each run's from the memo when an earlier build read the run of the same key (the same
        rows, hence the same texts) against the same withheld texts. Why: after an edit only the run
        holding it is made and searched, not the texts of every row of a long archive (≈ 0.4 s CPU
        at 600 months, when the table was read back from its bytes)."""
        found, head = _written_strings(texts.head, b"")
        carried = set(self._carried(head))
        for key, run_texts in texts.runs:
            memo_key = content_key("data-check run texts", key, self._secrets_key)
            known = None if self.memo is None else self.memo.get(memo_key)
            if known is None:
                ids, strings = _written_strings(run_texts(), b"")
                known = (ids, self._carried(strings))
                if self.memo is not None:
                    self.memo.put(memo_key, known, plain=True)
            found |= known[0]
            carried.update(known[1])
        return found, sorted(carried)

    def known(self, path: str, made_as: str) -> bool:
        """Check a file an earlier build made from the same inputs (``made_as``: the build cache's key
        of them, which gives the same bytes) by what that build found in it, without its bytes; False
        when the memo does not hold it (then the file must be given to :meth:`file`)."""
        kind = self._kind(path)
        if kind is None:
            return True
        if self.memo is None:
            return False
        known = self.memo.get(self._made_key(path, made_as))
        if known is None:
            return False
        self._found(path, kind[1], known)
        return True

    def _kind(self, path: str):
        """How the file at ``path`` is read and which tasks it must carry (from what it holds); None
        for a file that is not looked at."""
        if path == urls.DATA_JSON:
            return _json_file, lambda found: self.expected
        if path == urls.DATA_CSV:
            return _csv_file, lambda found: self.expected
        if path == urls.FEED:
            return _feed_file, lambda found: set(self.expected_by_month)
        if path.endswith(".xlsx"):
            month = path[len(urls.DOWNLOAD_FOLDER) + 1: -len(".xlsx")]
            if path == urls.DATA_XLSX:
                return _xlsx_strings, lambda found: self.expected
            if Month.valid(month) and path == urls.month_xlsx(month):
                return _xlsx_strings, lambda found: self.expected_by_month.get(month, set())
            return _xlsx_strings, lambda found: found & self.expected  # a department's table: only published tasks
        return None

    def _found(self, path: str, wanted, result: tuple[set[str], list[int]]) -> None:
        found, carried = result
        self._compare(path, found, wanted(found))
        for index in carried:
            task, _ = self.secrets[index]
            self.problems.append(Problem(path, None, task.key, (
                f"tệp {path} chứa nội dung nhiệm vụ hạn chế {task.key} ({task.origin or ''}).")))

    def _made_key(self, path: str, made_as: str) -> str:
        return f"data-check {path} made {made_as} {self._secrets_key}"

    def _read(self, path: str, content: bytes, parse, made_as: str | None = None,
              part_lengths: list[int] | None = None) -> tuple[set[str], list[int]]:
        """(task ids, indexes of the withheld texts it carries) of one file, from the memo when an
        earlier build read the same bytes against the same withheld texts. A JSON or CSV file whose
        bytes changed is read in runs of lines (:func:`_line_runs`), each run from the memo when an
        earlier build read the same run: after one task's edit only the run holding it is parsed.
        A file found whole in the memo keeps its runs' entries for the next build (unread): else a
        build that changed nothing let them go, and the edit after it parsed every run again.
        ``made_as``: the result is also kept under that key, for :meth:`known`. ``part_lengths``
        (see :meth:`file`): the runs are those parts, when they are runs of whole records
        (:func:`_told_runs`), not runs cut record by record where the content says: the runs of an
        unchanged month are the same bytes as in an earlier build all the same, and finding them
        costs a step a part, not a step a record (≈ 0.03 s of the downloads job after an edit)."""
        if self.memo is None:
            runs = _line_runs(content, parse, blocks=True)
            read = self._read_runs(*runs) if runs is not None else None
            if read is not None:
                return read[0], read[1]
            found, texts = parse(content)
            return found, self._carried(texts)
        result = self._read_memo(path, content, parse, part_lengths)
        if made_as is not None:
            self.memo.put(self._made_key(path, made_as), result)
        return result

    def _read_memo(self, path: str, content: bytes, parse,
                   part_lengths: list[int] | None = None) -> tuple[set[str], list[int]]:
        digest = hashlib.blake2b(content, digest_size=20).hexdigest()
        key = f"data-check {path} {digest} {self._secrets_key}"
        known = self.memo.get(key)
        if known is not None:
            found, carried, runs_read = known
            for run_digest in runs_read:
                self.memo.keep(self._run_parts(run_digest))
            return found, carried
        runs = (part_lengths is not None and _told_runs(content, parse, part_lengths)) or _line_runs(content, parse)
        if runs is not None:
            result = self._read_runs(*runs)
            if result is not None:
                self.memo.put(key, result)
                return result[0], result[1]
        found, texts = parse(content)
        carried = self._carried(texts)
        self.memo.put(key, (found, carried, ()))
        return found, carried

    def _run_parts(self, run_digest: str) -> tuple:
        """What a run's entry in the memo is keyed by: its bytes' digest and the withheld texts'."""
        return ("data-check run", run_digest, self._secrets_key)

    def _read_runs(self, read_run, head: bytes, runs: Iterable[bytes]) -> tuple[set[str], list[int], list[str]] | None:
        """:meth:`_read` of a file given as runs of whole records (``read_run(head, run)`` parses one
        with the file's ``head``), with the digests of the runs (with a memo); None when a run does not
        parse alone (then the file is read whole, so a broken file is reported as a whole read reports
        it). Without a memo too: one run's records are held at a time, where the whole file parsed at
        once held every record of a long archive beside its text."""
        memo = self.memo
        found: set[str] = set()
        carried: set[int] = set()
        digests = []
        for run in runs:
            known = None
            if memo is not None:
                digests.append(hashlib.blake2b(head + b"\x00" + run, digest_size=20).hexdigest())
                key = content_key(*self._run_parts(digests[-1]))
                known = memo.get(key)
            if known is None:
                try:
                    ids, texts = read_run(head, run)
                except (ValueError, KeyError, TypeError, csv.Error):
                    return None
                known = (ids, self._carried(texts))
                if memo is not None:
                    memo.put(key, known)
            found |= known[0]
            carried.update(known[1])
        return found, sorted(carried), digests

    def _carried(self, texts: Iterable[str]) -> list[int]:
        """Which withheld texts (indexes into ``secrets``) are inside one of ``texts``."""
        if not self.secrets:
            return []
        distinct = set(texts)
        looked = self._looked
        new = [text for text in distinct if hash(text) not in looked]
        if new:
            looked.update(map(hash, new))
            # in the set's order: what is found in a text does not depend on its place among the others,
            # and the result is sorted (sorting an archive table's texts was ≈ 0.01 s a build)
            pieces = new
            joined = "\x00".join(pieces)  # no withheld text holds \x00: a match is inside one text
            starts = list(itertools.accumulate((len(piece) + 1 for piece in pieces), initial=0))
            for index, (_, secret) in enumerate(self.secrets):
                at = joined.find(secret)
                while at >= 0:
                    piece = pieces[bisect.bisect_right(starts, at) - 1]
                    self._carrying.setdefault(piece, []).append(index)
                    at = joined.find(secret, at + 1)
        carrying = self._carrying
        return sorted({index for text in distinct & carrying.keys() for index in carrying[text]})

    def _compare(self, path: str, found: set[str], wanted: set[str]) -> None:
        for key in sorted(wanted - found)[:20]:
            self.problems.append(Problem(path, None, key, f"nhiệm vụ {key} không có trong tệp {path} dù dữ liệu yêu cầu."))
        for key in sorted(found - wanted)[:20]:
            self.problems.append(Problem(path, None, key, f"tệp {path} có nhiệm vụ {key}, nhiệm vụ không được công bố "
                                                          "(hạn chế, dự thảo) hoặc không có trong dữ liệu."))

    def raise_problems(self) -> None:
        """Raise :class:`DataFileError` (in Vietnamese, naming file and task) when a file was wrong."""
        if self.problems:
            shown = "\n".join(str(p) for p in self.problems[:20])
            raise DataFileError(f"Kiểm tra bảng tải về và dữ liệu mở: {len(self.problems)} lỗi, chưa ghi tệp nào:\n{shown}\n"
                                "Đây là lỗi của phần mềm dựng trang: hãy báo cho nhóm phát triển.")


def _json_file(content: bytes) -> tuple[set[str], list[str]]:
    # Each object is let go as soon as it is read, but for what the check reads of a task: the whole
    # document as objects was most of the job's peak memory on a long archive (25 MB of JSON at 600 months).
    document = json.loads(content.decode("utf-8"), object_hook=_id_and_text)
    if not isinstance(document, dict):  # no task list: as a lookup of it in the document would fail
        raise KeyError("tasks")
    tasks = document["tasks"]
    if any(task_id is _NO_ID for task_id, _ in tasks):
        raise KeyError("id")
    return {task_id for task_id, _ in tasks}, [text for _, text in tasks]


_NO_ID = object()


def _id_and_text(record: dict):
    """A JSON object as :func:`_json_file` keeps it: the document whole (it has the tasks), any other
    object as its ``(id, text)``."""
    if "tasks" in record:
        return record
    return record.get("id", _NO_ID), str(record.get("text", ""))


def _csv_file(content: bytes) -> tuple[set[str], list[str]]:
    import io

    records = csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""))
    header = next(records, [])
    at_id = header.index("id") if "id" in header else None
    at_text = header.index("text") if "text" in header else None
    ids: set = set()  # a short line's id is None, as DictReader reads it (then no task's id matches)
    texts: list[str] = []
    for record in records:  # read as csv.DictReader reads it: blank lines skipped, a short line's missing cells None
        if not record:
            continue
        if at_id is None:
            raise KeyError("id")
        ids.add(record[at_id] if at_id < len(record) else None)
        texts.append((record[at_text] if at_text is not None and at_text < len(record) else "") or "")
    return ids, texts


def _feed_file(content: bytes) -> tuple[set[str], list[str]]:
    import xml.etree.ElementTree as ET

    root = ET.fromstring(content)
    months = {e.findtext("{http://www.w3.org/2005/Atom}id", "").rsplit("/", 1)[-1]
              for e in root.iter("{http://www.w3.org/2005/Atom}entry")}
    return months, list(root.itertext())


RUN_BOUNDARY = 64  # a run of records ends after a record whose CRC-32 is a multiple of this: about 64 records


def _runs(content: bytes, records: Iterable[tuple[int, int]]) -> Iterator[bytes]:
    """The runs of the records of ``content`` (each given by where it starts and ends, in order, one
    separator between two), each run ended where its content says (a record whose CRC-32 is a
    multiple of :data:`RUN_BOUNDARY`), not every n records: an edited, added or removed record
    changes its own run only, and the runs after it are the same bytes as before. A run is the bytes
    from its first record's start to its last's end; no records: one empty run.

    Why given by place and made one at a time: the records and runs as bytes were three copies of a
    long archive's file (25 MB of JSON at 600 months) held at once."""
    view = memoryview(content)
    first = end = -1
    made = False
    for start, end in records:
        if first < 0:
            first = start
        if zlib.crc32(view[start:end]) % RUN_BOUNDARY == 0:
            yield content[first:end]
            made, first = True, -1
    if first >= 0:
        yield content[first:end]
    elif not made:
        yield b""


_BLOCK = 1 << 20  # bytes of records read at once from a JSON or CSV file without the build cache


def _blocks(content: bytes, start: int, end: int, separator: bytes,
            whole: Callable[[int, int], bool] = lambda start, end: True) -> Iterator[bytes]:
    """``content[start:end]`` in blocks of whole records of about :data:`_BLOCK` bytes: each cut at
    a ``separator`` after which ``whole(block start, cut)`` says the records are whole. For a file
    read without the build cache, which needs no runs that stay the same from build to build
    (:func:`_runs`), only a block's records held at a time: cut where the bytes say, not record by
    record, it costs what reading the file whole costs."""
    if start >= end:
        yield b""
        return
    while True:
        at = content.find(separator, min(start + _BLOCK, end), end)
        while at >= 0 and not whole(start, at):
            at = content.find(separator, at + len(separator), end)
        if at < 0:
            yield content[start:end]
            return
        yield content[start:at]
        start = at + len(separator)


def _split(content: bytes, start: int, end: int, separator: bytes) -> Iterator[tuple[int, int]]:
    """Where each piece of ``content[start:end]`` split at ``separator`` starts and ends (as
    ``bytes.split`` cuts it, without its copies)."""
    while True:
        at = content.find(separator, start, end)
        if at < 0:
            yield start, end
            return
        yield start, at
        start = at + len(separator)


_JSON_TASKS = b'"tasks": [\n'
_JSON_END = b"\n]}\n"


def _json_runs(content: bytes, blocks: bool = False):
    """The JSON document laid out as :func:`portal.outputs.opendata.tasks_json` writes it (a first
    line ending in ``"tasks": [``, then one task a line, ``,`` between them, ``]}`` last), split into
    runs of task lines (made as they are read: :func:`_runs`); None when it is laid out otherwise.
    The first line is read here: it must be a JSON object."""
    at = content.find(_JSON_TASKS)
    if at < 0 or b"\n" in content[:at] or not content.endswith(_JSON_END):
        return None
    head = content[:at + len(_JSON_TASKS)]
    try:
        document = json.loads(head[:-1] + b"]}")
    except ValueError:
        return None
    if not isinstance(document, dict):
        return None
    start, end = len(head), len(content) - len(_JSON_END)
    if blocks:
        return _json_run, b"", _blocks(content, start, end, b",\n")
    return _json_run, b"", _runs(content, _split(content, start, end, b",\n"))


def _json_run(head: bytes, run: bytes) -> tuple[set[str], list[str]]:
    """The task ids and texts of a run of task lines (:func:`_json_runs`), read as :func:`_json_file`
    reads the document's tasks."""
    tasks = json.loads(b"[" + run + b"]", object_hook=_id_and_text)
    if any(not isinstance(task, tuple) for task in tasks):
        raise TypeError("a task line that is not one task")
    if any(task_id is _NO_ID for task_id, _ in tasks):
        raise KeyError("id")
    return {task_id for task_id, _ in tasks}, [text for _, text in tasks]


def _csv_runs(content: bytes, blocks: bool = False):
    """The CSV file split after its header line into runs of whole records (made as they are read:
    :func:`_runs`): a record ends at a ``\\r\\n`` outside quotes (an even number of ``"`` before it: a
    quoted field's own quotes are doubled); None when the header line holds a quote."""
    end = content.find(b"\r\n")
    if end < 0 or b'"' in content[:end]:
        return None
    if blocks:  # a record ends at a line end with an even number of quotes since the block began
        return _csv_run, content[:end + 2], _blocks(content, end + 2, len(content), b"\r\n",
                                                    lambda start, at: content.count(b'"', start, at) % 2 == 0)
    return _csv_run, content[:end + 2], _runs(content, _csv_records(content, end + 2))


def _csv_records(content: bytes, start: int) -> Iterator[tuple[int, int]]:
    """Where each record after ``start`` starts and ends (see :func:`_csv_runs`); a record left open
    by an odd number of quotes runs to the end."""
    first = -1
    quotes = 0
    for piece_start, piece_end in _split(content, start, len(content), b"\r\n"):
        if first < 0:
            first, quotes = piece_start, 0
        quotes += content.count(b'"', piece_start, piece_end)
        if quotes % 2 == 0:
            yield first, piece_end
            first = -1
    if first >= 0:
        yield first, len(content)


def _csv_run(head: bytes, run: bytes) -> tuple[set[str], list[str]]:
    """The task ids and texts of a run of records (:func:`_csv_runs`), read as :func:`_csv_file`
    reads them, with the columns the ``head`` names."""
    return _csv_file(head + run)


def _line_runs(content: bytes, parse, blocks: bool = False):
    """``(read_run, head, runs)`` of a JSON or CSV file as :func:`_json_runs` / :func:`_csv_runs` give
    them; None for another file (read whole)."""
    if parse is _json_file:
        return _json_runs(content, blocks)
    if parse is _csv_file:
        return _csv_runs(content, blocks)
    return None


def _told_runs(content: bytes, parse, lengths: list[int]):
    """``(read_run, head, runs)`` of a JSON or CSV file as :func:`_line_runs` gives them, but each run
    one of the parts whose ``lengths`` its writer gave (an empty part wrote nothing); None when the
    file is not so laid out: its head as :func:`_json_runs` / :func:`_csv_runs` read it, then the
    parts, one after the other (JSON: a ``,\n`` between two, as between two records; CSV: each
    ending a record, a line end after an even number of quotes), to the end of the records. A run
    is then whole records, as one cut where the content says: the writer says only where to cut,
    never what the file holds (each run is read, or known by its bytes, as any other)."""
    if parse is _json_file:
        laid = _json_runs(content)
        separator, at, end = b",\n", content.find(_JSON_TASKS) + len(_JSON_TASKS), len(content) - len(_JSON_END)
    elif parse is _csv_file:
        laid = _csv_runs(content)
        separator, at, end = b"", len(laid[1]) if laid else 0, len(content)
    else:
        return None
    if laid is None:
        return None
    read_run, head, _ = laid
    cuts: list[tuple[int, int]] = []
    for length in lengths:
        if not length:
            continue
        if cuts:
            if not content.startswith(separator, at):
                return None
            at += len(separator)
        if at + length > end or (parse is _csv_file and not (
                content.endswith(b"\r\n", at, at + length) and content.count(b'"', at, at + length) % 2 == 0)):
            return None
        cuts.append((at, at + length))
        at += length
    if at != end:
        return None
    return read_run, head, (content[start:stop] for start, stop in cuts)


def check_data_files(site: Site, assets) -> None:
    """Raise :class:`DataFileError` (in Vietnamese, naming file and task) when a data file is wrong."""
    check = DataFileCheck(site)
    for asset in assets:
        check.file(asset.path, asset.content)
    check.raise_problems()
