"""``feed.xml``: an Atom feed (RFC 4287) of the programmes, for feed readers and Outlook.

One entry per published month, newest first. The entry's ``id`` never changes (a tag URI of
the month); its ``updated`` is when the month's data file last changed
(:mod:`portal.content.history`: the last commit that touched it, so every build of the same
content writes the same feed), so a reader shows a month again when its data changed. The
feed's own ``updated`` is the newest entry's. Links are absolute with ``site_url``, else
relative to the feed (which sits at the site's root).
"""
from __future__ import annotations

import datetime as dt

from portal.content.history import last_changed
from portal.content.model import Programme
from portal.site import urls
from portal.site.model import Site
from portal.text.status import is_done
from portal.text.xmltext import xml_attribute, xml_text

TAG = "tag:chuong-trinh-cong-tac.btgtu,2023"


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _link(site: Site, path: str) -> str:
    return (site.site_url.rstrip("/") + "/" + path) if site.site_url else (path or "./")


def _summary(programme: Programme) -> str:
    tasks = programme.tasks()
    done = sum(1 for t in tasks if is_done(t.status))
    sections = "; ".join(f"{s.numeral}. {s.title} ({len(s.tasks)})" for s in programme.sections)
    return (f"{programme.issuing_body} · Số {programme.reference} · {len(tasks)} nhiệm vụ, "
            f"{done} ghi đã hoàn thành. Các mục: {sections}.")


def feed(site: Site, programmes: list[Programme], title: str = "Chương trình công tác Tuyên giáo") -> bytes:
    """The feed's bytes for ``programmes`` (the published ones, any order)."""
    ordered = sorted(programmes, key=lambda p: p.month, reverse=True)
    paths = {p.month: site.content_dir / "programmes" / f"{p.month}.yaml" for p in ordered}
    changed = last_changed(list(paths.values()), site.source_date_epoch)
    fallback = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
    times = {m: changed.get(path, fallback) for m, path in paths.items()}
    newest = max(times.values(), default=fallback)
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi">',
             f"<id>{TAG}:feed</id>",
             f"<title>{xml_text(title)}</title>",
             "<subtitle>Các chương trình công tác tháng, mới nhất trước</subtitle>",
             f"<updated>{_stamp(newest)}</updated>",
             f"<link rel=\"self\" type=\"application/atom+xml\" href={xml_attribute(_link(site, urls.FEED))}/>",
             f"<link rel=\"alternate\" type=\"text/html\" href={xml_attribute(_link(site, ''))}/>",
             "<author><name>Ban Tuyên giáo Tỉnh ủy</name></author>"]
    for programme in ordered:
        page = urls.page_url(urls.month_page(programme.month))
        lines += [
            "<entry>",
            f"<id>{TAG}:programmes/{programme.month}</id>",
            f"<title>{xml_text(programme.subtitle or programme.label)}</title>",
            f"<updated>{_stamp(times[programme.month])}</updated>",
            f"<link rel=\"alternate\" type=\"text/html\" href={xml_attribute(_link(site, page))}/>",
            f"<link rel=\"enclosure\" type=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document\" "
            f"href={xml_attribute(_link(site, urls.month_docx(programme.month)))}/>",
            f"<summary>{xml_text(_summary(programme))}</summary>",
            "</entry>",
        ]
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")
