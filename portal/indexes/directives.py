"""The directives index: every task filed under each document it cites (taxonomy, cell "text").

Build: find the references in every task text, resolve each to one document (registered in
``content/directives.yaml`` or known only from the citation) and file the task under it with
the citation's span, so the month page links the citation itself. Then read how the cited
documents stand to each other (``find_relations``: implements, replaces, amends, reviews), with
the task as evidence, and add the relations the registry states (which win). Render: one page
per document, newest month first, with its related documents; and an index grouped by issuer
and by type with counts, and the families (a directive and the documents implementing it).

One page per document. A citation resolves by symbol and date; one without a date resolves to
the one document of its symbol, or, when several share it (Party numbers restart each term), to
the one its term names or the one issued by the task's month; failing that, to the symbol's
candidates page, which lists them. Documents sharing a symbol have the year in their address
(``27-qdi-tu-2015``; the full date when two share a year too), and the symbol's own address
(``27-qdi-tu``) is the candidates page; a symbol with one document keeps the plain address.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
import re
from dataclasses import dataclass, field
from functools import partial
from typing import Callable, Optional, Union

from portal.content.directives import FILE_NAME as DIRECTIVES_FILE
from portal.content.directives import (GROUPS, PUBLISHED_FOLDER, REPLACED, Directive, DirectiveRegistry, Related,
                                       issuer_group, load_directives, name_key, symbol_key)
from portal.content.errors import Problem
from portal.content.model import Programme, Task, content_digest
from portal.site import urls
from portal.site.model import Index, Page, Site
from portal.site.charts import Chart, Series, column_chart, month_category, months_between
from portal.site.render import LaterBytes, render, render_kept_from
from portal.site.taxonomy import CandidatesTerm, CitedText, DirectiveTerm, Taxonomy, Term
from portal.text.fold import fold
from portal.text.months import Month
from portal.text.numerals import FOLDED_ORDINALS_TO_TWENTY, UNITS_AFTER_TEN, folded
from portal.text.refs import (AMENDS, BARE, IMPLEMENTS, LAW, NAMED, RELATION_KINDS, REPLACES, REVIEWS, Reference,
                              find_references, find_relations, regexes)
from portal.text.slug import slugify

FOLDER = "directives"
TITLE = "Văn bản"


@dataclass
class Citation:
    task: Task
    reference: Reference


Resolved = Union[Directive, CandidatesTerm]


class Resolver:
    """Decides which document each citation names (see :mod:`portal.content.directives`)."""

    def __init__(self, registered: list[Directive]):
        self.documents: list[Directive] = []
        self.candidates: dict[str, CandidatesTerm] = {}  # symbol key → its candidates, for undated citations
        self._symbols: dict[str, list[Directive]] = {}  # symbol key → documents: one lookup per citation
        for directive in registered:
            self._add(directive)
        self.aliases = {name_key(alias): d for d in registered for alias in d.aliases}

    def dated(self, reference: Reference) -> Directive:
        """A dated citation: the document of that symbol and date, created if unknown."""
        same = self._by_symbol(reference.symbol)
        match = next((d for d in same if d.date == reference.date), None)
        if match is None:
            undated = [d for d in same if d.date is None and d.registered]
            match = undated[0] if len(same) == 1 and undated else None
        return match or self._new(reference, date=reference.date)

    def undated(self, reference: Reference, month: str = "") -> Resolved:
        """An undated citation joins the one document of its symbol. With several, the one of the
        term the citation names, else the one issued by the end of the citing month when only one
        was; otherwise the symbol's candidates (a citation cannot name a document issued later)."""
        same = self._by_symbol(reference.symbol or "")
        if not same:
            return self._new(reference, date=None)
        return self._one_of(same, reference, month) or self._candidates(same, reference)

    def _one_of(self, same: list[Directive], reference: Reference, month: str) -> Optional[Directive]:
        """The one of several documents a citation without date can mean, if only one can."""
        if len(same) == 1:
            return same[0]
        if reference.term:
            term = _term_key(reference.term)
            of_term = [d for d in same if d.term and _term_key(d.term) == term]
            if len(of_term) == 1:
                return of_term[0]
        dated = [d for d in same if d.date is not None]
        if month and len(dated) == len(same):
            issued = [d for d in dated if d.date is not None and d.date <= _month_end(month)]
            if len(issued) == 1:
                return issued[0]
        return None

    def _candidates(self, same: list[Directive], reference: Reference) -> CandidatesTerm:
        key = same[0].symbol_key or symbol_key(reference.symbol or reference.text)
        if key not in self.candidates:
            self.candidates[key] = CandidatesTerm(same[0].symbol or reference.symbol or "", same[0].type or reference.type,
                                              same)
        return self.candidates[key]

    def bare(self, reference: Reference, month: str = "") -> Resolved:
        """``Quy định 164 của Bộ Chính trị``: the one document of that type and number (and issuer side,
        and date when given); of several sharing one symbol, as an undated citation of that symbol."""
        number = (reference.number or "").lstrip("0") or "0"
        group = issuer_group(None, BARE, reference.issuer or "")
        same = [d for d in self.documents if d.type == reference.type and (d.number or "").lstrip("0") == number
                and (not reference.issuer or d.group == group)
                and (reference.date is None or d.date is None or d.date == reference.date)]
        one = self._one_of(same, reference, month) if same else None
        if one is not None:
            return one
        if len(same) > 1 and len({d.symbol_key for d in same}) == 1 and same[0].symbol_key:
            return self._candidates(same, reference)
        key = name_key(f"{reference.type} {number} {group if reference.issuer else ''}")
        existing = next((d for d in self.documents if not d.symbol and name_key(d.name) == key), None)
        return existing or self._add(Directive(type=reference.type, number=reference.number, symbol=None,
                                               issuer=reference.issuer or "", date=reference.date,
                                               name=f"{reference.type} {reference.number}", kind=BARE))

    def named(self, reference: Reference) -> Directive:
        key = name_key(reference.text)
        if key in self.aliases:
            return self.aliases[key]
        key = named_key(reference.text)
        existing = next((d for d in self.documents if not d.symbol and named_key(d.name) == key), None)
        name = _clean(reference.text)
        return existing or self._add(Directive(type=reference.type, number=None, symbol=None,
                                               issuer=reference.issuer or "", name=name[:1].upper() + name[1:],
                                               kind=NAMED))  # «các nghị quyết …» is listed «Nghị quyết …»

    def law(self, reference: Reference) -> Directive:
        """A law by name: the document of that name and year; without a year, the one document of
        that name when there is only one (``Luật Báo chí`` joins ``Luật Báo chí năm 2016``)."""
        for key in (name_key(reference.text), name_key(reference.name or "")):
            if key in self.aliases:
                return self.aliases[key]
        base = name_key(reference.name or reference.text)
        same = [d for d in self.documents if d.kind == LAW and name_key(_LAW_YEAR_RE.sub("", d.name)) == base]
        if reference.year is not None:
            match = next((d for d in same if d.date and d.date.year == reference.year
                          or d.name == _law_label(reference)), None)
        else:
            match = same[0] if len(same) == 1 else next((d for d in same if d.name == _law_label(reference)), None)
        if match is not None:
            return match
        return self._add(Directive(type="Luật", number=None, symbol=None, issuer="Quốc hội", date=reference.date,
                                   name=_law_label(reference), kind=LAW))

    def _by_symbol(self, symbol: str | None) -> list[Directive]:
        """The documents of ``symbol`` (none for a citation without one)."""
        return list(self._symbols.get(symbol_key(symbol), [])) if symbol else []

    def _new(self, reference: Reference, date) -> Directive:
        return self._add(Directive(type=reference.type, number=reference.number, symbol=reference.symbol,
                                   issuer=reference.issuer or "", date=date, kind=reference.kind))

    def _add(self, directive: Directive) -> Directive:
        self.documents.append(directive)
        if directive.symbol:
            self._symbols.setdefault(symbol_key(directive.symbol), []).append(directive)
        return directive


def _clean(text: str) -> str:
    return " ".join(text.split())


def _term_key(term: str) -> str:
    """``khóa XI``, ``(khoá XI)``, ``XI`` → ``xi``."""
    return fold(term).replace("khoa", "").strip(" ()")


def _month_end(month: str) -> dt.date:
    """The last day of a programme's month: a document dated by then may be cited in it."""
    return Month(month).plus(1).first_day - dt.timedelta(days=1)


_LAW_YEAR_RE = re.compile(r" năm \d{4}$")


def _law_label(reference: Reference) -> str:
    name = _clean(reference.name or reference.text)
    return f"{name} năm {reference.year}" if reference.year else name


_ORDINALS = FOLDED_ORDINALS_TO_TWENTY
_UNIT_AFTER_TEN = "|".join(folded(UNITS_AFTER_TEN))


def named_key(text: str) -> str:
    """One key for the ways of naming one resolution: «Nghị quyết Trung ương 6 khóa XII» and «nghị quyết
    Hội nghị lần thứ sáu Ban Chấp hành Trung ương khóa XII» are one document, as are «Nghị quyết Đại hội
    XIII của Đảng» and «… Đại hội đại biểu toàn quốc lần thứ XIII»; other names, their words."""
    key = name_key(text)
    central = re.search(r"\b(?:hoi nghi )?(?:trung uong|tw) (?:lan thu )?(\w+(?: \w+)?)\b|"
                        rf"\blan thu (\w+(?: (?:{_UNIT_AFTER_TEN}))?) (?:ban chap hanh|bch) trung uong", key)
    term = re.search(r"\bkhoa ([ivxl]+)\b", key)
    congress = re.search(r"\bdai hoi\b.*?\b(?:lan thu )?([ivxl]+)\b", key)
    if congress:  # «Đại hội đại biểu Đảng bộ tỉnh lần thứ XI, nhiệm kỳ …» = «Đại hội XI Đảng bộ tỉnh»
        level = "dang bo" if "dang bo" in key else "dang"
        return f"nghi quyet dai hoi {level} {congress.group(1)}"
    if central and term:
        ordinal = (central.group(1) or central.group(2)).split()
        number = ordinal[0] if ordinal[0].isdigit() else _ORDINALS.get(" ".join(ordinal), _ORDINALS.get(ordinal[0]))
        if number:
            return f"nghi quyet trung uong {number} khoa {term.group(1)}"
    return key


def citations(site: Site, aliases: list[str]) -> list[Citation]:
    """Every citation in every task text, except a programme citing its own number."""
    found = []
    # the aliases by their digest: the same list for every month (its repr hashed once, not 120 times)
    aliases_digest = content_digest(aliases)
    for programme in site.programmes:
        own = symbol_key(programme.reference) if programme.reference else None
        tasks = programme.tasks()
        references = site.analysed("references", [site.task_digests(programme), aliases_digest],
                                   lambda: [find_references(task.text, aliases) for task in tasks])
        for task, task_references in zip(tasks, references, strict=True):
            for reference in task_references:
                if reference.symbol and symbol_key(reference.symbol) == own:
                    continue
                found.append(Citation(task, reference))
    return found


def resolve(citations_: list[Citation], registered: list[Directive],
            resolver: Optional[Resolver] = None) -> tuple[list[tuple[Citation, Resolved]], list[Directive]]:
    """Each citation with its document (or its symbol's candidates), and every document
    (registered first, then as cited).

    Dated citations are resolved first, so an undated one can join the single dated
    document of its symbol wherever in the archive that date was given.
    """
    resolver = resolver or Resolver(registered)
    order = {BARE: 2, NAMED: 2}  # laws: those with a year first, as dated symbols
    resolved: dict[int, Resolved] = {}
    for index, citation in sorted(enumerate(citations_), key=lambda item: (
            order.get(item[1].reference.kind, 0 if item[1].reference.date or item[1].reference.year and
                      item[1].reference.kind == LAW else 1), item[0])):
        reference = citation.reference
        if reference.kind == LAW:
            resolved[index] = resolver.law(reference)
        elif reference.kind == NAMED:
            resolved[index] = resolver.named(reference)
        elif reference.kind == BARE:
            resolved[index] = resolver.bare(reference, citation.task.month)
        elif reference.date:
            resolved[index] = resolver.dated(reference)
        else:
            resolved[index] = resolver.undated(reference, citation.task.month)
    _learn_from_citations(citations_, resolved)
    return [(c, resolved[i]) for i, c in enumerate(citations_)], resolver.documents


def _learn_from_citations(citations_: list[Citation], resolved: dict[int, Resolved]) -> None:
    """An unregistered document takes its issuer from the first citation that names one."""
    for index, citation in enumerate(citations_):
        directive = resolved[index]
        if isinstance(directive, Directive) and not directive.registered and not directive.issuer \
                and citation.reference.issuer:
            directive.issuer = citation.reference.issuer


def _registry(site: Site) -> DirectiveRegistry:
    """:func:`load_directives`, or with the build cache an earlier build's registry read from the same
    file in the same project (:meth:`Site.analysed`). Why: the registry (≈ 400 documents in the generated
    archive, each key read by the reference finder) was parsed and checked again on every build,
    ≈ 0.03 s of an edit build's loading, though an edit of a month never changes it.

    The key covers all that loading reads: the bytes of ``directives.yaml`` (or its absence), the
    content folder's name (in the messages and ``file``) and where it really is, and every entry
    under ``content/pages/`` with the path it resolves to and whether it is a file (a ``link`` to a
    full text is checked against them and written as the path it resolves to). A registry with
    problems raises, so nothing is kept for it. The result is kept as its pickled bytes and
    unpickled each build: the index fills in each document's relations and issuer, and a kept
    object would carry one build's into the next (a held memo writes its results when it is saved,
    after the index ran; the preview keeps results in memory)."""
    if site.memo is None:
        return load_directives(site.content_dir)
    content_dir = site.content_dir
    path = content_dir / DIRECTIVES_FILE
    written = hashlib.blake2b(path.read_bytes(), digest_size=20).hexdigest() if path.is_file() else None
    published = content_dir / PUBLISHED_FOLDER
    files = sorted((str(entry.relative_to(published)), os.path.realpath(entry), entry.is_file())
                   for entry in published.rglob("*")) if published.is_dir() else []
    kept = site.analysed("directives registry", [content_dir.name, os.path.realpath(content_dir),
                                                 os.path.realpath(published), written, files],
                         lambda: pickle.dumps(load_directives(content_dir), pickle.HIGHEST_PROTOCOL))
    return pickle.loads(kept)


def build(site: Site) -> Taxonomy:
    registry = _registry(site)
    aliases = [alias for d in registry.directives for alias in d.aliases]
    found = citations(site, aliases)
    resolver = Resolver(registry.directives)
    pairs, documents = resolve(found, registry.directives, resolver)
    taxonomy = Taxonomy("directives", FOLDER, TITLE)
    shared = _shared_symbols(documents)
    for directive in documents:
        _term(taxonomy, directive, shared)
    for key, same in shared.items():  # the symbol's own address lists its documents, so no old link breaks
        candidates = resolver.candidates.setdefault(key, CandidatesTerm(same[0].symbol or "", same[0].type, same))
        candidates.documents = same
        taxonomy.term(_candidates_key(candidates), title=candidates.label, slug=slugify(candidates.symbol),
                      meta=candidates)
    for citation, resolved_to in pairs:
        reference = citation.reference
        taxonomy.add(_key(resolved_to), citation.task, role="cites", span=(reference.start, reference.end),
                     detail=CitedText(reference.text))
    relate(pairs, documents, aliases)
    site.warnings.extend(_warnings(taxonomy, registry.file))
    return taxonomy


def _key(directive: Resolved) -> str:
    if isinstance(directive, CandidatesTerm):
        return _candidates_key(directive)
    return f"{directive.symbol_key or name_key(directive.name)}@{directive.date or ''}"


def _candidates_key(candidates: CandidatesTerm) -> str:
    return f"{symbol_key(candidates.symbol)}@?"


def _shared_symbols(documents: list[Directive]) -> dict[str, list[Directive]]:
    """Symbols several documents share, each with its documents."""
    by_symbol: dict[str, list[Directive]] = {}
    for directive in documents:
        if directive.symbol_key:
            by_symbol.setdefault(directive.symbol_key, []).append(directive)
    return {key: same for key, same in by_symbol.items() if len(same) > 1}


def _term(taxonomy: Taxonomy, directive: Directive, shared: dict[str, list[Directive]]) -> Term:
    """A document's term. Its address is its symbol's (``24-ct-tw``), or with several documents of one
    symbol the symbol and the year (``27-qdi-tu-2015``), the full date when two share a year too."""
    title = directive.label
    slug = slugify(directive.symbol or directive.name, fallback="van-ban")
    if directive.symbol_key in shared:
        if directive.date is None:
            slug += "-chua-ro-ngay"
        else:
            years = [d.date.year for d in shared[directive.symbol_key] if d.date]
            slug += f"-{directive.date.year}" if years.count(directive.date.year) == 1 else f"-{directive.date.isoformat()}"
        title += f" ngày {_date_vn(directive.date)}" if directive.date else " (chưa rõ ngày)"
    return taxonomy.term(_key(directive), title=title, slug=slug, meta=DirectiveTerm(directive))


# ---- relations between documents ------------------------------------------------------------

def relate(pairs: list[tuple[Citation, Resolved]], documents: list[Directive], aliases: list[str]) -> None:
    """Fill in each document's ``related``: what the task texts say (each relation with the tasks
    saying it) and what the registry states. A stated relation wins: the texts' relations between
    the same two documents, either way round, are dropped; one the texts also say keeps their tasks.
    Citations resolved only to candidates relate nothing (which document they mean is unknown)."""
    by_task: dict[Task, dict[int, Directive]] = {}  # each task's documents, by where its text cites them
    for citation, resolved in pairs:
        if isinstance(resolved, Directive):
            by_task.setdefault(citation.task, {})[citation.reference.start] = resolved
    read: dict[tuple[int, int, str], tuple[Directive, Related]] = {}  # (subject, object, kind) → subject's view
    for task, documents_at in by_task.items():
        if len(documents_at) < 2:
            continue
        for relation in find_relations(task.text, references=find_references(task.text, tuple(aliases))):
            subject, object_ = documents_at.get(relation.subject.start), documents_at.get(relation.object.start)
            if subject is None or object_ is None or subject is object_:
                continue
            key = (id(subject), id(object_), relation.kind)
            if key not in read:
                read[key] = (subject, Related(relation.kind, True, object_, _key(object_)))
            read[key][1].evidence.append((task, relation.cue))
    stated_pairs = {frozenset((id(d), id(s.target))) for d in documents for s in d.stated}
    for (subject_id, object_id, kind), (subject, related) in read.items():
        if frozenset((subject_id, object_id)) in stated_pairs:
            continue
        subject.related.append(related)
        related.other.related.append(Related(kind, False, subject, _key(subject), related.evidence))
    for directive in documents:
        for stated in directive.stated:
            said = read.get((id(directive), id(stated.target), stated.kind))
            evidence = said[1].evidence if said else []
            directive.related.append(Related(stated.kind, True, stated.target, _key(stated.target), evidence, True))
            stated.target.related.append(Related(stated.kind, False, directive, _key(directive), evidence, True))
    for directive in documents:
        directive.related.sort(key=lambda r: (RELATION_KINDS.index(r.kind), not r.outgoing, r.other.label))
        if not directive.status and any(r.kind == REPLACES and not r.outgoing for r in directive.related):
            directive.status = REPLACED


def _date_vn(date) -> str:
    return f"{date.day:02d}/{date.month:02d}/{date.year}" if date else ""


def _warnings(taxonomy: Taxonomy, registry_file: str) -> list[Problem]:
    """Cited but unregistered documents, and registered documents no task cites, for ``portal check``."""
    problems = []
    for term in taxonomy.terms.values():
        if isinstance(term.meta, CandidatesTerm):
            problems.extend(_ambiguous_warnings(term))
            continue
        directive = term.meta_as(DirectiveTerm).directive
        if not directive.registered:
            first = term.entries[0].task
            origin = first.origin
            problems.append(Problem(origin.file if origin else "", origin.line if origin else None,
                                    f"nhiệm vụ {first.label}, text", (
                f"văn bản «{term.title}» được trích dẫn ({len(term.tasks())} nhiệm vụ) nhưng chưa có trong "
                f"{registry_file}; hãy đăng ký để trang văn bản có trích yếu, cơ quan và ngày ban hành."),
                severity="warning"))
        elif not term.entries:
            problems.append(Problem(registry_file, directive.line, f"directives.{directive.symbol or directive.name}", (
                f"văn bản «{term.title}» đã đăng ký nhưng chưa nhiệm vụ nào trích dẫn."), severity="warning"))
    return problems


def _ambiguous_warnings(term: Term) -> list[Problem]:
    """Each task citing a shared symbol without a date: the clerk can add the date."""
    candidates = term.meta_as(CandidatesTerm)
    dates = ", ".join(d.display_date or "chưa rõ ngày" for d in candidates.documents)
    problems = []
    for entry in term.entries:
        origin = entry.task.origin
        problems.append(Problem(origin.file if origin else "", origin.line if origin else None,
                                f"nhiệm vụ {entry.task.label}, text", (
            f"«{entry.detail_as(CitedText).text}» không ghi ngày ban hành, mà có {len(candidates.documents)} "
            f"văn bản cùng số, ký hiệu {candidates.symbol} (ngày {dates}); hãy ghi ngày để liên kết đúng văn bản."),
            severity="warning"))
    return problems


# ---- rendering -------------------------------------------------------------------------


@dataclass
class Row:
    """One citing task as the directive page lists it."""

    task: Task
    programme_label: str  # of the task's programme: all its row shows of it (see _row_programme)
    section_title: str
    href: str
    month_href: str
    text_html: str


@dataclass
class Item:
    """One document as the index lists it."""

    term: Term
    directive: Directive
    href: str
    count: int
    family: list[tuple[str, list["DocumentLink"]]] = field(default_factory=list)  # (label, documents)


def _rows(site: Site, term: Term, page: str, programmes: dict) -> list[Row]:
    """The rows of the tasks citing ``term`` on ``page`` (``programmes``: the site's by month)."""
    rows = []
    for task in term.tasks():
        programme = programmes[task.month]
        label, section_title = _row_programme(programme, task)
        month_page = urls.month_page(task.month)
        rows.append(Row(task, label, section_title, urls.relative(page, month_page, task.anchor),
                        urls.relative(page, month_page), site.text_html(task, page)))
    return rows


def _row_programme(programme: Programme, task: Task) -> tuple[str, str]:
    """All a citing task's row shows of its programme (:func:`portal.site.render.cited_rows`): the
    programme's label and the title of the task's section. A document's page is keyed by these, so a
    row must be given nothing else of the programme."""
    return programme.label, {section.key: section.title for section in programme.sections}.get(task.section, "")


def _render_with_rows(site: Site, template: str, term: Term, shown: dict, programmes: dict,
                      inputs: Optional[dict] = None,
                      made: Optional[Callable[[], dict]] = None) -> str | bytes | LaterBytes:
    """A document's page: ``shown`` and the rows of the tasks citing it, which follow from the tasks,
    their programmes (the section titles) and where the rows link, so are made only to render
    (as is what ``made`` gives, which follows from ``inputs``). ``programmes``: the site's by month,
    made once for all the pages (made for each page, 2,000 documents of 600 months put 1.2 million
    entries in dictionaries after any edit)."""
    tasks = term.tasks()

    def keyed() -> dict:
        # The page reads of its term the title and the tasks (the rows, the chart); its document or
        # candidates are in ``shown``. The term's entries (each citation: its task, span and words)
        # are in the rows (each task, where its text links) and ``written``: the key names the term
        # by its key, title and slug, not by its entries walked again (a sixth of describing the
        # pages' inputs after an edit at 120 months, ≈ 14 ms, for nothing the page does not key).
        # Of each row's programme the page shows its label and the title of the task's section
        # (:func:`_rows`), not the programme whole: keyed by the whole programme, every document a
        # month cites was rendered again after any edit of that month (7 pages for one task's text).
        return {**shown, **(inputs or {}), "term": (term.key, term.title, term.slug), "rows": site.rows_shown(tasks),
                "programmes": [_row_programme(programmes[task.month], task) for task in tasks]}
    return render_kept_from(site.page_memo, template, keyed, lambda: {
        **shown, **(made() if made else {}), "rows": _rows(site, term, shown["page"], programmes)})


def _items(taxonomy: Taxonomy, page: str) -> list[Item]:
    items = [Item(term, term.meta.directive, urls.relative(page, taxonomy.term_page(term)), _task_count(term),
                  _family_line(taxonomy, page, term.meta.directive))
             for term in taxonomy.terms.values() if isinstance(term.meta, DirectiveTerm)]
    return sorted(items, key=lambda i: (_type_order(i.directive.type), -(i.directive.date.toordinal() if i.directive.date else 0),
                                        _number(i.directive.number), i.term.title))


def _task_count(term: Term) -> int:
    """How many distinct tasks cite the term: ``len(term.tasks())`` without sorting them (the index
    counts every document's tasks each build; its page sorts them only when it is rendered)."""
    return len({entry.task: None for entry in term.entries})


def _type_order(type_: str) -> int:
    words = list(regexes.TYPE_WORDS)
    return words.index(type_) if type_ in words else len(words)


def _number(number: Optional[str]) -> int:
    digits = "".join(ch for ch in number or "" if ch.isdigit())
    return int(digits) if digits else 0


def render_pages(site: Site, taxonomy: Taxonomy) -> list[Page]:
    index_page = taxonomy.index_page()
    labels: dict[str, str] = {p.month: p.label for p in site.programmes}
    programmes = {p.month: p for p in site.programmes}  # for every page's key (see _render_with_rows)
    items = _items(taxonomy, index_page)
    by_group = [(group, [i for i in items if i.directive.group == group]) for group in GROUPS]
    types: list[tuple[str, list[Item]]] = []
    for item in items:
        if not types or types[-1][0] != (item.directive.type or "Khác"):
            types.append((item.directive.type or "Khác", []))
        types[-1][1].append(item)
    ambiguous = [(term, urls.relative(index_page, taxonomy.term_page(term)))
                 for term in taxonomy.terms.values() if isinstance(term.meta, CandidatesTerm) and term.entries]
    pages = [Page(index_page, render("directives.md.j2", page=index_page, items=items,
                                     by_group=[(g, i) for g, i in by_group if i], by_type=types,
                                     families=_families(taxonomy, index_page), ambiguous=ambiguous,
                                     unregistered=[i for i in items if not i.directive.registered],
                                     uncited=[i for i in items if i.directive.registered and not i.count]),
                  TITLE, in_nav=True)]
    for term in taxonomy.terms.values():
        page = taxonomy.term_page(term)
        written = sorted({_clean(e.detail_as(CitedText).text) for e in term.entries})
        if isinstance(term.meta, CandidatesTerm):
            candidates = term.meta
            shown = dict(page=page, term=term, candidates=candidates,
                         documents=[_link(taxonomy, page, d) for d in candidates.documents],
                         index_href=urls.relative(page, index_page), written=written)
            pages.append(Page(page, _render_with_rows(site, "directive_candidates.md.j2", term, shown, programmes),
                              term.title))
            continue
        directive = term.meta_as(DirectiveTerm).directive
        links = [_link(taxonomy, page, r.other) for r in directive.related]
        shown = dict(page=page, term=term, directive=directive,
                     replaced_by=[link for r, link in zip(directive.related, links)
                                  if r.kind == REPLACES and not r.outgoing],
                     full_text=_full_text(page, directive), date=_date_vn(directive.date),
                     index_href=urls.relative(page, index_page), written=written)
        # the chart follows from the term; the related documents from the directive, their links and
        # the labels of the months citing them
        cited = sorted({task.month for related in directive.related for task, _ in related.evidence})
        pages.append(Page(page, _render_with_rows(
            site, "directive.md.j2", term, shown, programmes,
            {"links": links, "labels": [labels.get(m) for m in cited]}, partial(_charted, term, labels, page, directive, links)), term.title))
    return pages


# How a relation is named on each of its two documents' pages (as vbpl.vn names «văn bản liên quan»).
RELATION_LABELS = {
    (IMPLEMENTS, True): "Thực hiện văn bản", (IMPLEMENTS, False): "Văn bản thực hiện",
    (REPLACES, True): "Thay thế văn bản", (REPLACES, False): "Được thay thế bởi",
    (AMENDS, True): "Sửa đổi, bổ sung văn bản", (AMENDS, False): "Được sửa đổi, bổ sung bởi",
    (REVIEWS, True): "Sơ kết, tổng kết việc thực hiện", (REVIEWS, False): "Văn bản sơ kết, tổng kết",
}
# The same, as a phrase before the other document's name («thực hiện Chỉ thị 24-CT/TW»): the
# summary line under the title, which is also what search results show of the page.
RELATION_PHRASES = {
    (IMPLEMENTS, True): "thực hiện", (IMPLEMENTS, False): "được thực hiện bởi",
    (REPLACES, True): "thay thế", (REPLACES, False): "được thay thế bởi",
    (AMENDS, True): "sửa đổi, bổ sung", (AMENDS, False): "được sửa đổi, bổ sung bởi",
    (REVIEWS, True): "sơ kết, tổng kết việc thực hiện", (REVIEWS, False): "được sơ kết, tổng kết bởi",
}
EVIDENCE_SHOWN = 3  # tasks named as evidence of one relation; the rest are counted


@dataclass
class DocumentLink:
    """Another document as a page links it."""

    directive: Directive
    title: str
    href: str


@dataclass
class Evidence:
    label: str  # «Tháng 11/2023 · II.3»
    href: str
    cue: str  # the words that say it, as written


@dataclass
class RelatedItem:
    document: DocumentLink
    stated: bool
    evidence: list[Evidence]
    more: int  # tasks beyond those shown


@dataclass
class RelatedGroup:
    label: str
    phrase: str
    items: list[RelatedItem]


def _link(taxonomy: Taxonomy, page: str, directive: Directive) -> DocumentLink:
    term = taxonomy.terms.get(_key(directive))
    if term is None:  # a registered document no task cites still has its page
        return DocumentLink(directive, directive.label, "")
    return DocumentLink(directive, term.title, urls.relative(page, taxonomy.term_page(term)))


def _charted(term: Term, labels: dict[str, str], page: str, directive: Directive,
             links: list[DocumentLink]) -> dict:
    """What a document's page shows that follows from its term and related documents: made to render only."""
    return {"chart": timeline(term), "related": _related(labels, page, directive, links)}


def _related(labels: dict[str, str], page: str, directive: Directive, links: list[DocumentLink]) -> list[RelatedGroup]:
    """The documents related to ``directive`` by relation (``links``: each one's link from ``page``), each
    with the tasks that show it (``labels``: the programmes' labels by month)."""
    groups: dict[tuple[str, bool], RelatedGroup] = {}
    for related, link in zip(directive.related, links, strict=True):
        key = (related.kind, related.outgoing)
        group = groups.setdefault(key, RelatedGroup(RELATION_LABELS[key], RELATION_PHRASES[key], []))
        tasks = sorted({t: (t, cue) for t, cue in related.evidence}.values(),
                       key=lambda item: (item[0].month, item[0].anchor), reverse=True)
        evidence = [Evidence(f"{labels.get(t.month, t.month)} · {t.label}",
                             urls.relative(page, urls.month_page(t.month), t.anchor), cue)
                    for t, cue in tasks[:EVIDENCE_SHOWN]]
        group.items.append(RelatedItem(link, related.stated, evidence,
                                       max(0, len(tasks) - EVIDENCE_SHOWN)))
    return list(groups.values())


def _full_text(page: str, directive: Directive) -> str:
    """Where the full text opens from the page: the registry's address, or its file on the site."""
    if not directive.link:
        return ""
    return urls.asset(page, directive.link) if directive.link_is_file else directive.link


@dataclass
class Family:
    """A document and those that implement or review it (its plans, programmes, guidance, reports)."""

    head: DocumentLink
    members: list[tuple[str, DocumentLink]]  # (relation phrase, document)


def _family_line(taxonomy: Taxonomy, page: str, directive: Directive) -> list[tuple[str, list[DocumentLink]]]:
    """The documents implementing or reviewing ``directive``, by relation, for its line in the index."""
    line: dict[str, list[DocumentLink]] = {}
    for related in directive.related:
        if related.kind in (IMPLEMENTS, REVIEWS) and not related.outgoing:
            line.setdefault(RELATION_LABELS[(related.kind, False)], []).append(_link(taxonomy, page, related.other))
    return list(line.items())


def _families(taxonomy: Taxonomy, page: str) -> list[Family]:
    families = []
    for term in taxonomy.terms.values():
        if not isinstance(term.meta, DirectiveTerm):
            continue
        directive = term.meta.directive
        members = [(RELATION_PHRASES[(r.kind, True)], _link(taxonomy, page, r.other)) for r in directive.related
                   if r.kind in (IMPLEMENTS, REVIEWS) and not r.outgoing]
        if members:
            families.append(Family(_link(taxonomy, page, directive), members))
    return sorted(families, key=lambda f: (_type_order(f.head.directive.type), f.head.title))


def timeline(term: Term) -> Chart | None:
    """The months citing the document, on a time axis from the first citing month to the last
    (months between with no citation show as gaps), each with how many tasks cite it."""
    counts: dict[str, int] = {}
    for task in term.tasks():
        counts[task.month] = counts.get(task.month, 0) + 1
    if not counts:
        return None
    months = months_between(min(counts), max(counts))
    categories = [month_category(m) for m in months]
    cited = [m for m in months if counts.get(m)]
    desc = (f"{len(cited)} tháng trích dẫn, từ {categories[0].label.lower()} đến {categories[-1].label.lower()}: "
            + "; ".join(f"{m.label}: {counts[m]} nhiệm vụ" for m in cited))
    chart = column_chart(f"Các tháng có nhiệm vụ trích dẫn {term.title}", categories,
                         [Series("Số nhiệm vụ trích dẫn", [counts.get(m, 0) for m in months])], desc=desc,
                         height=90, group_labels=[m.year_text for m in months] if len(months) > 12 else None)
    # the table lists only the months that cite it
    chart.rows = [row for row, m in zip(chart.rows, months) if counts.get(m)]
    return chart


INDEX = Index("directives", build, render_pages, row_link="text")
