"""The search records: one per task and one per built page, indexed by :mod:`portal.outputs.search.index`.

Why not Material's lunr search: lunr builds its whole index in the browser on every page load
(20 MB for a 120-month archive). Why not Pagefind, used until 2026-11: its ranking grows with the
square of the result count and its indexer with 100 KB of memory per record (README, Search).
The portal's own index is scored at build time and fetched in small pieces by the browser.

Records are built in two phases, both independent of MkDocs:

- :func:`task_records` from the :class:`~portal.build.site.Site`: each task is its own result, titled
  ``Tháng 11/2023 · II.3`` and opening the month page at the task's anchor;
- :func:`page_records` from the built HTML: whatever pages the site renders (months, directives,
  departments, hand-written pages) are results too, with the tasks they list (``data-task``) left
  out since the tasks are already records of their own.

A record's title, shown text and other searched words (``extra``: lead, units, status, terms)
are weighted apart; the text shown in results is kept in the record file as written.
"""
from __future__ import annotations

import hashlib
import math
import pickle
import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache, partial
from itertools import chain
from operator import attrgetter
from pathlib import Path
from typing import AbstractSet, Callable, Iterable, Iterator, cast

from markupsafe import escape

from portal.outputs.search.index import EXTRA_WEIGHT, HEADING_WEIGHT, TEXT_WEIGHT, IndexedRecord, KnownRecord
from portal.outputs.search.index import write_index as write_search_index
from portal.site import urls
from portal.content.model import content_digest
from portal.site.model import Page, Site, split_front_matter
from portal.content.abbreviations import Abbreviations
from portal.content.directives import Directive
from portal.outputs.search.tokens import DUE_SOON, OVERDUE, STATUS_KEYS, status_key
from portal.site.taxonomy import DepartmentTerm, DirectiveTerm
from portal.text.fold import fold as fold_key
from portal.text.richtext import strip_markup

OUTPUT_FOLDER = "search"
# Parts of a built page that are not its own content: the tasks it lists (every listing marks them
# with ``data-task`` for the audit; tasks are records of their own), permalink marks, scripts.
EXCLUDED = (".//*[@data-task]",
            './/a[contains(concat(" ", @class, " "), " headerlink ")]',
            './/*[contains(concat(" ", @class, " "), " portal-doc-footer ")]',  # a programme's recipients, signature
            ".//script", ".//style", ".//*[@data-search-exclude]")
# What the HTML of a page holds (lower-cased) wherever one of those elements is in it.
_MARKS = {".//*[@data-portal-results-page]": b"data-portal-results-page", EXCLUDED[0]: b"data-task",
          EXCLUDED[1]: b"headerlink", EXCLUDED[2]: b"portal-doc-footer", EXCLUDED[3]: b"<script",
          EXCLUDED[4]: b"<style", EXCLUDED[5]: b"data-search-exclude"}
# A document page's sentence of its relations («Kế hoạch 68-KH/TU thực hiện Chỉ thị 24-CT/TW.»): kept in its result.
_RELATIONS = './/*[contains(concat(" ", @class, " "), " refs-relations-summary ")]'
PRIOR_WEIGHT = 40  # score units per log of the tasks a page lists (a word scores 1-200)
EXPANSION_WEIGHT = 0.5  # an abbreviation's other form counts half of what is written (both directions)
SHOWN_TEXT_LIMIT = 5000  # characters of a page kept for its excerpt (tasks are kept whole)


@dataclass
class SearchRecord:
    """One search result: where it opens, what is searched, what is shown."""

    url: str  # site-relative, e.g. ``programmes/2023-11/#II-3``
    title: str
    text: str  # shown in results, searched
    kind: str  # e.g. ``Nhiệm vụ``, ``Chương trình tháng``
    extra: str = ""  # searched, never shown (lead's full name, terms, status…)
    meta: dict[str, str] = field(default_factory=dict)
    heading: bool = True  # the title weighs as a heading (pages); a task's title is only its month
    names: str = ""  # other names of a page, matched as its title (a department's code and spellings)
    group: str = ""  # one result with the other records of this key (a department's year pages)
    section: str = ""  # heading of the full results page it is listed under (a task's month)
    tasks: int = 0  # tasks a term page lists: of two pages a number names, the more cited is meant
    month: str = ""  # ``YYYY-MM`` of a task or a month's page: newer months first among equal matches
    header: str = ""  # searched as text, never shown: a month's issuing body, number and symbol, signer
    summary: str = ""  # shown instead of the page's text: a document's type, number, date, issuer, citing tasks
    expansions: str = ""  # the other form of each abbreviation the record writes (content/viet-tat.yaml)

    def indexed(self) -> IndexedRecord:
        """The record as the index takes it: searched parts by weight, and what results show."""
        heading = " ".join(part for part in (self.title, self.names) if part) if self.heading else ""
        parts = [(self.title, HEADING_WEIGHT if self.heading else TEXT_WEIGHT), (self.names, HEADING_WEIGHT),
                 (self.text, TEXT_WEIGHT), (self.extra, EXTRA_WEIGHT), (self.header, TEXT_WEIGHT),
                 (self.expansions, EXPANSION_WEIGHT)]
        return IndexedRecord([(text, weight) for text, weight in parts if text], self.shown(),
                             heading=heading, group=self.group, section=self.section,
                             prior=PRIOR_WEIGHT * math.log1p(self.tasks), month=self.month)

    def shown(self) -> dict[str, str]:
        return {"title": self.title, "href": self.url, "text": self.summary or _shown(self.text), "kind": self.kind,
                **self.meta}


def _shown(text: str) -> str:
    """Text kept for display: pages are cut at a word boundary, tasks are short and kept whole."""
    if len(text) <= SHOWN_TEXT_LIMIT:
        return text
    return text[:SHOWN_TEXT_LIMIT].rsplit(" ", 1)[0] + " …"


def task_records(site: Site) -> list[SearchRecord]:
    """One record per published task, opening its month page at the task's row.

    Newest month first: records of equal score are listed in this order.
    """
    return cast(list[SearchRecord], list(iter_task_records(site)))  # without a memo: records made, none kept


def iter_task_records(site: Site, memo=None) -> Iterator[SearchRecord | KnownRecord]:
    """:func:`task_records` one at a time (an archive's index is written without holding them all).
    ``memo`` (see :class:`portal.build.cache.Memo`): each task's abbreviations found in an earlier
    build, most of what a task's record costs; kept as one entry a month for the abbreviations'
    table (one entry a task cost a hash and an unpickling each, more than finding them again saved),
    written again only for a month whose tasks' texts changed (one entry for all the months was
    pickled and written whole after any edit)."""
    plain = site.abbreviations.expand
    expand = plain
    known: dict[tuple[str, ...], str] = {}
    used: dict[tuple[str, ...], str] = {}
    if memo is not None:
        vocabulary = repr(site.abbreviations.fingerprint()).encode("utf-8", "surrogatepass")
        prefix = "task expansions " + hashlib.blake2b(vocabulary, digest_size=16).hexdigest()

        def expand(*texts: str) -> str:
            found = known.get(texts)
            if found is None:
                found = plain(*texts)
            used[texts] = found
            return found
    labels = {programme.month: programme.label for programme in site.programmes}
    sections = {(programme.month, section.key): section.title
                for programme in site.programmes for section in programme.sections}
    newest_first = sorted(site.programmes, key=lambda programme: programme.month, reverse=True)
    filed = [taxonomy.filings() for taxonomy in site.taxonomies.values()]  # each task's terms, by taxonomy
    titles: dict[int, list[str]] = {}  # id(term) → its titles: many tasks share a term (the terms live on)
    named_terms: dict[int, str] = {}  # id(term) → a digest of its titles (see _month_inputs)
    for programme in newest_first:
        if memo is None:
            yield from _month_task_records(site, programme, expand, labels, sections, filed, titles)
            continue
        # a month whose records' inputs are those of an earlier build: its records as that build
        # indexed them, made again only if the index must analyse one (KnownRecord)
        inputs = f"task records {prefix} {_month_inputs(site, programme, labels, sections, filed, named_terms)}"
        kept = memo.get(inputs)
        if kept is not None:
            yield from _kept_records(kept, partial(_month_task_records, site, programme, plain, labels, sections,
                                                   filed, titles))
            continue
        key = f"{prefix} {programme.month}"
        known = memo.get(key) or {}
        used = {}
        made = [KnownRecord.of(record.indexed())
                for record in _month_task_records(site, programme, expand, labels, sections, filed, titles)]
        if used != known:  # what this build used: the entry does not grow with old edits
            memo.put(key, used)
        memo.put(inputs, [record.kept() for record in made])
        yield from made


def _month_inputs(site: Site, programme, labels: dict, sections: dict, filed: list,
                  named_terms: dict[int, str]) -> str:
    """A digest of everything the records of ``programme``'s tasks are made of
    (:func:`_month_task_records`), but the abbreviations and the code (in the memo's key and its
    file's fingerprint): each task's fields (its digest, :attr:`Task.digest`, made once by the loader
    under the build cache; the month's address is made of its month alone), its month's label, its
    section's title, its lead's department and the titles of every term it is filed under (a
    document's title, read from the whole archive: an edit elsewhere can change it; ``named_terms``:
    a digest of each term's titles, made once a build). Cheaper than the records it stands for
    (0.04 against 0.08 s at 120 months): no text is stripped of markup, no abbreviation looked
    for, no record or key made."""
    # Hashed as each task's fields joined by NUL (no field holds one: digests are hex, the rest YAML
    # text), its terms' digests after them, each taxonomy's list closed by \x02 and the task by \x03,
    # so the text read back gives each task's fields and terms: as exact as the repr of a list of
    # tuples, in 0.15 s instead of 0.18 s at 600 months (28,000 tasks, 104,000 filings).
    digest = hashlib.blake2b(digest_size=16)
    update = digest.update
    resolve = site.registry.resolve
    departments: dict[str, str] = {}
    for task in programme.tasks():
        lead = task.lead
        department = departments.get(lead)
        if department is None:
            found = resolve(lead)
            department = departments[lead] = "\x01" if found is None else f"{found.code}\x00{found.name}"
        month = task.month
        line = [task.digest or content_digest(task), str(labels.get(month, month)),
                sections.get((month, task.section), ""), department]
        for filings in filed:
            terms = filings.get(task)
            if terms:
                for term, _ in terms:
                    named = named_terms.get(id(term))
                    if named is None:
                        named = named_terms[id(term)] = content_digest(term_titles(term))
                    line.append(named)
            line.append("\x02")
        line.append("\x03")
        update("\x00".join(line).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _kept_records(kept: list[tuple], make_month: Callable[[], Iterable[SearchRecord]]) -> list[KnownRecord]:
    """The records an earlier build kept of a month (:meth:`KnownRecord.kept`), each made again, with
    the rest of its month, only when the index asks for its parts."""
    made: list[IndexedRecord] = []

    def made_again(at: int) -> IndexedRecord:
        if not made:
            made.extend(record.indexed() for record in make_month())
        return made[at]

    return [KnownRecord.from_kept(entry, partial(made_again, at)) for at, entry in enumerate(kept)]


def _month_task_records(site: Site, programme, expand, labels: dict, sections: dict, filed: list,
                        titles: dict[int, list[str]]) -> Iterator[SearchRecord]:
    """The records of one month's tasks (see :func:`iter_task_records`). What many tasks share (their
    month's address and label, a lead's department, a status's word) is found once a month."""
    months: dict = {}  # month → (address of its page, label, "YYYY-MM")
    departments: dict[str, list[str]] = {}  # lead → its department's code and name, as the extra ends
    status_words: dict[str, str] = {}
    for task in programme.tasks():
        month = task.month
        page = months.get(month)
        if page is None:
            page = months[month] = (urls.page_url(urls.month_page(month)) + "#", labels.get(month, month), str(month))
        address, label, month_text = page
        lead = task.lead
        department = departments.get(lead)
        if department is None:
            found = site.registry.resolve(lead)
            department = departments[lead] = [] if found is None else [found.code, found.name]
        status = task.status
        status_word = status_words.get(status)
        if status_word is None:
            status_word = status_words[status] = status_key(status)
        extra = [lead, *task.coordinators, task.deadline, status, strip_markup(task.note),
                 sections.get((month, task.section), "")]
        for filings in filed:
            for term, _ in filings.get(task, ()):
                named = titles.get(id(term))
                if named is None:
                    named = titles[id(term)] = term_titles(term)
                extra += named
        extra += department
        extra.append(status_word)
        yield SearchRecord(
            url=address + task.anchor,
            title=f"{label} · {task.label}",
            text=strip_markup(task.text),
            kind="Nhiệm vụ",
            extra="\n".join(part for part in extra if part),
            meta={"info": " · ".join(part for part in (lead, task.deadline, status) if part), "whole": "1"},
            heading=False,
            section=label,
            month=month_text,
            expansions=expand(task.text, lead, *task.coordinators),
        )


def term_titles(term) -> list[str]:
    """What a task is searched by for a term it is filed under: the term's title, and for a document
    its subject (``Chỉ thị 24-CT/TW`` and «bảo đảm vững chắc an ninh quốc gia…»): a task citing a
    document is about its subject, so «Chỉ thị 24 an ninh quốc gia» finds every task citing it."""
    if isinstance(term.meta, DirectiveTerm) and term.meta.directive.title:
        return [term.title, term.meta.directive.title]
    return [term.title]


def view_records(site: Site) -> list[SearchRecord]:
    """The views that answer a status or deadline word (``quá hạn``, ``sắp đến hạn``, ``hoàn thành``):
    the overdue and due-soon lists of the deadlines page, and the newest
    month-end report's counts by status. They are titled by their status words (:data:`tokens.STATUS_KEYS`),
    so such a query finds them first, and tasks only by their recorded status, never by their words."""
    records = []
    deadlines = site.taxonomies.get("deadlines")
    if deadlines is not None:
        page = urls.page_url(deadlines.index_page())
        records += [
            SearchRecord(url=page + "#qua-han", title="Nhiệm vụ quá hạn, chưa ghi hoàn thành", kind=deadlines.title,
                         text="Danh sách các nhiệm vụ đã quá thời hạn mà chưa ghi hoàn thành, tính đến hôm nay.",
                         names=OVERDUE),
            SearchRecord(url=page + "#sap-den-han", title="Nhiệm vụ sắp đến hạn trong 14 ngày tới", kind=deadlines.title,
                         text="Danh sách các nhiệm vụ đến hạn trong 14 ngày tới, tính từ hôm nay.", names=DUE_SOON),
        ]
    issued = sorted((p for p in site.programmes if not p.draft), key=lambda p: p.month)
    if issued:
        latest = issued[-1]
        records.append(SearchRecord(
            url=urls.page_url(urls.report_page(latest.month)) + "#theo-tien-do",
            title=f"Kết quả theo tiến độ, {latest.month.label}", kind="Báo cáo kết quả tháng",
            text="Số nhiệm vụ hoàn thành, đang thực hiện, chưa thực hiện… và danh sách từng loại.",
            names=" ".join(STATUS_KEYS.values()), month=str(latest.month)))
    return records


def page_headers(site: Site) -> dict[str, str]:
    """What a month's page says in its header and closing that is searched but not its own text:
    issuing body, number and symbol, place and date, the signer's name and titles, the drafter."""
    found = {}
    for programme in site.programmes:
        filled = programme.number and not programme.number.startswith("[")  # «[so]»: not yet numbered
        number = f"{programme.number}-{programme.symbol}" if filled and programme.symbol else ""
        fields = [programme.parent_body, programme.issuing_body, number, programme.symbol,
                  programme.signature.name, *programme.signature.titles, programme.drafter]
        found[urls.page_url(urls.month_page(programme.month))] = "\n".join(field for field in fields if field)
    return found


def page_summaries(site: Site) -> dict[str, str]:
    """What a document's result shows: its type, number, date and issuer, and how many tasks cite it
    (``Chỉ thị số 24-CT/TW ngày 13/7/2023 của Bộ Chính trị · 12 nhiệm vụ trích dẫn``)."""
    found: dict[str, str] = {}
    taxonomy = site.taxonomies.get("directives")
    if taxonomy is None:
        return found
    for term in taxonomy.terms.values():
        if not isinstance(term.meta, DirectiveTerm):
            continue
        found[urls.page_url(taxonomy.term_page(term))] = document_summary(
            term.meta.directive, len({entry.task for entry in term.entries}))
    return found


def document_summary(directive: Directive, citing: int) -> str:
    """``Chỉ thị số 24-CT/TW ngày 13/7/2023 của Bộ Chính trị · 12 nhiệm vụ trích dẫn``."""
    named = directive.symbol and f"{directive.type} số {directive.symbol}".strip() or directive.name or directive.type
    if directive.date:
        named += f" ngày {directive.date.day}/{directive.date.month}/{directive.date.year}"
    if directive.issuer:
        named += f" của {directive.issuer}"
    parts = [named, f"{citing} nhiệm vụ trích dẫn" if citing else "chưa có nhiệm vụ trích dẫn"]
    if directive.title:
        parts.append(directive.title)
    return " · ".join(parts)


def page_kinds(site: Site) -> dict[str, str]:
    """What each folder of pages is called in results: months, and every taxonomy's own title."""
    kinds = {"programmes": "Chương trình tháng"}
    for taxonomy in site.taxonomies.values():
        kinds[taxonomy.folder.split("/")[0]] = taxonomy.title
    return kinds


def page_tasks(site: Site) -> dict[str, int]:
    """How many tasks each term page lists (a directive's citing tasks, a department's), by address."""
    counts: dict[str, int] = {}
    for taxonomy in site.taxonomies.values():
        for term in taxonomy.terms.values():
            listed = len(set(map(_TASK_OF_ENTRY, term.entries)))  # once a term, not once a page of it
            for page in _term_pages(taxonomy, term):
                counts[urls.page_url(page)] = listed
    return counts


_TASK_OF_ENTRY = attrgetter("task")


def _term_pages(taxonomy, term) -> set[str]:
    """The pages of a term: its page and, in a taxonomy split by year, its year pages. The years of
    a term are not asked for in a taxonomy that is not split: they name no other page there, and
    finding them for every term (every document cited) cost more than the rest of these tables."""
    if not taxonomy.split_by_year:
        return {taxonomy.term_page(term)}
    return {taxonomy.term_page(term)} | {taxonomy.year_page(term, year) for year in taxonomy.years(term)}


def page_names(site: Site) -> dict[str, str]:
    """Other names of term pages, matched as their titles: a department's code and the spellings
    of its lead column (``TT-TT``, ``Phòng TT-TT``), on its page and its year pages."""
    names: dict[str, str] = {}
    for taxonomy in site.taxonomies.values():
        for term in taxonomy.terms.values():
            meta = term.meta
            spelled = [] if not isinstance(meta, DepartmentTerm) else [meta.code] + list(
                meta.department.aliases if meta.department is not None else ())
            known = fold_key(term.title)
            text = " ".join(dict.fromkeys(name for name in spelled if name and fold_key(name) != known))
            if not text:
                continue
            for page in _term_pages(taxonomy, term):
                names[urls.page_url(page)] = text
    return names


def page_group(url: str) -> str:
    """The result a page is shown under: a year page (``phong-ban/tt-tt/2022/``) with its term's page."""
    match = _YEAR_PAGE_RE.match(url)
    return match.group(1) if match else url


_YEAR_PAGE_RE = re.compile(r"^(.+/)\d{4}/$")
_MONTH_PAGE_RE = re.compile(r"^programmes/(\d{4}-\d{2})/$")


def page_month(url: str) -> str:
    """The month of a month's page (``programmes/2023-11/`` → ``2023-11``), else empty."""
    match = _MONTH_PAGE_RE.match(url)
    return match.group(1) if match else ""


def listing_pages(site: Site) -> set[str]:
    """Addresses of the pages that only list other records: the months, each taxonomy's terms, and
    each month's report (its headings and counts name every status: found by its title instead)."""
    return ({"programmes/"} | {urls.page_url(taxonomy.index_page()) for taxonomy in site.taxonomies.values()}
            | {urls.page_url(urls.report_page(p.month)) for p in site.programmes})


@dataclass
class PageFacts:
    """What the site knows of its pages beyond their HTML: a month's header fields, a document's
    summary, and the abbreviations whose other forms a page's text is also found by."""

    headers: dict[str, str] = field(default_factory=dict)
    summaries: dict[str, str] = field(default_factory=dict)
    abbreviations: Abbreviations = field(default_factory=Abbreviations)


def page_facts(site: Site) -> PageFacts:
    return PageFacts(page_headers(site), page_summaries(site), site.abbreviations)


def page_records(site_dir: Path, site_name: str, kinds: dict[str, str],
                 listings: AbstractSet[str] = frozenset(), names: dict[str, str] | None = None,
                 tasks: dict[str, int] | None = None, facts: PageFacts | None = None) -> list[SearchRecord]:
    """One record per built HTML page (not the home page nor 404), the tasks it lists left out.

    A listing page (``listings``) is indexed by its title and first paragraph only: the terms it
    lists are records of their own, and its list would otherwise match every query about them.
    """
    records = []
    for path in sorted(site_dir.rglob("index.html")):
        relative = path.relative_to(site_dir).as_posix()
        if relative.startswith(f"{OUTPUT_FOLDER}/"):
            continue
        record = _page_record(relative[: -len("index.html")], _parse(path.read_text(encoding="utf-8")),
                              site_name, kinds, listings, names, tasks, facts)
        if record is not None:
            records.append(record)
    return records


def rendered_page_records(pages: list[tuple[str, str, str]], site_name: str, kinds: dict[str, str],
                          listings: AbstractSet[str] = frozenset(), names: dict[str, str] | None = None,
                          tasks: dict[str, int] | None = None, facts: PageFacts | None = None) -> list[SearchRecord]:
    """The same records as :func:`page_records`, read from the pages before MkDocs builds them.

    ``pages`` are ``(src_uri, title, body_html)``: a generated page's body is its finished HTML
    (:meth:`portal.build.site.Page.html`), a hand-written page's comes from :func:`static_pages`. Not
    needing the built site lets the index be written while MkDocs is still building.
    """
    records = iter_rendered_page_records(pages, site_name, kinds, listings, names, tasks, facts)
    return cast(list[SearchRecord], list(records))  # without a memo: records made, none kept


def iter_rendered_page_records(pages: Iterable[tuple[str, str, "str | bytes | RenderedBody"]], site_name: str,
                               kinds: dict[str, str],
                               listings: AbstractSet[str] = frozenset(), names: dict[str, str] | None = None,
                               tasks: dict[str, int] | None = None, facts: PageFacts | None = None,
                               memo=None, known: bool = False) -> Iterator[SearchRecord | KnownRecord]:
    """:func:`rendered_page_records` one at a time. ``memo`` (``memo.cached(parts, make)``, see
    :class:`portal.build.cache.Memo`) keeps each page's record for the next build, keyed by the page
    and everything its record reads (the page's facts and the abbreviations included): parsing every
    page's HTML is the records' cost. A body may come as its UTF-8 bytes (:func:`page_sources`): it
    is hashed as it is (a text and its bytes give the same key) and made text only when its record
    is made, so that an unchanged page is never decoded (40 MB of HTML at 120 months).

    ``known`` (with a memo): each record as a :class:`KnownRecord`, kept under the same key with the
    record's key and row digest, the record itself pickled apart and read only when the index asks for
    its parts or its row (:func:`_known_page`). Why: after a one-task edit the index needs neither of
    the 4,200 unchanged pages' records at 600 months, and reading each (its text of up to 5,000
    characters) and hashing its parts and row again was ≈ 0.1 s of the search job."""
    # the abbreviations as the key hashes them (a value by its repr), made once, not once a page
    abbreviations = repr((facts or PageFacts()).abbreviations.fingerprint()) if memo is not None else ""
    for src_uri, title, body in pages:
        url = urls.page_url(src_uri)

        def make(url=url, title=title, body=body):
            if url == "":  # the home page is no record (:func:`_page_record`): its body is not read
                return None
            text = body.read() if isinstance(body, RenderedBody) else body
            document = b"".join((f"<html><head><title>{escape(title)} - {escape(site_name)}</title></head><body>"
                                 '<article class="md-content__inner">'.encode("utf-8", "surrogatepass"),
                                 text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"),
                                 b"</article></body></html>"))
            if url in listings:
                record = _listing_record(url, document, site_name, kinds, listings, names, tasks, facts)
                if record is not _UNREAD:
                    return record
            source = _without_task_elements(document) or document
            return _page_record(url, _parse(source), site_name, kinds, listings, names, tasks, facts, source)

        if memo is None:
            record = make()
        else:
            given = facts or PageFacts()
            page = ("page record", body.digest(memo) if isinstance(body, RenderedBody) else body)
            inputs = (url, title, site_name, kinds.get(url.split("/")[0], "Trang"), url in listings,
                      (names or {}).get(url, ""), (tasks or {}).get(url, 0), given.headers.get(url, ""),
                      given.summaries.get(url, ""), abbreviations)
            if known:
                made: list[KnownRecord] = []  # the record, when made now (its parts and row at hand)
                kept = memo.cached(("known page record", *page[1:], *inputs), partial(_known_page, make, made))
                if kept is not None:
                    yield made[0] if made else KnownRecord.from_kept(kept[0], partial(_indexed_from, kept[1]))
                continue
            record = memo.cached((*page, *inputs), make)
        if record is not None:
            yield record


def _known_page(make: Callable[[], SearchRecord | None], made: list[KnownRecord]) -> tuple | None:
    """What a page's :class:`KnownRecord` is made of (:meth:`KnownRecord.kept`), with the record pickled
    apart (:func:`_indexed_from`); None for a page that is no record. The record made is put in ``made``."""
    record = make()
    if record is None:
        return None
    known = KnownRecord.of(record.indexed())
    made.append(known)
    return known.kept(), pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)


def _indexed_from(pickled: bytes) -> IndexedRecord:
    return cast(SearchRecord, pickle.loads(pickled)).indexed()


def static_pages(docs_dir: Path, memo=None) -> list[tuple[str, str, str]]:
    """Hand-written pages of ``docs_dir`` as ``(src_uri, title, body_html)``, titled by their first heading.
    ``memo`` (``memo.cached(parts, make)``): each page's title and body kept by its text, so that a
    build whose hand-written pages are unchanged converts none (nor loads Python-Markdown)."""
    found = []
    for path in sorted(docs_dir.rglob("*.md")):
        text = split_front_matter(path.read_text(encoding="utf-8"))[1]
        make = partial(_static_page, text, path.stem)
        title, body = make() if memo is None else memo.cached(("hand-written page", path.stem, text), make)
        found.append((path.relative_to(docs_dir).as_posix(), title, body))
    return found


def _static_page(text: str, stem: str) -> tuple[str, str]:
    import markdown

    title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), stem)
    return title, markdown.markdown(text, extensions=["attr_list", "tables", "md_in_html"])


_UNREAD = object()  # :func:`_listing_record`'s answer when the page's start does not give its record
_PREFIX_END = b"<i data-portal-prefix-end></i>"  # closes no element it follows (only a ``<head>``)
_PREFIX_TRIES = 4  # the start of a listing page read up to its 1st, 2nd, 4th and 8th paragraph end


class _Unfinished(Exception):
    """The paragraph or heading a listing page's record reads was cut off by :func:`_listing_record`."""


def _listing_record(url: str, document: bytes, site_name: str, kinds: dict[str, str], listings,
                    names: dict[str, str] | None, tasks: dict[str, int] | None, facts: PageFacts | None):
    """The record of a listing page (``document``, see :func:`iter_rendered_page_records`) read from
    the start of its HTML only, or :data:`_UNREAD` where that start does not give it.

    Why: a listing page's record reads its title, first paragraph and first heading, which its
    template writes first; cutting out the tasks the rest of it lists (a month's report lists every
    task: 12 MB of HTML at 120 months) and parsing the rest cost ≈ 15 % of the page records.

    Why it is the same record: the HTML parser reads a page in order and never changes an element
    it has closed, so the tree of the page's start is the tree of the whole page up to there, but
    for the elements still open at the cut. Those are found by an element put at the end (the
    elements around it); a paragraph or heading the record reads that is one of them, or none
    found, and the page's start is read further (up to the 8th paragraph end), then the page
    whole. The parts of the page a record leaves out are left out of the start the same way (an
    element left out holds what it held in the whole page, or more where it was cut off). What
    only the whole page tells is looked at there: whether it is the results page; a page with a
    summary (a document's) is read whole."""
    if (facts is not None and facts.summaries.get(url)) or b"data-portal-results-page" in document.lower():
        return _UNREAD
    ends: list[int] = []
    for attempt in range(_PREFIX_TRIES):
        while len(ends) < 1 << attempt:
            found = document.find(b"</p>", ends[-1] if ends else 0)
            if found < 0:
                return _UNREAD
            ends.append(found + 4)
        source = document[:ends[-1]] + _PREFIX_END
        root = _parse(source)
        mark = root.find(".//i[@data-portal-prefix-end]")
        if mark is None:  # the cut fell inside a comment, raw text or a tag: not an element
            return _UNREAD
        unfinished = set(mark.iterancestors())
        _drop_tree(mark)
        try:
            return _page_record(url, root, site_name, kinds, listings, names, tasks, facts, source, unfinished)
        except _Unfinished:
            continue
    return _UNREAD


def _page_record(url: str, root, site_name: str, kinds: dict[str, str], listings,
                 names: dict[str, str] | None = None, tasks: dict[str, int] | None = None,
                 facts: PageFacts | None = None, source: str | bytes | None = None,
                 unfinished: AbstractSet | None = None) -> SearchRecord | None:
    """``source``: the page's HTML (or its UTF-8) as parsed into ``root``, when known. Each search of
    a whole page tree costs about as much as parsing it; one for a mark the HTML does not hold is skipped.
    ``unfinished``: the elements still open where ``root`` was cut from a listing page's start
    (:func:`_listing_record`), raises :class:`_Unfinished` where a paragraph or heading it reads is one."""
    if url == "":  # the home page only repeats the latest month, which is a record of its own
        return None
    lowered = None if source is None else (
        source if isinstance(source, bytes) else source.encode("utf-8", "surrogatepass")).lower()

    def may_hold(selector: str) -> bool:
        return lowered is None or _MARKS[selector] in lowered

    body = _wrapped_content(root) if source is not None else None
    if body is None:
        body = _content_root(root)
    results = ".//*[@data-portal-results-page]"
    if body is None or (may_hold(results) and body.xpath(results)):  # the results page lists results
        return None
    if may_hold(EXCLUDED[0]):  # the tasks first: most of a page, the rest is then searched faster
        for element in body.xpath(EXCLUDED[0]):
            _drop_tree(element)
    rest = " | ".join(selector for selector in EXCLUDED[1:] if may_hold(selector))
    for element in body.xpath(rest) if rest else ():  # in document order: one inside a dropped element goes with it
        _drop_tree(element)
    if url in listings:
        paragraph = _first(body, "p")
        if unfinished is not None and (paragraph is None or paragraph in unfinished):
            raise _Unfinished
        text = visible_text(paragraph) if paragraph is not None else ""
    else:
        text = visible_text(body)
    heading = _first(body, "h1")
    if unfinished is not None and (heading is None or heading in unfinished):
        raise _Unfinished
    title = _title(root, heading, site_name)
    if not text and url not in listings:
        return None
    facts = facts or PageFacts()
    text = _without_title(text, heading)
    header = facts.headers.get(url, "")
    summary = facts.summaries.get(url, "")
    relations = body.xpath(_RELATIONS) if summary else None  # a document's page (the others have no summary)
    if relations:  # the page's own sentence on how it stands to other documents comes first
        summary = f"{visible_text(relations[0])} {summary}"
    return SearchRecord(url=url, title=title, text=text,
                        kind=kinds.get(url.split("/")[0], "Trang"), names=(names or {}).get(url, ""),
                        group=page_group(url), tasks=(tasks or {}).get(url, 0), month=page_month(url),
                        header=header, summary=summary,
                        expansions=facts.abbreviations.expand(title, text, header))


_BLOCKS = {"address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
           "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table",
           "tbody", "td", "tfoot", "th", "thead", "tr", "ul"}


def visible_text(element) -> str:
    """Text of an element as a reader sees it: block elements apart, whitespace collapsed.

    Each block element gets a space before its text and after its end (in its tail), then lxml
    writes the text out in one call: a walk over every element in Python cost more than parsing
    the page. The spaces change nothing else: whitespace is collapsed, and runs of it are one."""
    from lxml import etree

    for block in element.iter(*_BLOCKS):
        block.text = " " + (block.text or "")
        block.tail = " " + (block.tail or "")
    return " ".join(etree.tostring(element, method="text", encoding="unicode", with_tail=False).split())


def _drop_tree(element) -> None:
    """Remove ``element`` and what it holds, keeping the text after it (``lxml.html``'s ``drop_tree``,
    for the plain elements of :func:`_parse`)."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is None:
            parent.text = (parent.text or "") + element.tail
        else:
            previous.tail = (previous.tail or "") + element.tail
    parent.remove(element)


def _parse(document: str | bytes):
    """A page's HTML, or its UTF-8, as a tree of plain lxml elements (``lxml.html``'s element
    classes cost a Python lookup per element met, and the records read nothing they add)."""
    from lxml import etree

    return etree.fromstring(document, _html_parser(utf8=isinstance(document, bytes)))


_PARSERS = threading.local()  # an lxml parser is used by one thread at a time (a preview writes the index in one)


def _html_parser(utf8: bool = False):
    """The thread's parser of HTML text, or of UTF-8 bytes (which without a declared encoding the
    parser would not read as UTF-8)."""
    name = "utf8_parser" if utf8 else "parser"
    parser = getattr(_PARSERS, name, None)
    if parser is None:
        from lxml import etree

        parser = etree.HTMLParser(encoding="utf-8") if utf8 else etree.HTMLParser()
        setattr(_PARSERS, name, parser)
    return parser


def _without_task_elements(document: bytes) -> bytes | None:
    """The page's UTF-8 HTML without the elements that list a task (``<tr data-task=…>…</tr>``,
    ``<li data-task=…>…</li>``, :data:`EXCLUDED`), cut out of the text before parsing; None when
    any of them is not plainly one element whose text ends at its end tag.

    Why: those rows are most of a month's or a department's page (37 MB of HTML at 120 months),
    and parsing them only to drop them was the records' largest cost. Cutting an element out of
    the text leaves the same tree as dropping it (its tail joins what came before it), provided
    the parser would have read it as that one element: so every tag inside must be closed in
    order, none may be a table part or another element of its kind, and no comment, raw text or
    tag the check cannot read may be in it; else the page is parsed whole. The page is read as
    its UTF-8 bytes, as the build holds it: decoding it to text cost as much as checking its rows."""
    if b"data-task=" not in document:
        return None  # nothing to cut
    lowered = document.lower()  # ASCII letters only: tag and attribute names are read in any case
    if b"data-portal-results-page" in lowered:
        return None  # a results page, which is found in the whole tree
    kept = []
    end = 0
    for start in _TASK_START_RE.finditer(document):
        begin, inner = start.span()
        if begin < end:  # in an element already cut out
            continue
        if start.group(1) == b"tr":  # a row is read in place: it ends where the first thing that breaks it is its end tag
            found = _ROW_BREAK_RE.search(lowered, inner)
            close = found.start() if found is not None and document.startswith(b"</tr>", found.start()) else -1
        else:
            close = document.find(b"</li>", inner)
            if close >= 0 and not _balanced(document[inner:close], b"li"):
                close = -1
        if close < 0:
            return None
        kept.append(document[end:begin])
        end = close + 5  # len("</tr>") == len("</li>")
    kept.append(document[end:])
    return b"".join(kept)


def _balanced(inner: bytes, tag: bytes) -> bool:
    """Whether ``inner`` is elements closed in order (void elements aside), with no ``tag``, table
    part, raw-text element, comment or other markup the HTML parser could read otherwise."""
    tags = _TAG_RE.findall(inner)
    return len(tags) == len(_TAG_OPEN_RE.findall(inner)) and _closed_in_order(tuple(tags), tag)


@lru_cache(maxsize=1024)
def _closed_in_order(tags: tuple[tuple[bytes, bytes, bytes], ...], tag: bytes) -> bool:
    """:func:`_balanced` of the tags found, as ``(closing "/", name, self-closing "/")``, the name
    empty for a comment or other markup. Memoised by the tags without their attributes: the task
    items of a page are written by one template, so the items of an archive have a few shapes."""
    stack: list[bytes] = []
    for closing, name, self_closing in tags:
        if not name:
            return False
        name = name.lower()
        if name == tag or name in _NOT_INSIDE:
            return False
        if name in _VOID:
            if closing:
                return False
        elif closing:
            if not stack or stack.pop() != name:
                return False
        elif self_closing:
            return False
        else:
            stack.append(name)
    return not stack


def _letter_tree(names: Iterable[str]) -> str:
    """An alternation of ``names`` as a regular expression, grouped by their letters
    (``t(?:able|r)``): the regex module tries a flat alternation's names one by one at each tag."""
    rests: dict[str, list[str]] = {}
    for name in names:
        rests.setdefault(name[0], []).append(name[1:])
    branches = []
    for first, after in sorted(rests.items()):
        if len(after) == 1:
            branches.append(re.escape(first + after[0]))
        else:
            longer = [rest for rest in after if rest]
            branches.append(f"{re.escape(first)}(?:{_letter_tree(longer)}){'?' if '' in after else ''}")
    return "|".join(branches)


# A table row ends at its end tag whatever it holds (the parser closes every element open in it
# there, and no end tag inside it can close more than the row's own: a table row outranks all but
# the table's parts), unless it holds a table part, a comment or text read raw. A list item has no
# such rank: what it holds must be closed in order (:func:`_balanced`).
_NOT_IN_ROW = ("tr", "thead", "tbody", "tfoot", "table", "caption", "col", "colgroup", "head", "body", "html",
               "script", "style", "textarea", "title", "xmp", "plaintext", "noembed", "noframes", "iframe",
               "noscript", "select", "option", "form")
# Where a row holds one of them, in the lower-cased page: a start or end tag of that name (the
# whole name: ``<track`` is not ``<tr``), a comment or other markup. The row's own end tag is one,
# so a row is plain where the first found after its start tag is ``</tr>`` (as written, in small
# letters). One search a row, in C: a list of the row's tag names cost a Python step for each of the
# archive's 850,000 tags.
_ROW_BREAK_RE = re.compile(rb"<[!?]|</?(?:" + _letter_tree(_NOT_IN_ROW).encode() + rb")(?![a-z0-9])")
_ATTRIBUTES = rb'(?:\s+[a-z][a-z0-9_.:-]*(?:="[^"]*")?)*'
_TASK_START_RE = re.compile(rb'<(tr|li)(' + _ATTRIBUTES + rb'?\s+data-task="[^"]*"' + _ATTRIBUTES + rb')\s*>')
_TAG_RE = re.compile(rb'<(/?)([a-zA-Z][a-zA-Z0-9]*)(?:\s+[^\s"\'<>/=]+(?:="[^"]*")?)*\s*(/?)>|<[!?]')
_TAG_OPEN_RE = re.compile(rb"<[/!?a-zA-Z]")
_VOID = {b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta", b"param", b"source",
         b"track", b"wbr"}
_NOT_INSIDE = {name.encode() for name in _NOT_IN_ROW}  # nor in a list item (no table part to stop at)


def _wrapped_content(root):
    """The ``<article>`` :func:`iter_rendered_page_records` wraps a page's body in (the first
    article of the document, so the one :func:`_content_root` finds), without a search of the tree."""
    body = root.find("body")
    article = body.find("article") if body is not None else None
    if article is not None and article.get("class") == "md-content__inner" and body.index(article) == 0:
        return article
    return None


def _content_root(root):
    for selector in ('//article[contains(concat(" ", @class, " "), " md-content__inner ")]', "//main", "//body"):
        found = root.xpath(selector)
        if found:
            return found[0]
    return None


def _first(element, tag: str):
    """The first element ``tag`` inside ``element`` in document order (``.//tag``), or None: a walk
    that stops there, where an XPath search reads the whole tree."""
    return next(element.iterdescendants(tag), None)


def _title(root, heading, site_name: str) -> str:
    """The page's own title (``<title>`` without the site name), else its first heading (``heading``).
    The title element is looked for where a page has it (a search of the whole tree cost as much as
    parsing a small page), and searched for only if it is not there."""
    element = root.find("head/title")
    titles = [element.text] if element is not None and element.text else root.xpath("//head/title/text()")
    title = " ".join(titles[0].split()) if titles else ""
    suffix = f" - {site_name}"
    if title.endswith(suffix):
        return title[: -len(suffix)]
    return visible_text(heading) if heading is not None else (title or site_name)


def _without_title(text: str, heading) -> str:
    """The shown text need not repeat the first heading (``heading``), which the title already shows."""
    heading_text = visible_text(heading) if heading is not None else ""
    return text[len(heading_text):].lstrip() if heading_text and text.startswith(heading_text) else text


def build_records(site: Site, site_dir: Path, site_name: str) -> list[SearchRecord]:
    """Every record of the site: its pages as built, then its tasks."""
    return page_records(site_dir, site_name, page_kinds(site), listing_pages(site), page_names(site),
                        page_tasks(site), page_facts(site)) + view_records(site) + task_records(site)


def write_index(records: Iterable[SearchRecord], site_dir: Path) -> int:
    """Write the search index of ``records`` to ``site_dir/search``; returns the number of records."""
    return write_bundle(records, site_dir / OUTPUT_FOLDER)


def write_bundle(records: Iterable[SearchRecord | KnownRecord], output: Path, memo=None, files=None) -> int:
    """Write the search index of ``records`` into the folder ``output`` (replaced), one record at
    a time; returns the number of records. ``memo``, ``files``: see :class:`~portal.outputs.search.index.IndexWriter`."""
    return write_search_index((record if isinstance(record, KnownRecord) else record.indexed() for record in records),
                              output, memo, files)


def page_sources(pages: Iterable[Page], docs_dir: Path, memo=None
                 ) -> Iterator[tuple[str, str, "str | bytes | RenderedBody"]]:
    """``(src_uri, title, body_html)`` of the generated pages, then of the hand-written pages of
    ``docs_dir`` (``memo``: see :func:`static_pages`). A generated page gives its body as the UTF-8
    bytes it holds (see :func:`iter_rendered_page_records`); one known by what it was rendered from
    (``made_of``, a build with the cache) gives a :class:`RenderedBody`, read only if its record is made."""
    generated = ((page.src_uri, page.title, RenderedBody(page) if page.made_of else page.html_utf8())
                 for page in pages)
    return chain(generated, static_pages(docs_dir, memo))


class RenderedBody:
    """A generated page's body, named by the digest of what it was rendered from
    (:func:`portal.site.render.made_of`): the same digest is the same body.

    Why: a page's record is kept in the build cache by its body; hashing every page's body to find
    that it did not change cost ≈ 0.07 s after a one-task edit at 120 months (37 MB of HTML), and
    the rendering already knows it."""

    __slots__ = ("page", "_read")

    def __init__(self, page: Page):
        self.page = page
        self._read: bytes | None = None

    def read(self) -> bytes:
        """The body (while the page holds it: when its record is made, in the pages' turn)."""
        if self._read is None:
            self._read = self.page.html_utf8()
        return self._read

    def digest(self, memo) -> str:
        """A digest of the body, kept in ``memo`` by what it was rendered from: hashed only for a
        page rendered from other inputs than in an earlier build. Not that key itself for the
        page's record: after an edit many pages read the edited task (a directive's list, the
        home page) and write the same HTML (their records were made again: slower than hashing)."""
        def hashed() -> str:
            return hashlib.blake2b(self.read(), digest_size=20).hexdigest()

        return memo.cached(("page body of inputs", self.page.made_of), hashed, plain=True)


def build_search_from_pages(site: Site, pages: Iterable[tuple[str, str, "str | bytes | RenderedBody"]], site_name: str,
                            output: Path, memo=None, files=None) -> int:
    """Write the index of ``pages`` (``(src_uri, title, body_html)``) and the site's tasks into ``output``.

    Needs no built HTML, so it can run beside the MkDocs build (see :mod:`portal.build.background`).
    Records are made and indexed one at a time. ``memo`` (see :class:`portal.build.cache.Memo`): the
    page records and tasks' abbreviations of an earlier build, reused where their input is the same,
    and that build's index, patched where only a few records changed (:class:`~.index.IndexWriter`).
    ``files`` (see :class:`portal.build.cache.SharedFiles`): the index's files of earlier builds,
    linked where this build's bytes are the same.
    """
    return write_bundle(chain(iter_rendered_page_records(pages, site_name, page_kinds(site), listing_pages(site),
                                                         page_names(site), page_tasks(site), page_facts(site), memo,
                                                         known=memo is not None),
                              view_records(site), iter_task_records(site, memo)), output, memo, files)
