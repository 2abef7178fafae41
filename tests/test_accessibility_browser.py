"""Readable by everyone: axe-core's WCAG 2 A/AA rules on every page kind, and the phone layout.

The sample site is built once, served on localhost and opened in headless Chromium. axe-core
(bundled by the ``axe-playwright-python`` package, no network) runs on each kind of page (home,
months, a month, departments, a department, deadlines, a deadline month, directives, a directive,
the user guide pages, and the search box open with results) on a wide screen and on a 390-px
phone, and on the month page as printed; any violation of a WCAG 2.0/2.1 A or AA rule fails.

At 390 px every cell of every task is inside the viewport, labelled with its column's name, and
no page scrolls sideways; at 1366 px and in print the tables stay tables. An anchor (``#II-3``)
still brings its task under the header and highlights it. The deadline overview's worded badges
(each row's .portal-due mark, set by script against the reader's date) are held to the same
contrast ratios by computing them here.
"""
from __future__ import annotations

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import ROOT
from siteserver import serve

from portal.build.site import load_site
from portal.site import urls
from portal.site.taxonomy import DirectiveTerm

pytestmark = [pytest.mark.build, pytest.mark.browser]


WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def _page_kinds() -> dict[str, str]:
    """One page of each kind of the sample site, by site-relative URL (the user guide: every page).

    For a kind with many pages (a month, a department…) the one with the most tasks, so that the
    checks see the longest tables.
    """
    site = load_site(ROOT / "content")
    newest = max(site.programmes, key=lambda p: p.month)
    kinds = {"home": "index.md", "months": "programmes/index.md", "month": urls.month_page(newest.month)}
    for name, one in (("departments", "department"), ("deadlines", "deadline-month"),
                      ("directives", "directive")):
        taxonomy = site.taxonomies[name]
        kinds[name] = taxonomy.index_page()
        kinds[one] = taxonomy.term_page(max(taxonomy.terms.values(), key=lambda term: len(term.tasks())))
    directives = site.taxonomies["directives"]  # and a document with related documents, and a symbol's candidates
    kinds["directive-related"] = directives.term_page(max(
        directives.terms.values(), key=lambda term: len(term.meta.directive.related) if isinstance(term.meta, DirectiveTerm) else -1))
    for guide in sorted((ROOT / "content" / "pages").rglob("*.md")):
        kinds[f"guide:{guide.stem}"] = guide.relative_to(ROOT / "content" / "pages").as_posix()
    return {kind: urls.page_url(src) for kind, src in kinds.items()}


PAGES = _page_kinds()
TABLE_PAGES = ["month", "departments", "department", "directive", "directive-related"]


@pytest.fixture(scope="module")
def site_url(built_site):
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="module")
def axe():
    return Axe()


def _open(browser, url: str, viewport: dict, media: str = "screen", today: dt.datetime | None = None):
    context = browser.new_context(viewport=viewport)
    tab = context.new_page()
    if today:
        tab.clock.set_fixed_time(today)
    tab.emulate_media(media=media)
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(url)
    tab.wait_for_load_state("load")
    return context, tab, errors


def _violations(axe, tab) -> list[dict]:
    """axe-core's WCAG 2 A/AA violations on the page as it is; fails if the rules did not run.

    Transitions under way (a tooltip fading in) are let finish first: axe measures colours blended
    with the opacity of that instant, which is no colour the reader is left to read."""
    tab.evaluate("Promise.race([Promise.all(document.getAnimations().map(a => a.finished.catch(() => null))),"
                 " new Promise(done => setTimeout(done, 2000))])")  # an endless animation does not hold it up
    response = axe.run(tab, options={"runOnly": {"type": "tag", "values": WCAG_AA},
                                     "resultTypes": ["violations"]}).response
    ran = {rule["id"] for rule in response["passes"]} | {rule["id"] for rule in response["violations"]}
    assert {"color-contrast", "link-in-text-block", "document-title", "html-has-lang"} <= ran | {
        rule["id"] for rule in response["inapplicable"]}
    assert "color-contrast" in ran  # every page has text whose contrast was measured
    return response["violations"]


def _report(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} — {len(violation['nodes'])}")
        for node in violation["nodes"][:5]:
            messages = [check["message"] for check in node.get("any", []) + node.get("all", []) + node.get("none", [])]
            lines.append(f"    {' '.join(node['target'])}: {'; '.join(messages)[:300]}")
    return "\n".join(lines)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366px", "390px"])
@pytest.mark.parametrize("kind", list(PAGES))
def test_page_kind_passes_wcag_2_aa(browser, axe, site_url, kind, viewport):
    context, tab, errors = _open(browser, site_url + PAGES[kind], viewport)
    try:
        assert tab.locator("article h1").count() >= 1, kind  # the page has its content
        violations = _violations(axe, tab)
        assert not violations, f"{kind} at {viewport['width']} px:\n{_report(violations)}"
        assert errors == []
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366px", "390px"])
def test_search_box_open_with_results_passes_wcag_2_aa(browser, axe, site_url, viewport):
    site = load_site(ROOT / "content")
    query = max(site.programmes, key=lambda p: p.month).label  # «Tháng 11/2023»: the page and its tasks
    context, tab, errors = _open(browser, site_url, viewport)
    try:
        tab.click("label[for='__search']" if viewport is PHONE else ".md-search__input")
        tab.fill(".md-search__input", query)
        tab.wait_for_selector(".md-search-result__item", state="visible")
        tab.wait_for_timeout(300)  # the rest of the first results
        assert tab.locator(".md-search-result__item").count() >= 2
        violations = _violations(axe, tab)
        assert not violations, f"search open at {viewport['width']} px:\n{_report(violations)}"
        assert errors == []
    finally:
        context.close()


def test_navigation_drawer_open_on_a_phone_passes_wcag_2_aa(browser, axe, site_url):
    context, tab, _ = _open(browser, site_url + PAGES["month"], PHONE)
    try:
        tab.click(".md-header label[for='__drawer']")
        tab.wait_for_selector(".md-sidebar--primary .md-nav__link", state="visible")
        violations = _violations(axe, tab)
        assert not violations, _report(violations)
    finally:
        context.close()


def test_a_task_opened_by_its_anchor_passes_on_a_phone(browser, axe, site_url):
    """The highlighted card (its own background and frame) keeps every text at AA."""
    anchor = _middle_task_anchor(browser, site_url)
    context, tab, _ = _open(browser, f"{site_url}{PAGES['month']}#{anchor}", PHONE)
    try:
        assert tab.evaluate(f"document.getElementById({anchor!r}).matches(':target')")
        violations = _violations(axe, tab)
        assert not violations, _report(violations)
    finally:
        context.close()


def test_printed_month_passes_wcag_2_aa(browser, axe, site_url):
    context, tab, _ = _open(browser, site_url + PAGES["month"], {"width": 1123, "height": 794}, media="print")
    try:
        assert tab.evaluate("getComputedStyle(document.querySelector('.md-header')).display") == "none"
        violations = _violations(axe, tab)
        assert not violations, _report(violations)
    finally:
        context.close()


# ---- the phone layout --------------------------------------------------------------------------

_CELLS = """() => [...document.querySelectorAll('table.portal-tasks > tbody > tr')]
  .filter(row => row.querySelectorAll(':scope > td').length > 1)
  .map(row => ({
    row: row.dataset.task || row.textContent.trim().slice(0, 40),
    cells: [...row.querySelectorAll(':scope > td')].map(cell => {
      const box = cell.getBoundingClientRect();
      return {label: cell.dataset.label, shown: getComputedStyle(cell, '::before').content,
              display: getComputedStyle(cell).display, left: box.left, right: box.right,
              width: box.width, height: box.height};
    }),
  }))"""


@pytest.mark.parametrize("kind", list(PAGES))
def test_nothing_scrolls_sideways_on_a_phone(browser, site_url, kind):
    context, tab, _ = _open(browser, site_url + PAGES[kind], PHONE)
    try:
        widths = tab.evaluate("() => ({inner: innerWidth, html: document.documentElement.scrollWidth,"
                              " body: document.body.scrollWidth})")
        assert widths["inner"] == PHONE["width"]
        assert widths["html"] <= widths["inner"] and widths["body"] <= widths["inner"], (kind, widths)
        # (a chart, kept legible at its drawn size, scrolls inside its own figure: the figure must fit)
        wide = tab.evaluate("""() => [...document.querySelectorAll('article *')].filter(el => {
              const box = el.getBoundingClientRect();
              const figure = el.parentElement && el.parentElement.closest('figure.portal-chart');
              if (figure && getComputedStyle(figure).overflowX === 'auto') return false;
              return box.width > 0 && (box.left < -0.5 || box.right > innerWidth + 0.5);
            }).map(el => el.tagName + '.' + el.getAttribute('class')).slice(0, 5)""")
        assert wide == [], (kind, wide)
    finally:
        context.close()


@pytest.mark.parametrize("kind", TABLE_PAGES)
def test_every_cell_of_a_task_is_on_a_phone_screen_with_its_column_name(browser, site_url, kind):
    context, tab, _ = _open(browser, site_url + PAGES[kind], PHONE)
    try:
        rows = tab.evaluate(_CELLS)
        assert rows, kind
        for row in rows:
            for cell in row["cells"]:
                assert cell["label"], (kind, row["row"], cell)
                assert cell["shown"] == f'"{cell["label"]}"', (kind, row["row"], cell)
                assert cell["width"] > 0 and cell["height"] > 0, (kind, row["row"], cell)
                assert cell["left"] >= 0 and cell["right"] <= PHONE["width"], (kind, row["row"], cell)
        # the header row is left to screen readers: the cards carry the names
        header = tab.evaluate("() => { const b = document.querySelector('table.portal-tasks thead')"
                              ".getBoundingClientRect(); return b.width * b.height; }")
        assert header <= 1
    finally:
        context.close()


@pytest.mark.parametrize("viewport, media", [(DESKTOP, "screen"), (PHONE, "print"), (DESKTOP, "print")],
                         ids=["1366px", "390px-print", "1366px-print"])
def test_wide_screens_and_print_keep_the_documents_table(browser, site_url, viewport, media):
    context, tab, _ = _open(browser, site_url + PAGES["month"], viewport, media=media)
    try:
        rows = tab.evaluate(_CELLS)
        assert rows
        assert {cell["display"] for row in rows for cell in row["cells"]} == {"table-cell"}
        assert {cell["shown"] for row in rows for cell in row["cells"]} == {"none"}
        assert tab.evaluate("getComputedStyle(document.querySelector('table.portal-tasks thead')).display") \
            == "table-header-group"
        # one row: the cells side by side, in the columns' order
        lefts = [cell["left"] for cell in rows[0]["cells"]]
        assert lefts == sorted(lefts) and len(set(lefts)) == len(lefts)
    finally:
        context.close()


def _middle_task_anchor(browser, site_url) -> str:
    context, tab, _ = _open(browser, site_url + PAGES["month"], DESKTOP)
    anchors = tab.evaluate("[...document.querySelectorAll('tr.portal-task[id]')].map(row => row.id)")
    context.close()
    assert len(anchors) > 4
    return anchors[len(anchors) // 2]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1366px"])
def test_anchor_scrolls_to_the_task_and_highlights_it(browser, site_url, viewport):
    anchor = _middle_task_anchor(browser, site_url)
    context, tab, _ = _open(browser, f"{site_url}{PAGES['month']}#{anchor}", viewport)
    try:
        state = tab.evaluate("""anchor => {
            const row = document.getElementById(anchor);
            const other = row.parentElement.querySelector('tr.portal-task:not(:target)');
            const header = document.querySelector('.md-header').getBoundingClientRect();
            const box = row.getBoundingClientRect();
            return {target: row.matches(':target'), top: box.top, bottom: box.bottom,
                    header: header.bottom, height: innerHeight, scrolled: scrollY,
                    background: getComputedStyle(row.cells[1]).backgroundColor,
                    otherBackground: getComputedStyle(other.cells[1]).backgroundColor,
                    outline: getComputedStyle(row).outlineStyle};
        }""", anchor)
        assert state["target"] and state["scrolled"] > 0
        # below the sticky header, in the upper half of the screen
        assert state["header"] - 1 <= state["top"] <= state["height"] / 2, state
        assert state["background"] != state["otherBackground"] and state["outline"] == "solid", state
    finally:
        context.close()


# ---- the deadline overview's badges: CSS text, measured here ----------------------------------

_CONTRAST = """
function luminance(rgb) {
  const [r, g, b] = rgb.match(/[\\d.]+/g).slice(0, 3).map(Number).map(v => v / 255)
    .map(c => c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function contrast(a, b) {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}
function opaque(color) {
  const parts = color.match(/[\\d.]+/g);
  return parts.length < 4 || Number(parts[3]) === 1;
}
"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366px", "390px"])
def test_deadline_badges_and_bars_pass_aa(browser, site_url, viewport):
    # a reader's date inside the sample's month: some tasks past due, some coming up
    context, tab, _ = _open(browser, site_url + PAGES["deadlines"], viewport, today=dt.datetime(2023, 11, 20, 9))
    try:
        tab.wait_for_selector("#deadlines-now:not([hidden])")
        found = tab.evaluate("() => {" + _CONTRAST + """
          const page = getComputedStyle(document.body).backgroundColor;
          return [...document.querySelectorAll('li.deadlines-item')].map(li => {
            const mark = li.querySelector('.portal-due');
            const badge = mark && !mark.hidden ? getComputedStyle(mark) : {color: '', backgroundColor: ''};
            const kind = li.classList.contains('deadlines-overdue') ? 'overdue'
              : li.classList.contains('deadlines-soon') ? 'soon'
              : li.classList.contains('deadlines-done') ? 'done' : 'plain';
            return {kind, task: li.dataset.task, badge: mark && !mark.hidden ? mark.textContent : '',
                    opaque: badge.backgroundColor ? opaque(badge.backgroundColor) : false,
                    text: mark && !mark.hidden ? contrast(badge.color, badge.backgroundColor) : 0,
                    bar: contrast(getComputedStyle(li).borderLeftColor, page),
                    opacity: getComputedStyle(li).opacity};
          });
        }""")
        kinds = {item["kind"] for item in found}
        assert {"overdue", "soon"} <= kinds, kinds  # (the sample has no task marked done yet)
        for item in found:
            assert item["opacity"] == "1", item  # no state shown by fading the text
            if item["kind"] in ("overdue", "soon"):
                assert item["badge"] == {"overdue": "Quá hạn", "soon": "Sắp đến hạn"}[item["kind"]], item
                assert item["opaque"] and item["text"] >= 4.5, item
            if item["kind"] != "plain":
                assert item["bar"] >= 3, item  # the state's bar, a graphic: 3:1 against the page
    finally:
        context.close()
