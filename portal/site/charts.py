"""Charts drawn at build time as inline SVG: no chart library in the reader's browser.

An intranet page must print, work offline and load nothing, so each chart is a small SVG
written into the page, with its numbers beside it as a table (in a ``<details>``) for screen
readers and for anyone who wants the figures. Every SVG has a ``<title>`` and a ``<desc>``;
each bar carries ``data-label``/``data-series``/``data-value`` (what the tests compare with
the data) and a ``<title>`` of its own (the tooltip).

Colours: dark enough for 3:1 against white (WCAG AA for graphics), of distinct lightness, and
each series but the first also has a white pattern (stripes, dots, cross-hatch), so a chart
printed in greyscale still tells its series apart; numbers are written on the bars where they fit.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Optional, Sequence

from markupsafe import Markup, escape

from portal.text.months import Month

# (fill, pattern) per series, in order: lightness differs between neighbours, patterns differ.
# Contrast with white: #1f3a68 11.6:1, #2b6b3a 6.5:1, #8a4a00 6.6:1, #5f5f5f 6.4:1, #6a2c70 9.6:1.
STYLES = [("#1f3a68", ""), ("#2b6b3a", "stripes"), ("#8a4a00", "dots"), ("#5f5f5f", "cross"),
          ("#6a2c70", "stripes-back")]
FONT = "font-family:inherit;font-size:12px"


def fmt(value: float) -> str:
    """Vietnamese number: ``1.234``; a share as ``45%`` is formatted by the caller."""
    return f"{int(round(value)):,}".replace(",", ".")


@dataclass
class Series:
    name: str
    values: Sequence[float]
    style: Optional[int] = None  # index in STYLES; by default the series' position


def _styles(series: Sequence[Series]) -> list[int]:
    return [s.style if s.style is not None else i for i, s in enumerate(series)]


@dataclass
class Category:
    """A bar (horizontal charts) or a column (time charts): its label and, optionally, a link."""

    label: str
    href: str = ""
    short: str = ""  # what the axis shows when the label is long (months: ``T11``)


@dataclass
class Chart:
    """A drawn chart: the SVG, and the same numbers as a table."""

    title: str
    svg: Markup
    headers: list[str]
    rows: list[list[str]]
    kind: str = ""
    links: list[str] = field(default_factory=list)  # per row: where its first cell links, or ""


def _new_id(title: str, categories: Sequence[Category]) -> str:
    """An id for the chart's title and patterns, unique within a page (several charts on a page
    each define theirs) and taken from what the chart shows, so a page renders to the same bytes
    whatever else was rendered before it."""
    key = "\x1f".join([title] + [c.label for c in categories])
    return "c" + hashlib.blake2s(key.encode("utf-8"), digest_size=5).hexdigest()


def _patterns(uid: str, styles: Sequence[int]) -> str:
    defs = []
    for index in sorted({i % len(STYLES) for i in styles}):
        colour, pattern = STYLES[index]
        pid = f"{uid}-p{index}"
        if pattern == "stripes":
            body = f'<rect width="6" height="6" fill="{colour}"/><path d="M0 6L6 0" stroke="#fff" stroke-width="1.4"/>'
        elif pattern == "stripes-back":
            body = f'<rect width="6" height="6" fill="{colour}"/><path d="M0 0L6 6" stroke="#fff" stroke-width="1.4"/>'
        elif pattern == "dots":
            body = f'<rect width="6" height="6" fill="{colour}"/><circle cx="3" cy="3" r="1.2" fill="#fff"/>'
        elif pattern == "cross":
            body = (f'<rect width="6" height="6" fill="{colour}"/>'
                    '<path d="M0 3H6M3 0V6" stroke="#fff" stroke-width="1"/>')
        else:
            continue
        defs.append(f'<pattern id="{pid}" width="6" height="6" patternUnits="userSpaceOnUse">{body}</pattern>')
    return f"<defs>{''.join(defs)}</defs>" if defs else ""


def _fill(uid: str, index: int) -> str:
    colour, pattern = STYLES[index % len(STYLES)]
    return f"url(#{uid}-p{index % len(STYLES)})" if pattern else colour


def _text_width(text: str, size: float = 12) -> float:
    """A rough width for laying out labels (no font metrics at build time)."""
    return len(text) * size * 0.56


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _legend(uid: str, series: Sequence[Series], x: float, y: float, width: float = 720) -> tuple[str, float]:
    """Swatches and names in a row (wrapping); returns the SVG and the height used."""
    if len(series) < 2:
        return "", 0
    parts, cx, cy = [], x, y
    for index, item in zip(_styles(series), series):
        w = 18 + _text_width(item.name) + 16
        if cx + w > width and cx > x:
            cx, cy = x, cy + 18
        parts.append(f'<rect x="{cx:.1f}" y="{cy:.1f}" width="12" height="12" fill="{_fill(uid, index)}" '
                     f'stroke="#222" stroke-width=".5"/>'
                     f'<text x="{cx + 16:.1f}" y="{cy + 10:.1f}" style="{FONT}">{escape(item.name)}</text>')
        cx += w
    return "".join(parts), cy - y + 22


def _svg(uid: str, title: str, desc: str, width: float, height: float, body: str, kind: str) -> Markup:
    return Markup(
        f'<svg class="portal-chart-svg portal-chart-{kind}" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" '
        f'aria-labelledby="{uid}-t {uid}-d" data-chart="{kind}">'
        f'<title id="{uid}-t">{escape(title)}</title><desc id="{uid}-d">{escape(desc)}</desc>{body}</svg>')


def bar_chart(title: str, categories: Sequence[Category], series: Sequence[Series], desc: str = "",
              first_header: str = "", unit: str = "nhiệm vụ", width: int = 720) -> Chart:
    """Horizontal bars, one per category, stacked by series; the total written at each bar's end."""
    uid = _new_id(title, categories)
    label_limit = 34
    labels = [_clip(c.label, label_limit) for c in categories]
    label_w = min(max((_text_width(label) for label in labels), default=40) + 12, 260)
    totals = [sum(s.values[i] for s in series) for i in range(len(categories))]
    top = max(totals, default=0) or 1
    legend, legend_h = _legend(uid, series, 0, 0, width)
    row_h, bar_h = 24, 16
    plot_x, plot_w = label_w, width - label_w - 50
    y0 = legend_h + 4
    parts = [_patterns(uid, _styles(series)), legend]
    for i, category in enumerate(categories):
        y = y0 + i * row_h
        label = escape(labels[i])
        parts.append(f'<text x="{label_w - 6:.1f}" y="{y + 12:.1f}" text-anchor="end" style="{FONT}">'
                     f'<title>{escape(category.label)}</title>{label}</text>')
        x = plot_x
        for index, item in zip(_styles(series), series):
            value = item.values[i]
            if not value:
                continue
            w = value / top * plot_w
            tip = f"{category.label} · {item.name}: {fmt(value)} {unit}" if len(series) > 1 else f"{category.label}: {fmt(value)} {unit}"
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{bar_h}" fill="{_fill(uid, index)}" '
                         f'stroke="#fff" stroke-width="1" data-label="{escape(category.label)}" '
                         f'data-series="{escape(item.name)}" data-value="{value:g}"><title>{escape(tip)}</title></rect>')
            x += w
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 12:.1f}" style="{FONT};font-weight:700">{fmt(totals[i])}</text>')
    height = y0 + len(categories) * row_h + 4
    headers = [first_header or "Mục"] + ([s.name for s in series] if len(series) > 1 else []) + ["Tổng"]
    rows = [[c.label] + ([fmt(s.values[i]) for s in series] if len(series) > 1 else []) + [fmt(totals[i])]
            for i, c in enumerate(categories)]
    return Chart(title, _svg(uid, title, desc or title, width, height, "".join(parts), "bars"), headers, rows,
                 kind="bars", links=[c.href for c in categories])


def column_chart(title: str, categories: Sequence[Category], series: Sequence[Series], desc: str = "",
                 first_header: str = "Tháng", unit: str = "nhiệm vụ", percent: bool = False,
                 width: int = 720, height: int = 180, group_labels: Optional[Sequence[str]] = None) -> Chart:
    """Vertical columns in time order, stacked by series (``percent``: one series of shares 0–100).

    ``group_labels``: a second line under the axis (the year) shown where it changes, so long
    spans stay legible; column labels are thinned to fit.
    """
    uid = _new_id(title, categories)
    n = max(len(categories), 1)
    totals = [sum(s.values[i] for s in series) for i in range(len(categories))]
    top = 100.0 if percent else float(max(totals, default=0) or 1)
    top = _nice(top) if not percent else 100.0
    legend, legend_h = _legend(uid, series, 44, 0, width)
    plot_x, plot_y = 44, legend_h + 8
    plot_w, plot_h = width - plot_x - 8, height
    step = plot_w / n
    bar_w = max(min(step * 0.75, 36), 0.8)
    parts = [_patterns(uid, _styles(series)), legend]
    for k in range(5):  # gridlines and the axis' values
        value = top * k / 4
        y = plot_y + plot_h - value / top * plot_h
        parts.append(f'<line x1="{plot_x}" x2="{plot_x + plot_w:.1f}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'stroke="{"#444" if k == 0 else "#bbb"}" stroke-width="{1 if k == 0 else .5}"/>')
        label = f"{value:.0f}%" if percent else fmt(value)
        parts.append(f'<text x="{plot_x - 4}" y="{y + 4:.1f}" text-anchor="end" style="{FONT}">{label}</text>')
    every = max(1, int(-(-_text_width("00/0000") // step)))
    labelled = set(range(len(categories) - 1, -1, -every))
    months_fit = not group_labels or every == 1
    group_y = plot_y + plot_h + (28 if months_fit else 14)
    for i, category in enumerate(categories):
        x = plot_x + i * step + (step - bar_w) / 2
        base = plot_y + plot_h
        for index, item in zip(_styles(series), series):
            value = item.values[i]
            if not value:
                continue
            h = value / top * plot_h
            base -= h
            shown = f"{value:.0f}%" if percent else f"{fmt(value)} {unit}"
            tip = f"{category.label} · {item.name}: {shown}" if len(series) > 1 else f"{category.label}: {shown}"
            parts.append(f'<rect x="{x:.1f}" y="{base:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                         f'fill="{_fill(uid, index)}" stroke="#fff" stroke-width="{.5 if bar_w > 3 else 0}" '
                         f'data-label="{escape(category.label)}" data-series="{escape(item.name)}" '
                         f'data-value="{value:g}"><title>{escape(tip)}</title></rect>')
        if totals[i] and step >= _text_width("000") and not percent:
            parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{base - 3:.1f}" text-anchor="middle" '
                         f'style="{FONT};font-size:11px">{fmt(totals[i])}</text>')
        elif percent and step >= _text_width("100%", 11) and totals[i] is not None:
            parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{base - 3:.1f}" text-anchor="middle" '
                         f'style="{FONT};font-size:11px">{totals[i]:.0f}%</text>')
        if i in labelled and months_fit:  # else a long span is labelled by its years only
            parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{plot_y + plot_h + 14:.1f}" text-anchor="middle" '
                         f'style="{FONT}">{escape(category.short or category.label)}</text>')
    if group_labels:
        previous, last_x = None, -100.0
        for i, group in enumerate(group_labels):
            if group != previous:
                x = plot_x + i * step
                parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{plot_y + plot_h:.1f}" y2="{group_y + 2:.1f}" '
                             f'stroke="#444" stroke-width=".5"/>')
                if x - last_x >= _text_width(group) + 6 and x + _text_width(group) <= width:
                    parts.append(f'<text x="{x + 3:.1f}" y="{group_y:.1f}" '
                                 f'style="{FONT};font-weight:700">{escape(group)}</text>')
                    last_x = x
                previous = group
    total_h = group_y + 6 if group_labels else plot_y + plot_h + 20
    if percent:
        headers = [first_header, series[0].name if series else "Tỉ lệ"]
        rows = [[c.label, f"{series[0].values[i]:.0f}%"] for i, c in enumerate(categories)]
    else:
        headers = [first_header] + ([s.name for s in series] if len(series) > 1 else []) + ["Tổng"]
        rows = [[c.label] + ([fmt(s.values[i]) for s in series] if len(series) > 1 else []) + [fmt(totals[i])]
                for i, c in enumerate(categories)]
    return Chart(title, _svg(uid, title, desc or title, width, total_h, "".join(parts), "columns"), headers, rows,
                 kind="columns")


def _nice(value: float) -> float:
    """The axis' top: four whole, round ticks at or above ``value`` (24 → 0, 6, 12, 18, 24)."""
    tick = max(value / 4, 1)
    magnitude = 10 ** (len(str(int(tick))) - 1)
    for step in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        candidate = step * magnitude
        if candidate >= tick and float(candidate).is_integer():
            return candidate * 4
    return 40.0 * magnitude


def month_category(month: str) -> Category:
    """``2023-11`` as a column: ``Tháng 11/2023``, shown as ``11/2023``."""
    month = Month(month)
    return Category(month.heading, short=month.tiny)


def months_between(first: str, last: str) -> list[Month]:
    """Every month from ``first`` to ``last`` inclusive."""
    start = Month(first)
    return [start.plus(count) for count in range(Month(last).months_since(start) + 1)]


def small_multiples(title: str, categories: Sequence[Category], series: Sequence[Series], desc: str = "",
                    first_header: str = "Tháng", unit: str = "nhiệm vụ", width: int = 720,
                    group_labels: Optional[Sequence[str]] = None) -> Chart:
    """One row of columns per series (a department), sharing the time axis: many series stay
    legible in one colour, with no legend to match, in greyscale as in colour."""
    uid = _new_id(title, categories)
    n = max(len(categories), 1)
    label_w = min(max((_text_width(_clip(s.name, 22)) for s in series), default=40) + 10, 170)
    plot_x, plot_w = label_w + 34, width - label_w - 34 - 8
    row_h, plot_h = 46, 34
    step = plot_w / n
    bar_w = max(min(step * 0.75, 30), 0.8)
    colour = STYLES[0][0]
    parts = []
    for r, item in enumerate(series):
        top = max(item.values, default=0) or 1
        y0 = r * row_h + 6
        parts.append(f'<text x="0" y="{y0 + plot_h / 2 + 4:.1f}" style="{FONT};font-weight:700">'
                     f'<title>{escape(item.name)}</title>{escape(_clip(item.name, 22))}</text>')
        parts.append(f'<text x="{plot_x - 4:.1f}" y="{y0 + 9:.1f}" text-anchor="end" style="{FONT};font-size:10px">'
                     f'{fmt(top)}</text>')
        parts.append(f'<line x1="{plot_x}" x2="{plot_x + plot_w:.1f}" y1="{y0 + plot_h:.1f}" y2="{y0 + plot_h:.1f}" '
                     f'stroke="#444" stroke-width="1"/>')
        for i, category in enumerate(categories):
            value = item.values[i]
            if not value:
                continue
            h = value / top * plot_h
            x = plot_x + i * step + (step - bar_w) / 2
            parts.append(f'<rect x="{x:.1f}" y="{y0 + plot_h - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                         f'fill="{colour}" data-label="{escape(category.label)}" data-series="{escape(item.name)}" '
                         f'data-value="{value:g}"><title>{escape(f"{item.name} · {category.label}: {fmt(value)} {unit}")}'
                         f'</title></rect>')
    axis_y = len(series) * row_h + 6
    every = max(1, int(-(-_text_width("00/00") // step)))
    for i in ([] if group_labels else range(len(categories) - 1, -1, -every)):
        category = categories[i]
        x = plot_x + i * step + step / 2
        parts.append(f'<text x="{x:.1f}" y="{axis_y + 8:.1f}" text-anchor="middle" style="{FONT}">'
                     f'{escape(category.short or category.label)}</text>')
    if group_labels:
        previous, last_x = None, -100.0
        for i, group in enumerate(group_labels):
            if group != previous:
                x = plot_x + i * step
                if x - last_x >= _text_width(group) + 6 and x + _text_width(group) <= width:
                    parts.append(f'<text x="{x + 2:.1f}" y="{axis_y + 8:.1f}" style="{FONT};font-weight:700">'
                                 f'{escape(group)}</text>')
                    last_x = x
                previous = group
    height = axis_y + 14
    headers = [first_header] + [s.name for s in series] + ["Tổng"]
    rows = [[c.label] + [fmt(s.values[i]) for s in series] + [fmt(sum(s.values[i] for s in series))]
            for i, c in enumerate(categories)]
    return Chart(title, _svg(uid, title, desc or title, width, height, "".join(parts), "multiples"), headers, rows,
                 kind="multiples")
