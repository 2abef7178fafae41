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


def test_templates_are_checked_as_a_run_of_pages_begins_not_each_time_they_are_asked_for(monkeypatch):
    checks = _count_checks(monkeypatch, "build_error.md.j2")

    def rendered() -> None:
        assert "Lỗi" in render("build_error.md.j2", problems=[])

    with sharing_rows():
        rendered()
        rendered()
        rendered()
    assert checks == ["build_error.md.j2"]  # once, as the run began
    assert environment().auto_reload  # outside a run every ask checks, as Jinja does
    rendered()
    assert checks == ["build_error.md.j2"] * 2


def test_a_template_edited_between_two_runs_of_pages_is_rendered_afresh_by_the_second(monkeypatch):
    """A preview's rebuild after a template was edited (make serve) renders the edited template."""
    name = "build_error.md.j2"
    with sharing_rows():
        first = environment().get_template(name)
    monkeypatch.setattr(first, "_uptodate", lambda: False)  # its file changed since it was loaded
    with sharing_rows():
        again = environment().get_template(name)
        assert again is not first
        assert environment().get_template(name) is again


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
        assert batch.render(items=items) == loop.render(items=items, timeline_item=timeline_item)
        assert batch.render(items=[]) == loop.render(items=[], timeline_item=timeline_item) == "</ul>"
        assert str(timeline_items(items[:1])) == str(timeline_item(items[0])) + "\n"
