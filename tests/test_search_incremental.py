"""The search index written from the last build's postings (a build cache's memo) is the index
written afresh, byte for byte, whatever changed: a word's forms first met elsewhere, a form no
longer written, a title's forms, records added or taken out, many records at once."""
from __future__ import annotations

import os
import pickle
import shutil
import random
from pathlib import Path

import pytest

from portal.outputs.search.index import PATCH_LIMIT, IndexedRecord, IndexWriter, write_index

# Forms of a few folded words (``dang``, ``thuc``, ``ban``…), document codes and plain words, so
# that edits move which record first writes a form, and records write several forms of one word.
VOCABULARY = ["Đảng", "đảng", "đang", "Đang", "dang", "đăng", "thực", "thức", "thuc", "hiện", "hiên", "ban", "bàn",
              "bán", "bạn", "Ban", "24-CT/TW", "Chỉ thị số 24", "quý IV", "tổ", "chức", "tô", "hội", "nghị", "nghi",
              "BTG&DV", "Quy định 27-QĐi/TU", "tháng 11 năm 2023", "kế", "hoạch", "kê"]


class DictMemo:
    """The build cache's memo as the index uses it: ``get`` and ``put`` of pickled values, kept
    from one build to the next (:class:`portal.build.cache.Memo` holds its values pickled too)."""

    def __init__(self):
        self.values: dict[str, bytes] = {}

    def get(self, key, default=None):
        blob = self.values.get(key)
        return default if blob is None else pickle.loads(blob)

    def put(self, key, value):
        self.values[key] = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        return value


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(VOCABULARY) for _ in range(words))


def _record(rng: random.Random, number: int) -> IndexedRecord:
    if number % 7 == 0:  # a page: its title weighs as a heading and is matched as a title
        title = _text(rng, 3)
        return IndexedRecord([(title, 3.0), (_text(rng, 12), 1.0)], {"title": title, "href": f"p{number}/"},
                             heading=title, group=f"g{number % 3}", prior=float(number))
    return IndexedRecord([(f"Tháng {number % 12 + 1} · I.{number}", 1.0), (_text(rng, rng.randint(1, 15)), 1.0),
                          (_text(rng, 3) + "\n" + _text(rng, 2), 0.2), (_text(rng, 2), 0.5)],
                         {"title": f"T{number}", "href": f"t/#{number}", "whole": "1"},
                         section=f"Tháng {number // 10}", month=f"2023-{number // 10 + 1:02d}")


def _files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def _edit(rng: random.Random, records: list[IndexedRecord], kind: str) -> list[IndexedRecord]:
    records = list(records)
    if kind == "text":
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(records))
            records[at] = _record(rng, at)
    elif kind == "first form":  # a record early on now writes forms first met later (or never)
        at = rng.randrange(3)
        records[at] = IndexedRecord([(_text(rng, 20), 1.0)], {"title": "x"}, heading=_text(rng, 2))
    elif kind == "emptied":  # a record writes nothing it wrote: forms it alone wrote are gone
        at = rng.randrange(len(records))
        records[at] = IndexedRecord([("", 1.0)], records[at].shown)
    elif kind == "added":
        at = rng.randrange(len(records))
        records.insert(at, _record(rng, at))
    elif kind == "removed":
        del records[rng.randrange(len(records))]
    elif kind == "many":
        for at in rng.sample(range(len(records)), PATCH_LIMIT + 1):
            records[at] = _record(rng, at)
    return records


@pytest.mark.parametrize("kind", ["text", "first form", "emptied", "added", "removed", "many"])
def test_an_index_patched_from_the_last_build_is_the_index_written_afresh(tmp_path, kind):
    rng = random.Random(f"search {kind}")
    records = [_record(rng, number) for number in range(PATCH_LIMIT + 30)]
    memo = DictMemo()
    write_index(records, tmp_path / "first", memo)
    assert _files(tmp_path / "first") == _files(_fresh(records, tmp_path / "fresh-first"))
    for build in range(12):  # edits one after the other, each patching the last build's postings
        records = _edit(rng, records, kind)
        patched = tmp_path / f"patched-{build}"
        write_index(records, patched, memo)
        assert _files(patched) == _files(_fresh(records, tmp_path / f"fresh-{build}")), f"build {build}"


def test_an_unchanged_build_reuses_every_entry(tmp_path):
    rng = random.Random("unchanged")
    records = [_record(rng, number) for number in range(50)]
    memo = DictMemo()
    write_index(records, tmp_path / "first", memo)
    write_index(records, tmp_path / "second", memo)
    assert _files(tmp_path / "first") == _files(tmp_path / "second")


def _fresh(records: list[IndexedRecord], folder: Path) -> Path:
    write_index(records, folder)
    return folder


def _rare_words_record(rng: random.Random, number: int, words: list[str]) -> IndexedRecord:
    """A task-like record over a large vocabulary with few common words (as an archive's index is:
    most words are in a few records, most postings in a few words)."""
    text = " ".join(words[min(int(rng.paretovariate(0.8)), len(words)) - 1] for _ in range(rng.randint(5, 30)))
    return IndexedRecord([(f"Tháng {number % 12 + 1} · I.{number}", 1.0), (text, 1.0), (_text(rng, 2), 0.2)],
                         {"title": f"T{number}", "href": f"t/#{number}", "whole": "1"})


def _add_one_word(rng: random.Random, records: list[IndexedRecord], words: list[str]) -> None:
    """One word more in one record's text (its second part), in place: the smallest edit, which moves
    the average length a little."""
    at = rng.randrange(len(records))
    parts = list(records[at].parts)
    parts[1] = (parts[1][0] + " " + rng.choice(words), 1.0)
    records[at] = IndexedRecord(parts, records[at].shown, heading=records[at].heading)


def test_a_small_edit_scores_again_only_the_entries_whose_rounded_scores_may_move(tmp_path):
    """After an edit that moves the average length a little, the words and pairs the edit did not
    touch keep their entries unless the move could change one of their rounded scores; the index
    is still the index written afresh, edit after edit."""
    rng = random.Random("small edits")
    words = [f"từ{number}" for number in range(3000)]
    records = [_rare_words_record(rng, number, words) for number in range(800)]
    memo = DictMemo()
    write_index(records, tmp_path / "first", memo)
    for build in range(6):
        _add_one_word(rng, records, words)
        writer = IndexWriter(tmp_path / f"patched-{build}", memo)
        for record in records:
            writer.add(record)
        writer.finish()
        assert _files(tmp_path / f"patched-{build}") == _files(_fresh(records, tmp_path / f"fresh-{build}"))
        assert 0 < writer.rescored < writer.entries / 5, (build, writer.rescored, writer.entries)


def test_scores_said_unmoved_round_as_scores_made_afresh():
    """:func:`_unmoved` never keeps an entry whose rounded scores the new average length changes:
    scores made with one average and with another, over many random postings and moves of the
    average (small ones, as after an edit, and large), are equal whenever it says so; and it does
    say so for most small moves (else it would save nothing)."""
    from array import array

    from portal.outputs.search.index import B, K1, SCALE, _K1_1, _rounded, _slack, _unmoved

    rng = random.Random("unmoved")
    kept = 0
    for trial in range(3000):
        lengths = array("f", [rng.uniform(1, 400) for _ in range(rng.randint(1, 40))])
        weights = array("f", [rng.choice([0.2, 0.5, 1.0, 1.2, 3.0, 4.4]) * rng.randint(1, 5) for _ in lengths])
        idf = rng.uniform(0.01, 9)
        before = rng.uniform(20, 200)
        after = before * (1 + rng.choice([1e-6, 1e-5, 1e-4, 1e-3, 0.05]) * rng.uniform(-1, 1))

        def exact(average: float) -> list[float]:
            norms = array("f", (K1 * (1 - B + B * length / average) for length in lengths)).tolist()
            return [SCALE * (idf * weight * _K1_1 / (weight + norm)) for weight, norm in zip(weights, norms)]

        made = exact(before)
        if _unmoved(before, after, _slack(made)):
            kept += 1
            assert _rounded(made) == _rounded(exact(after)), trial
    assert kept > 1000


def test_the_state_kept_in_many_parts_patches_as_one(tmp_path, monkeypatch):
    """The last build's postings are kept in parts of a few words each (a few hundred words a
    part keep the living and the pickled copies from being held whole side by side); read back part
    by part, they patch the index as the state kept whole did."""
    from portal.outputs.search import index

    monkeypatch.setattr(index._State, "PART", 3)
    rng = random.Random("parts")
    records = [_record(rng, number) for number in range(60)]
    memo = DictMemo()
    write_index(records, tmp_path / "first", memo)
    assert sum(key.startswith(index._State.KEY + " words ") for key in memo.values) > 5
    for build in range(4):
        records = _edit(rng, records, "text")
        write_index(records, tmp_path / f"patched-{build}", memo)
        assert _files(tmp_path / f"patched-{build}") == _files(_fresh(records, tmp_path / f"fresh-{build}"))


class CountingMemo(DictMemo):
    """A :class:`DictMemo` that counts what is put under each key."""

    def __init__(self):
        super().__init__()
        self.puts: dict[str, int] = {}

    def put(self, key, value):
        self.puts[key] = self.puts.get(key, 0) + 1
        return super().put(key, value)


def _first_index(monkeypatch, tmp_path: Path, seed: str, memo) -> tuple[random.Random, list[IndexedRecord]]:
    """80 records indexed afresh into ``memo``, with the state kept in parts of 4 entries (so small an
    index still has many parts): the random source of later edits, and the records."""
    from portal.outputs.search import index

    monkeypatch.setattr(index._State, "PART", 4)
    rng = random.Random(seed)
    records = [_record(rng, number) for number in range(80)]
    write_index(records, tmp_path / "first", memo)
    return rng, records


def test_a_patch_keeps_again_only_the_parts_of_the_state_it_changed(tmp_path, monkeypatch):
    """After a small edit only the parts holding a word or pair it changed are pickled again; the
    others stay as the last build kept them, and edit after edit the index is still the fresh one
    (an unchanged part read back stale, or a changed one left unwritten, shows in the files)."""
    from portal.outputs.search import index

    memo = CountingMemo()
    rng, records = _first_index(monkeypatch, tmp_path, "parts kept", memo)
    kinds = ["text", "text", "first form", "emptied", "added", "removed"]
    for build in range(8):
        records = _edit(rng, records, kinds[build % 6])
        memo.puts.clear()
        write_index(records, tmp_path / f"patched-{build}", memo)
        assert _files(tmp_path / f"patched-{build}") == _files(_fresh(records, tmp_path / f"fresh-{build}")), build
        state = memo.get(index._State.KEY)
        for name, parts in (("words", state.words), ("pairs", state.pairs)):
            written = sum(key.startswith(f"{index._State.KEY} {name} ") for key in memo.puts)
            # a record put in or taken out renumbers the rest: every part changes; the first patch
            # after a build made afresh keeps again the parts of the common words it gives their
            # postings' bounds (_keep_scores), in so small an index nearly every part; and later on
            # one edit may move the average enough to change a score in every part of so small an
            # index: checked on the patches that follow a patch in the first round
            if build in (1, 2, 3):
                assert 0 < written < parts, (build, name, written, parts)


def test_the_parts_a_patch_left_as_they_were_outlive_the_build_cache_sweep(tmp_path, monkeypatch):
    """The build cache's memo keeps only the entries a build used: the parts left unchanged are read
    by the patch, so they are kept, and the next build patches from them."""
    from portal.build.cache import Memo

    path = tmp_path / "memo.pickle"
    memo = Memo(path)
    rng, records = _first_index(monkeypatch, tmp_path, "parts swept", memo)
    memo.save()
    for build in range(4):
        records = _edit(rng, records, "text")
        memo = Memo(path)
        writer = IndexWriter(tmp_path / f"patched-{build}", memo)
        for record in records:
            writer.add(record)
        writer.finish()
        assert writer.rescored < writer.entries  # patched, not made afresh
        memo.save()
        assert _files(tmp_path / f"patched-{build}") == _files(_fresh(records, tmp_path / f"fresh-{build}")), build


def test_a_build_after_no_edit_leaves_the_state_as_it_was_read(tmp_path, monkeypatch):
    """A build whose records are all the last build's puts no new state into the memo (the one read
    is kept by the memo's save, and the next build after an edit patches from it), while a build
    after an edit puts its own; the index is the fresh one either way."""
    from portal.outputs.search import index

    path = tmp_path / "memo.pickle"
    memo = CountingMemoFile(path)
    rng, records = _first_index(monkeypatch, tmp_path, "state left", memo)
    memo.save()
    for build, edited in enumerate([False, True, False, False, True]):
        if edited:
            records = _edit(rng, records, "text")
        memo = CountingMemoFile(path)
        write_index(records, tmp_path / f"build-{build}", memo)
        memo.save()
        assert (index._State.KEY in memo.puts) == edited, build
        assert _files(tmp_path / f"build-{build}") == _files(_fresh(records, tmp_path / f"fresh-{build}")), build


class CountingMemoFile:
    """The build cache's memo (a file), counting the keys put into it."""

    def __init__(self, path: Path):
        from portal.build.cache import Memo

        self.memo = Memo(path)
        self.puts: set[str] = set()

    def get(self, key, default=None):
        return self.memo.get(key, default)

    def put(self, key, value):
        self.puts.add(key)
        return self.memo.put(key, value)

    def save(self):
        self.memo.save()

def _build_with_files(records, folder: Path, cache: Path, memo) -> Path:
    """One build of the index with the build cache's memo and file store, kept as a build keeps them."""
    from portal.build.cache import SharedFiles

    files = SharedFiles(cache / "search-files")
    write_index(records, folder, memo, files)
    files.sweep()
    files.save()
    return folder


@pytest.mark.parametrize("kind", ["text", "first form", "emptied", "added", "removed", "many"])
def test_files_linked_from_earlier_builds_are_the_index_written_afresh(tmp_path, kind, monkeypatch):
    """With the file store, each build's files are the fresh index's bytes, edit after edit, whether
    a file is linked from an earlier build (its chunk unchanged, or the same bytes) or written."""
    from portal.outputs.search import index

    monkeypatch.setattr(index, "CHUNK_BYTES", 300)  # many small chunks: most keep their words
    rng = random.Random(f"files {kind}")
    records = [_record(rng, number) for number in range(PATCH_LIMIT + 30)]
    memo = DictMemo()
    _build_with_files(records, tmp_path / "first", tmp_path / "cache", memo)
    for build in range(6):
        records = _edit(rng, records, kind)
        built = _build_with_files(records, tmp_path / f"built-{build}", tmp_path / "cache", memo)
        assert _files(built) == _files(_fresh(records, tmp_path / f"fresh-{build}")), build


def _linked(folder: Path, store: set[int]) -> set[str]:
    """The files of ``folder`` that are files of the store as it was (``store``: their inodes)."""
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()
            and path.stat().st_ino in store}


def test_a_small_edit_writes_only_the_files_whose_bytes_change(tmp_path, monkeypatch):
    """After one record's edit, the files whose bytes the last build wrote are links to the store,
    not written again; only those of new bytes are written, and the whole is the fresh index."""
    from portal.outputs.search import index

    monkeypatch.setattr(index, "CHUNK_BYTES", 300)
    rng = random.Random("few files")
    records = [_record(rng, number) for number in range(110)]
    memo = DictMemo()
    first = _build_with_files(records, tmp_path / "first", tmp_path / "cache", memo)
    before = set(_files(first).values())
    shutil.rmtree(first)  # the last site is gone: its files live on in the store
    store = {path.stat().st_ino for path in (tmp_path / "cache" / "search-files").iterdir()}
    records[100] = IndexedRecord([("Tháng 5 · I.100", 1.0), ("tổ chức hội nghị", 1.0)], {"title": "T100*"},
                                 section=records[100].section, month=records[100].month)
    second = _build_with_files(records, tmp_path / "second", tmp_path / "cache", memo)
    fresh = _files(_fresh(records, tmp_path / "fresh"))
    assert _files(second) == fresh
    linked = _linked(second, store)
    assert "records/0.json" in linked and "records/6.json" not in linked  # record 100 is in file 6
    assert linked == {name for name, data in fresh.items() if data in before}  # written: only new bytes
    assert len(fresh) > len(linked) > len(fresh) / 2, (len(linked), len(fresh))


@pytest.mark.parametrize("at", [16, 23, 31])  # the first, a middle and the last row of records/1.json
@pytest.mark.parametrize("field", ["title", "href", "text", "kind", "info", "whole"])
def test_a_records_file_is_linked_only_when_every_row_it_shows_is_the_same(tmp_path, field, at):
    """A records file of the last build is linked when each of its rows is the same, whatever its
    records' searched parts: a row changed alone (a task's anchor, status or deadline shown, its
    searched words as they were) writes its file again, and an unchanged neighbour file is linked."""
    rng = random.Random(f"rows {field} {at}")
    records = [_record(rng, number) for number in range(40)]
    memo = DictMemo()
    store = tmp_path / "cache"
    _build_with_files(records, tmp_path / "first", store, memo)
    inodes = {path.stat().st_ino for path in (store / "search-files").iterdir()}
    changed = records[at]
    records[at] = IndexedRecord(changed.parts, {**changed.shown, field: changed.shown.get(field, "") + "*"},
                                heading=changed.heading, group=changed.group, section=changed.section,
                                prior=changed.prior, month=changed.month)
    second = _build_with_files(records, tmp_path / "second", store, memo)
    assert _files(second) == _files(_fresh(records, tmp_path / "fresh"))
    linked = _linked(second, inodes)
    assert "records/0.json" in linked and "records/1.json" not in linked


def test_task_records_kept_by_their_month_show_their_rows_as_made_afresh(tmp_path):
    """Records an earlier build kept (:class:`KnownRecord`, their rows' digests and no rows) write a
    changed neighbour's records file with their rows made again, as the fresh index writes them."""
    from portal.outputs.search.index import KnownRecord

    rng = random.Random("kept rows")
    records = [_record(rng, number) for number in range(40)]
    memo = DictMemo()
    store = tmp_path / "cache"
    kept = [KnownRecord.of(record).kept() for record in records]
    _build_with_files([KnownRecord.from_kept(entry, lambda record=record: record)
                       for entry, record in zip(kept, records)], tmp_path / "first", store, memo)
    records[17] = IndexedRecord(records[17].parts, {**records[17].shown, "title": "T17*"},
                                section=records[17].section, month=records[17].month)
    given = [KnownRecord.of(record) if at == 17 else KnownRecord.from_kept(entry, lambda record=record: record)
             for at, (entry, record) in enumerate(zip(kept, records))]
    second = _build_with_files(given, tmp_path / "second", store, memo)
    assert _files(second) == _files(_fresh(records, tmp_path / "fresh"))


def test_a_stored_file_changed_in_place_is_not_linked_again(tmp_path):
    """A built file is the very file of its store entry: one changed in the site (a tool editing
    it) changes the entry, which is then never linked into a later build."""
    rng = random.Random("changed in place")
    records = [_record(rng, number) for number in range(40)]
    memo = DictMemo()
    first = _build_with_files(records, tmp_path / "first", tmp_path / "cache", memo)
    for path in first.rglob("*.json"):
        path.write_text("{}", encoding="utf-8")
    second = _build_with_files(records, tmp_path / "second", tmp_path / "cache", memo)
    assert _files(second) == _files(_fresh(records, tmp_path / "fresh"))


def test_hand_written_pages_kept_by_their_text_are_those_converted_afresh(tmp_path):
    """The hand-written pages' titles and bodies kept in the memo are what converting them gives,
    and a page whose text changed is converted again."""
    from portal.build.cache import Memo
    from portal.outputs.search.records import static_pages

    docs = tmp_path / "docs"
    (docs / "huong-dan").mkdir(parents=True)
    (docs / "gioi-thieu.md").write_text("# Giới thiệu\n\nCổng thông tin *chương trình công tác*.\n", encoding="utf-8")
    (docs / "huong-dan" / "tra-cuu.md").write_text("Tra cứu | Cách\n--- | ---\nTừ khóa | gõ không dấu\n",
                                                   encoding="utf-8")
    memo = Memo(tmp_path / "memo.pickle")
    assert static_pages(docs, memo) == static_pages(docs)
    memo.save()
    (docs / "gioi-thieu.md").write_text("# Giới thiệu cổng\n\nĐã sửa.\n", encoding="utf-8")
    kept = Memo(tmp_path / "memo.pickle")
    assert static_pages(docs, kept) == static_pages(docs)
    assert static_pages(docs, kept)[0][1:] == ("Giới thiệu cổng", "<h1>Giới thiệu cổng</h1>\n<p>Đã sửa.</p>")
    assert kept.hits >= 1  # the unchanged page came from the memo


def test_a_file_store_on_another_file_system_is_not_used(tmp_path, monkeypatch):
    """Files cannot be linked across file systems: the index is then written as without a store
    (copying each file into the store and out again would cost more than writing it)."""
    from portal.build.cache import SharedFiles

    real_stat = os.stat
    store = tmp_path / "cache"

    def stat(path, *args, **kwargs):
        found = real_stat(path, *args, **kwargs)
        if Path(path) == store:  # the store's folder, as if on a device of its own
            return os.stat_result((found.st_mode, found.st_ino, found.st_dev + 1, *tuple(found)[3:]))
        return found

    store.mkdir()
    monkeypatch.setattr(os, "stat", stat)
    records = [_record(random.Random("device"), number) for number in range(30)]
    writer = IndexWriter(tmp_path / "built", DictMemo(), SharedFiles(store / "search-files"))
    assert writer.files is None
    for record in records:
        writer.add(record)
    writer.finish()
    assert _files(tmp_path / "built") == _files(_fresh(records, tmp_path / "fresh"))
    assert not (store / "search-files").exists()
    same = IndexWriter(tmp_path / "again", DictMemo(), SharedFiles(tmp_path / "elsewhere" / "search-files"))
    assert same.files is not None


class KeyNotingMemo(DictMemo):
    """A :class:`DictMemo` that notes which keys were put, in order."""

    def __init__(self):
        super().__init__()
        self.puts: list[str] = []

    def put(self, key, value):
        self.puts.append(key)
        return super().put(key, value)


def _as_indexed(records) -> list:
    """Task records as the index takes them (a record kept by an earlier build made again from its
    month, with what was kept of it), each with its key."""
    from portal.outputs.search.index import IndexedRecord, KnownRecord, _record_key

    made = []
    for record in records:
        if isinstance(record, KnownRecord):
            indexed = IndexedRecord(record.parts, record.shown, record.heading, record.group, record.section,
                                    record.prior, record.month)
            assert record.key == _record_key(indexed)
        else:
            indexed = record.indexed()
        made.append((_record_key(indexed), indexed))
    return made


def test_task_expansions_are_kept_again_only_for_the_month_edited():
    """Each month's tasks' abbreviations and records are kept in entries of their own: a build after
    one task's edit writes that month's entries again, not the others', and its records are those
    made without a memo."""
    from portal.build.site import load_site
    from portal.outputs.search.records import iter_task_records

    site = load_site(Path(__file__).resolve().parent.parent / "content")
    memo = KeyNotingMemo()
    assert _as_indexed(iter_task_records(site, memo)) == _as_indexed(iter_task_records(site))
    assert len(memo.puts) == 2 * len([p for p in site.programmes if p.tasks()])
    memo.puts.clear()
    assert _as_indexed(iter_task_records(site, memo)) == _as_indexed(iter_task_records(site))
    assert memo.puts == []  # nothing changed: nothing written
    edited = next(p for p in site.programmes if p.tasks())
    edited.tasks()[0].text += " Ban Chỉ đạo 35"
    assert _as_indexed(iter_task_records(site, memo)) == _as_indexed(iter_task_records(site))
    expansions = [key for key in memo.puts if not key.startswith("task records ")]
    assert len(expansions) == 1 and expansions[0].endswith(f" {edited.month}")
    assert len(memo.puts) == 2  # and the month's records


def test_kept_task_records_follow_the_titles_of_the_terms_they_are_filed_under():
    """A month's kept records are not used once a term one of its tasks is filed under is titled
    otherwise (a document's subject, read from the whole archive), though its tasks are the same."""
    from portal.build.site import load_site
    from portal.outputs.search.records import iter_task_records
    from portal.site.taxonomy import DirectiveTerm

    site = load_site(Path(__file__).resolve().parent.parent / "content")
    memo = KeyNotingMemo()
    _as_indexed(iter_task_records(site, memo))
    term = next(term for term in site.taxonomies["directives"].terms.values()
                if isinstance(term.meta, DirectiveTerm) and term.entries)
    term.title += " (sửa)"
    memo.puts.clear()
    assert _as_indexed(iter_task_records(site, memo)) == _as_indexed(iter_task_records(site))
    months = {entry.task.month for entry in term.entries}
    assert len([key for key in memo.puts if key.startswith("task records ")]) == len(months)


@pytest.mark.parametrize("kind", ["label", "section", "department", "terms order"])
def test_kept_task_records_follow_every_input_of_their_month(kind, monkeypatch):
    """A month's kept records are not used once anything its records show or search changed besides
    its tasks' fields: the month's label, a section's title, a lead's department, the order of a
    task's terms (each case leaves the tasks as they were, so only the month's key can tell)."""
    from portal.build.site import load_site
    from portal.outputs.search.records import iter_task_records

    site = load_site(Path(__file__).resolve().parent.parent / "content")
    memo = KeyNotingMemo()
    _as_indexed(iter_task_records(site, memo))
    programme = next(p for p in site.programmes if len(p.tasks()) > 1)
    task = programme.tasks()[0]
    if kind == "label":  # a property of the month: made otherwise for this programme
        made = type(programme).label
        monkeypatch.setattr(type(programme), "label", property(
            lambda p: made.fget(p) + (" (sửa)" if p is programme else "")))
    elif kind == "section":
        section = next(section for section in programme.sections if section.key == task.section)
        section.title += " (sửa)"
    elif kind == "department":
        department = site.registry.resolve(task.lead)
        assert department is not None
        department.name += " (sửa)"
    else:
        filings = next(taxonomy.filings() for taxonomy in site.taxonomies.values()
                       if len(taxonomy.filings().get(task, ())) > 1)
        filings[task].reverse()
    memo.puts.clear()
    assert _as_indexed(iter_task_records(site, memo)) == _as_indexed(iter_task_records(site))
    assert any(key.startswith("task records ") for key in memo.puts)


def test_a_page_known_by_what_it_was_rendered_from_is_read_only_when_that_changed(tmp_path):
    """A generated page rendered from the same inputs (``made_of``) as in an earlier build is not
    read again (its body is neither hashed nor parsed); one rendered from other inputs is hashed,
    and its record is still the one kept where its body is the same."""
    from portal.build.cache import Memo
    from portal.outputs.search.records import iter_rendered_page_records, page_sources
    from portal.site.model import Page

    class Counted(Page):
        reads = 0

        def html_utf8(self) -> bytes:  # how the search job reads a page's body
            Counted.reads += 1
            return super().html_utf8()

    def pages(made_of: str) -> list[Page]:
        return [Counted("programmes/2023-11.md", "---\ntitle: x\n---\n<h1>Tháng 11/2023</h1><p>Ban Chỉ đạo 35 họp.</p>",
                        "Tháng 11/2023", made_of=made_of)]

    def records(made_of: str, memo):
        return [r.__dict__ for r in iter_rendered_page_records(
            page_sources(pages(made_of), tmp_path / "no-hand-written-pages"), "Cổng", {}, memo=memo)]

    memo = Memo(tmp_path / "memo.pickle")
    first = records("inputs-1", memo)
    assert first == records("", None) and Counted.reads == 2
    assert records("inputs-1", memo) == first and Counted.reads == 2  # kept: not read
    assert records("inputs-2", memo) == first and Counted.reads == 3  # other inputs: read (hashed) again…
    assert memo.misses == 3  # …and its record kept by that body's digest (misses: digest, record, digest)


def test_pages_kept_as_known_records_are_the_records_made_afresh(tmp_path):
    """With ``known``, each page comes as a :class:`KnownRecord` of the kept record: its key, row digest,
    parts, heading and row are those of the record made afresh, from the memo or not, and a page whose
    title (an input of its record besides its body) changed is made again, not taken from the memo."""
    from portal.build.cache import Memo
    from portal.outputs.search.index import KnownRecord, _record_key, _row, _row_digest
    from portal.outputs.search.records import iter_rendered_page_records
    from portal.site.model import Page

    def pages(title: str) -> list[tuple]:
        return [(page.src_uri, page.title, page.html_utf8()) for page in (
            Page("programmes/2023-11.md", "---\ntitle: x\n---\n<h1>Tháng 11/2023</h1><p>Ban Chỉ đạo 35 họp.</p>", title),
            Page("index.md", "---\ntitle: x\n---\n<p>Trang chủ</p>", "Trang chủ"))]

    def described(record) -> tuple:
        record = record if isinstance(record, KnownRecord) else KnownRecord.of(record.indexed())
        return (record.key, record.row_digest, record.parts, record.heading, record.shown, record.group,
                record.section, record.prior, record.month)

    memo = Memo(tmp_path / "memo.pickle")
    for title in ("Tháng 11/2023", "Tháng 11/2023", "Tháng 11 năm 2023"):
        fresh = [described(record) for record in iter_rendered_page_records(pages(title), "Cổng", {})]
        known = list(iter_rendered_page_records(pages(title), "Cổng", {}, memo=memo, known=True))
        assert all(isinstance(record, KnownRecord) for record in known)
        assert [described(record) for record in known] == fresh
        assert fresh[0][4]["title"] == title
    assert memo.misses == 3  # each page once (the home page is no record), and the page again under its new title


def test_posting_bounds_keep_each_rounded_score():
    """:func:`_bounds` (kept as float32) never takes in an average at which the posting's rounded
    score differs from the one it was made with, over random postings and moves of the average;
    and it does take in most small moves (else scoring again posting by posting would save nothing)."""
    from array import array

    from portal.outputs.search.index import B, K1, SCALE, _K1_1, _bounds

    rng = random.Random("bounds")
    kept = 0
    for trial in range(20000):
        length = array("f", [rng.uniform(1, 400)])[0]
        weight = array("f", [rng.choice([0.2, 0.5, 1.0, 1.2, 3.0, 4.4]) * rng.randint(1, 5)])[0]
        idf = rng.uniform(0.01, 9)
        before = rng.uniform(20, 200)
        after = before * (1 + rng.choice([1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 0.05]) * rng.uniform(-1, 1))

        def exact(average: float) -> float:
            norm = array("f", [K1 * (1 - B + B * length / average)])[0]
            return SCALE * (idf * weight * _K1_1 / (weight + norm))

        low, high = array("f", _bounds(exact(before), before))
        if low < after < high:
            kept += 1
            assert (round(exact(after)) or 1) == (round(exact(before)) or 1), trial
    assert kept > 12000


def test_all_postings_bounds_are_each_postings_bounds():
    """:func:`_all_bounds` (every posting of an entry at once) gives exactly :func:`_slack` and
    :func:`_bounds` of each posting, scores on a half and unscored postings included."""
    from portal.outputs.search.index import _all_bounds, _bounds, _slack

    rng = random.Random("all bounds")
    for exact in ([rng.uniform(0.01, 300) for _ in range(5000)], [1.5, 2.5, 7.0, 0.5, 3e-9, 250.49999999],
                  [0.0, 4.2], []):
        average = rng.uniform(20, 200)
        bounds = [_bounds(value, average) for value in exact]
        assert _all_bounds(exact, average) == (_slack(exact), [low for low, _ in bounds],
                                              [high for _, high in bounds])


def test_common_words_are_scored_again_posting_by_posting(tmp_path, monkeypatch):
    """After small edits, the words written in most records (whose many postings leave no slack for
    the average's move) are scored again only where a rounded score may move, edit after edit,
    and the index is still the index written afresh."""
    from portal.outputs.search import index

    calls = []
    score_again = index._score_again
    monkeypatch.setattr(index, "_score_again", lambda *args: calls.append(1) or score_again(*args))
    rng = random.Random("common words")
    records = [_record(rng, number) for number in range(110)]
    memo = DictMemo()
    write_index(records, tmp_path / "first", memo)
    for build in range(8):
        _add_one_word(rng, records, VOCABULARY)
        write_index(records, tmp_path / f"patched-{build}", memo)
        assert _files(tmp_path / f"patched-{build}") == _files(_fresh(records, tmp_path / f"fresh-{build}")), build
    assert calls
