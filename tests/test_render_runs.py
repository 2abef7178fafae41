"""What a run of pages (:func:`portal.site.render.sharing_rows`) may take as fixed, and the helpers
that write a list in one call where a template loop called a helper per item."""
from __future__ import annotations

from conftest import ROOT

from portal.build.site import load_site
from portal.indexes import deadlines
from portal.site.render import environment, render, sharing_rows, timeline_item, timeline_items


def _count_checks(monkeypatch, name: str) -> list[str]:
    """Each check of template ``name`` against its file, recorded."""
    template = environment().get_template(name)
    checks: list[str] = []
    real = template._uptodate  # Jinja's check of a loaded template against its file

    def counted() -> bool:
        checks.append(name)
        return real() if real else True

    monkeypatch.setattr(template, "_uptodate", counted)
    return checks


def test_templates_are_checked_between_runs_of_pages_not_within(monkeypatch):
    checks = _count_checks(monkeypatch, "build_error.md.j2")

    def rendered() -> None:
        assert "Lỗi" in render("build_error.md.j2", problems=[])

    with sharing_rows():
        rendered()
        rendered()
    assert checks == []
    assert environment().auto_reload  # a preview's next run sees an edited template
    rendered()
    assert checks == ["build_error.md.j2"]


def test_timeline_items_write_what_a_loop_of_timeline_item_wrote():
    site = load_site(ROOT / "content", source_date_epoch=1700000000)
    taxonomy = site.taxonomies["deadlines"]
    term = next(iter(taxonomy.terms.values()))
    page = taxonomy.term_page(term)
    loop = environment().from_string("{% for item in items %}\n{{ timeline_item(item, with_month=true) }}\n"
                                     "{% endfor %}\n</ul>")
    batch = environment().from_string("{{ timeline_items(items, with_month=true) -}}\n</ul>")
    with site.rendering(), sharing_rows():
        items = deadlines._items(site, term, page)
        assert len(items) > 3
        assert batch.render(items=items) == loop.render(items=items)
        assert batch.render(items=[]) == loop.render(items=[]) == "</ul>"
        assert str(timeline_items(items[:1])) == str(timeline_item(items[0])) + "\n"
