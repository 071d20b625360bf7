"""Matrix views over the demo workspace: cells, counts and white spots as a policy officer reads them."""

from __future__ import annotations

from server.demo import load_demo
from server.domain.matrix import build_view, views
from server.storage.store import Store, upgrade
from server.sync.core import SyncCore


def demo_core(url: str) -> SyncCore:
    store = Store(url)
    upgrade(store.engine)
    core = SyncCore(store)
    load_demo(core)
    return core


def test_preventiematrix_view_places_activities_and_shows_white_spots(sqlite_url: str) -> None:
    state = demo_core(sqlite_url).state("demo")
    by_name = {v.name: v for v in views(state)}
    view = by_name["Preventiematrix"]
    assert [c.label for c in view.cols] == ["universeel", "selectief", "geïndiceerd", "zorggericht"]
    assert len(view.rows) == 10
    rows = {r.label: r.id for r in view.rows}
    cols = {c.label: c.id for c in view.cols}
    assert view.cell(rows["van dip tot depressie"], cols["selectief"]) == []
    assert view.row_count(rows["van experimenteren tot middelenmisbruik"]) == 0
    empty = {(r.label, c.label) for r, c in view.empty_cells()}
    assert ("van druk kind tot ADHD", "universeel") in empty
    # every activity with a theme and a level is in exactly the cells its values name
    for act in state.live("activity"):
        level = act.fields["prevention_level"]
        for theme in act.fields["themes"]:
            assert act in view.cell(theme, level)


def test_a_multi_valued_axis_puts_an_activity_in_each_of_its_rows(sqlite_url: str) -> None:
    state = demo_core(sqlite_url).state("demo")
    matrix = next(m for m in state.live("matrix") if m.fields["name"] == "Leeftijd en leefdomein")
    view = build_view(state, matrix)
    act = next(a for a in state.live("activity") if len(a.fields["age_bands"]) > 1 and a.fields["domains"])
    for band in act.fields["age_bands"]:
        for domain in act.fields["domains"]:
            assert act in view.cell(band, domain)
    unplaced = [a for a in state.live("activity") if not a.fields["age_bands"] or not a.fields["domains"]]
    assert {a.id for a in view.unplaced} == {a.id for a in unplaced}
