"""The directives index: every task filed under each document it cites (taxonomy, cell "text").

Build: find the references in every task text, resolve each to one document (registered in
``content/directives.yaml`` or known only from the citation) and file the task under it with
the citation's span, so the month page links the citation itself. Render: one page per
document, newest month first, and an index grouped by issuer and by type with counts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from portal.content.directives import GROUPS, Directive, issuer_group, load_directives, name_key, symbol_key
from portal.content.errors import Problem
from portal.content.model import Programme, Task
from portal.site import urls
from portal.site.model import Index, Page, Site
from portal.site.charts import Chart, Series, column_chart, month_category, months_between
from portal.site.render import render
from portal.site.taxonomy import CitedText, DirectiveTerm, Taxonomy, Term
from portal.site.taxonomy import Taxonomy, Term
from portal.text.numerals import FOLDED_ORDINALS_TO_TWENTY, UNITS_AFTER_TEN, folded
from portal.text.refs import BARE, LAW, NAMED, Reference, find_references, regexes
from portal.text.slug import slugify

FOLDER = "directives"
TITLE = "Văn bản"


@dataclass
class Citation:
    task: Task
    reference: Reference


class Resolver:
    """Decides which document each citation names (see :mod:`portal.content.directives`)."""

    def __init__(self, registered: list[Directive]):
        self.documents: list[Directive] = []
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

    def undated(self, reference: Reference) -> Directive:
        """An undated citation joins the one document of its symbol; with several it cannot choose."""
        same = self._by_symbol(reference.symbol)
        if len(same) == 1:
            return same[0]
        loose = [d for d in same if d.date is None]
        return loose[0] if loose else self._new(reference, date=None)

    def bare(self, reference: Reference) -> Directive:
        """``Quy định 164 của Bộ Chính trị``: the one document of that type and number (and issuer side)."""
        number = (reference.number or "").lstrip("0") or "0"
        group = issuer_group(None, BARE, reference.issuer or "")
        same = [d for d in self.documents if d.type == reference.type and (d.number or "").lstrip("0") == number
                and (not reference.issuer or d.group == group)]
        if len(same) == 1:
            return same[0]
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
    for programme in site.programmes:
        own = symbol_key(programme.reference) if programme.reference else None
        for task in programme.tasks():
            for reference in find_references(task.text, aliases):
                if reference.symbol and symbol_key(reference.symbol) == own:
                    continue
                found.append(Citation(task, reference))
    return found


def resolve(citations_: list[Citation], registered: list[Directive]) -> tuple[list[tuple[Citation, Directive]], list[Directive]]:
    """Each citation with its document, and every document (registered first, then as cited).

    Dated citations are resolved first, so an undated one can join the single dated
    document of its symbol wherever in the archive that date was given.
    """
    resolver = Resolver(registered)
    order = {BARE: 2, NAMED: 2}  # laws: those with a year first, as dated symbols
    resolved: dict[int, Directive] = {}
    for index, citation in sorted(enumerate(citations_), key=lambda item: (
            order.get(item[1].reference.kind, 0 if item[1].reference.date or item[1].reference.year and
                      item[1].reference.kind == LAW else 1), item[0])):
        reference = citation.reference
        if reference.kind == LAW:
            resolved[index] = resolver.law(reference)
        elif reference.kind == NAMED:
            resolved[index] = resolver.named(reference)
        elif reference.kind == BARE:
            resolved[index] = resolver.bare(reference)
        elif reference.date:
            resolved[index] = resolver.dated(reference)
        else:
            resolved[index] = resolver.undated(reference)
    _learn_from_citations(citations_, resolved)
    return [(c, resolved[i]) for i, c in enumerate(citations_)], resolver.documents


def _learn_from_citations(citations_: list[Citation], resolved: dict[int, Directive]) -> None:
    """An unregistered document takes its issuer from the first citation that names one."""
    for index, citation in enumerate(citations_):
        directive = resolved[index]
        if not directive.registered and not directive.issuer and citation.reference.issuer:
            directive.issuer = citation.reference.issuer


def build(site: Site) -> Taxonomy:
    registry = load_directives(site.content_dir)
    aliases = [alias for d in registry.directives for alias in d.aliases]
    pairs, documents = resolve(citations(site, aliases), registry.directives)
    taxonomy = Taxonomy("directives", FOLDER, TITLE)
    shared = _shared_symbols(documents)
    for directive in documents:
        _term(taxonomy, directive, shared)
    for citation, directive in pairs:
        reference = citation.reference
        taxonomy.add(_key(directive), citation.task, role="cites", span=(reference.start, reference.end),
                     detail=CitedText(reference.text))
    site.warnings.extend(_warnings(taxonomy, registry.file))
    return taxonomy


def _key(directive: Directive) -> str:
    return f"{directive.symbol_key or name_key(directive.name)}@{directive.date or ''}"


def _shared_symbols(documents: list[Directive]) -> set[str]:
    keys = [d.symbol_key for d in documents if d.symbol_key]
    return {key for key in keys if keys.count(key) > 1}


def _term(taxonomy: Taxonomy, directive: Directive, shared: set[str]) -> Term:
    title = directive.label
    slug = slugify(directive.symbol or directive.name, fallback="van-ban")
    if directive.symbol_key in shared:
        slug += f"-{directive.date.isoformat() if directive.date else 'chua-ro-ngay'}"
        title += f" ngày {_date_vn(directive.date)}" if directive.date else " (chưa rõ ngày)"
    return taxonomy.term(_key(directive), title=title, slug=slug, meta=DirectiveTerm(directive))


def _date_vn(date) -> str:
    return f"{date.day:02d}/{date.month:02d}/{date.year}" if date else ""


def _warnings(taxonomy: Taxonomy, registry_file: str) -> list[Problem]:
    """Cited but unregistered documents, and registered documents no task cites, for ``portal check``."""
    problems = []
    for term in taxonomy.terms.values():
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


# ---- rendering -------------------------------------------------------------------------


@dataclass
class Row:
    """One citing task as the directive page lists it."""

    task: Task
    programme: Programme
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


def _rows(site: Site, term: Term, page: str) -> list[Row]:
    programmes = {p.month: p for p in site.programmes}
    rows = []
    for task in term.tasks():
        programme = programmes[task.month]
        titles = {s.key: s.title for s in programme.sections}
        month_page = urls.month_page(task.month)
        rows.append(Row(task, programme, titles.get(task.section, ""), urls.relative(page, month_page, task.anchor),
                        urls.relative(page, month_page), site.task_view(task, page).text_html))
    return rows


def _items(taxonomy: Taxonomy, page: str) -> list[Item]:
    items = [Item(term, term.meta_as(DirectiveTerm).directive, urls.relative(page, taxonomy.term_page(term)), len(term.tasks()))
             for term in taxonomy.terms.values()]
    return sorted(items, key=lambda i: (_type_order(i.directive.type), -(i.directive.date.toordinal() if i.directive.date else 0),
                                        _number(i.directive.number), i.term.title))


def _type_order(type_: str) -> int:
    words = list(regexes.TYPE_WORDS)
    return words.index(type_) if type_ in words else len(words)


def _number(number: Optional[str]) -> int:
    digits = "".join(ch for ch in number or "" if ch.isdigit())
    return int(digits) if digits else 0


def render_pages(site: Site, taxonomy: Taxonomy) -> list[Page]:
    index_page = taxonomy.index_page()
    items = _items(taxonomy, index_page)
    by_group = [(group, [i for i in items if i.directive.group == group]) for group in GROUPS]
    types: list[tuple[str, list[Item]]] = []
    for item in items:
        if not types or types[-1][0] != (item.directive.type or "Khác"):
            types.append((item.directive.type or "Khác", []))
        types[-1][1].append(item)
    pages = [Page(index_page, render("directives.md.j2", page=index_page, items=items,
                                     by_group=[(g, i) for g, i in by_group if i], by_type=types,
                                     unregistered=[i for i in items if not i.directive.registered],
                                     uncited=[i for i in items if i.directive.registered and not i.count]),
                  TITLE, in_nav=True)]
    for term in taxonomy.terms.values():
        page = taxonomy.term_page(term)
        directive = term.meta_as(DirectiveTerm).directive
        pages.append(Page(page, render("directive.md.j2", page=page, term=term, directive=directive,
                                       chart=timeline(term),
                                       date=_date_vn(directive.date), rows=_rows(site, term, page),
                                       index_href=urls.relative(page, index_page),
                                       written=sorted({_clean(e.detail_as(CitedText).text) for e in term.entries})),
                          term.title))
    return pages


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
