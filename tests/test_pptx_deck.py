"""The deck for the bestuurlijk overleg, built on the demo workspace and on an empty one.

The deck is opened with python-pptx (slide titles, native charts with the analysis's values, heat-map
tables against the matrix views, outcomes, besluitpunten) and rendered once with LibreOffice headless to
PDF (page count, every word inside its box on the page) and to PNG in ``tests/artifacts/deck/`` to look at.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from defusedxml import ElementTree
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide

from server.analysis import Analysis, analyse
from server.analysis.base import num
from server.demo import load_demo
from server.demo_data import DECISIONS, OUTCOMES
from server.domain.matrix import build_view, views
from server.domain.state import WorkspaceState
from server.office.deck import (
    LAYOUT_CHART,
    LAYOUT_KEYS,
    LAYOUT_TABLE,
    LAYOUT_TEXT,
    LAYOUT_TITLE,
    SPOT_MARK,
    TEMPLATE_DIR,
    TEMPLATE_FILE,
    ZWSP,
    DeckTemplateError,
    build_deck,
    deck_filename,
)
from server.storage.store import Store, upgrade
from server.sync.core import SyncCore
from server.sync.workspaces import create_workspace, run_system, stable_id
from tests.libreoffice import to_pdf
from tests.services import component_missing

ARTIFACTS = Path(__file__).resolve().parent / "artifacts" / "deck"
MEETING_DAY = date(2027, 1, 20)
EMPTY_NAME = 'Gemeente <Leeg> & "Co"'
LONG_DECISION = "Een heel lang besluitpunt over de aanpak van de jeugdhulp. " * 33  # ~1,950 characters
SUFFIX = re.compile(r" \((\d+)/(\d+)\)$")
POINT = 12700  # EMU


@dataclass
class Deck:
    state: WorkspaceState
    path: Path
    prs: PresentationType
    progress: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class Built:
    demo: Deck
    empty: Deck
    analysis: Analysis  # of the demo's first view, since its meeting: what the deck shows


def _core(url: str) -> tuple[Store, SyncCore]:
    store = Store(url)
    upgrade(store.engine)
    return store, SyncCore(store)


def empty_state(url: str) -> WorkspaceState:
    """A workspace with its default axes and views, no partner, outcome or activity, and three besluitpunten:
    a taken one (first by position) and two open ones, one with markup-like text, one far too long."""
    store, core = _core(url)
    create_workspace(core, "leeg", EMPTY_NAME)
    texts = [
        ("Oud besluit: de werkgroep is opgeheven.", "genomen"),
        ("Eerste open punt: <b>vet</b> & 'aanhalingstekens' blijven gewoon tekst.", "open"),
        (LONG_DECISION, "open"),
    ]
    ops = [
        {
            "op": "create",
            "type": "decision",
            "id": stable_id("leeg", "decision", str(n)),
            "fields": {"text": text, "status": status, "position": float(n)},
        }
        for n, (text, status) in enumerate(texts)
    ]
    run_system(core, "leeg", "test-pptx-deck", 1, ops)
    state = core.state("leeg")
    store.dispose()
    return state


def _deck(tmp: Path, name: str, state: WorkspaceState) -> Deck:
    progress: list[tuple[int, str]] = []
    data = build_deck(state, meeting_date=MEETING_DAY, progress=lambda p, m: progress.append((p, m)))
    path = tmp / f"{name}.pptx"
    path.write_bytes(data)
    return Deck(state, path, Presentation(str(path)), progress)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    tmp = tmp_path_factory.mktemp("deck")
    store, core = _core(f"sqlite:///{tmp / 'demo.db'}")
    load_demo(core)
    state = core.state("demo")
    store.dispose()
    since = max(int(m.fields["seq"]) for m in state.live("meeting"))
    analysis = analyse(state, views(state)[0].id, since)
    return Built(_deck(tmp, "demo", state), _deck(tmp, "leeg", empty_state(f"sqlite:///{tmp / 'leeg.db'}")), analysis)


@pytest.fixture(scope="module")
def rendered(built: Built, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Both decks as LibreOffice prints them (PDF, one conversion each, in parallel), and the demo deck's
    pages as PNG in tests/artifacts/deck/."""
    for tool in ("pdftoppm", "pdftotext"):
        if shutil.which(tool) is None:
            component_missing("poppler-utils", f"{tool} niet gevonden (apt-get install poppler-utils)")
    out = tmp_path_factory.mktemp("lo")
    with ThreadPoolExecutor(2) as pool:
        demo = pool.submit(to_pdf, built.demo.path, out / "demo")
        empty = pool.submit(to_pdf, built.empty.path, out / "leeg")
        pdfs = {"demo": demo.result(), "leeg": empty.result()}
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", str(pdfs["demo"]), str(ARTIFACTS / "demo")], check=True, timeout=120
    )
    return pdfs


# ---------------------------------------------------------------- reading the deck


def title_of(slide: Slide) -> str:
    shape = slide.shapes.title
    return shape.text_frame.text if shape is not None else ""


def base(title: str) -> str:
    return SUFFIX.sub("", title)


def slides_of(prs: PresentationType, title: str) -> list[Slide]:
    """The slides titled ``title``, or ``title (i/n)``."""
    return [s for s in prs.slides if base(title_of(s)) == title]


def tables(slide: Slide) -> list[list[list[str]]]:
    return [
        [[cell.text_frame.text for cell in row.cells] for row in shape.table.rows]
        for shape in slide.shapes
        if shape.has_table
    ]


def charts(slide: Slide) -> list[Any]:
    return [shape.chart for shape in slide.shapes if shape.has_chart]


def body_paragraphs(slide: Slide) -> list[str]:
    """Paragraph texts of the slide's text boxes (not title, note, footer, slide number or tiles)."""
    out = []
    for shape in slide.shapes:
        if shape.shape_type != MSO_SHAPE_TYPE.TEXT_BOX:
            continue
        out += [p.text for p in shape.text_frame.paragraphs if p.text]
    return out


def same_label(shown: str, label: str) -> bool:
    """``shown`` is ``label``, or its start cut off with "…"."""
    return shown == label or (shown.endswith("…") and label.startswith(shown[:-1].rstrip()))


def all_text(slide: Slide) -> str:
    parts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.has_table:
            parts += [cell.text_frame.text for row in shape.table.rows for cell in row.cells]
    return "\n".join(parts)


# ---------------------------------------------------------------- structure


def test_slide_titles_in_order(built: Built) -> None:
    prs, state = built.demo.prs, built.demo.state
    titles = [title_of(s) for s in prs.slides]
    # a slide split in parts is numbered (1/n) .. (n/n), in order
    n = 0
    while n < len(titles):
        found = SUFFIX.search(titles[n])
        if found:
            count = int(found.group(2))
            parts = titles[n : n + count]
            assert [SUFFIX.search(t).group(0) for t in parts] == [f" ({i}/{count})" for i in range(1, count + 1)]  # type: ignore[union-attr]
            n += count
        else:
            n += 1
    seen = [t for i, t in enumerate(map(base, titles)) if i == 0 or t != base(titles[i - 1])]
    expected = [
        state.name,
        "Kerncijfers",
        *(f"Matrix {v.name}: {v.row_label} × {v.col_label}" for v in views(state)),
        "Preventie: aandeel per niveau en per soort activiteit",
        *(f"Resultaat: {o['title']}" for o in OUTCOMES),
        "Witte vlekken: lege cellen",
        "Mogelijke dubbelingen",
        "Bijdrage per partner",
        "Wijzigingen sinds het vorige overleg",
        "Besluitpunten",
    ]
    assert seen == expected
    layouts = [s.slide_layout.name for s in prs.slides]
    assert layouts[:2] == [LAYOUT_TITLE, LAYOUT_KEYS]
    assert set(layouts) == {LAYOUT_TITLE, LAYOUT_KEYS, LAYOUT_TABLE, LAYOUT_CHART, LAYOUT_TEXT}
    # a deck for aldermen stays short
    assert len(prs.slides) <= 30


def test_the_deck_is_16_9_with_footer_and_slide_numbers(built: Built) -> None:
    prs = built.demo.prs
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)
    title = prs.slides[0]
    assert "20 januari 2027" in all_text(title) and "Bestuurlijk overleg" in all_text(title)
    for n, slide in enumerate(list(prs.slides)[1:], 2):
        furniture = {shape.placeholder_format.type: shape.text_frame.text for shape in slide.placeholders}
        texts = list(furniture.values())
        assert any(t.startswith("Gemeente Voorbeeld 2027 · bestuurlijk overleg 20 januari 2027") for t in texts)
        assert str(n) in texts  # the slide number field, with its current value


def test_key_figures_count_the_live_state(built: Built) -> None:
    state = built.demo.state
    slide = slides_of(built.demo.prs, "Kerncijfers")[0]
    acts = list(state.live("activity"))
    figures = {
        num(len(acts)): "activiteiten",
        num(sum(1 for _ in state.live("partner"))): "partners",
        num(sum(1 for _ in state.live("outcome"))): "maatschappelijke resultaten",
        num(sum(int(a.fields["reach"] or 0) for a in acts)): "bereik per jaar",
    }
    tiles = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE]
    assert len(tiles) == 4
    read = {t.text_frame.paragraphs[0].text: t.text_frame.paragraphs[1].text for t in tiles}
    assert set(read) == set(figures)
    for value, label in figures.items():
        assert read[value].startswith(label)
    findings = body_paragraphs(slide)
    assert findings[0] == "Wat opvalt"
    assert any("12 van de 40 cellen zijn leeg" in f for f in findings)
    assert any("'Minder jongeren drinken alcohol of roken'" in f for f in findings)


def test_heat_maps_count_each_cell_and_mark_exactly_the_white_spots(built: Built) -> None:
    prs, state = built.demo.prs, built.demo.state
    for matrix in sorted(state.live("matrix"), key=lambda m: m.fields["position"]):
        view = build_view(state, matrix)
        slides = slides_of(prs, f"Matrix {view.name}: {view.row_label} × {view.col_label}")
        assert slides
        seen: dict[tuple[str, str], str] = {}
        for slide in slides:
            (table,) = tables(slide)
            assert table[0][0] == view.row_label
            cols = [c.replace(ZWSP, "") for c in table[0][1:]]
            for row in table[1:]:
                for col, text in zip(cols, row[1:], strict=True):
                    seen[(row[0], col)] = text
        expected = {
            (r.label, c.label): str(len(view.cell(r.id, c.id))) if view.cell(r.id, c.id) else SPOT_MARK
            for r in view.rows
            for c in view.cols
        }
        assert seen == expected
        spots = {key for key, text in seen.items() if text == SPOT_MARK}
        assert spots == {(r.label, c.label) for r, c in view.empty_cells()}


def test_prevention_is_a_native_chart_of_the_level_and_tier_shares(built: Built) -> None:
    (slide,) = slides_of(built.demo.prs, "Preventie: aandeel per niveau en per soort activiteit")
    assert not [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    levels, tiers = charts(slide)
    prev = built.analysis.prevention
    for chart, dist in ((levels, prev.levels), (tiers, prev.tiers)):
        assert chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
        plot = chart.plots[0]
        assert len(list(plot.categories)) == len(dist.items)
        for shown, item in zip(plot.categories, dist.items, strict=True):
            assert same_label(shown, item.label)
        by_name = {s.name: list(s.values) for s in plot.series}
        assert by_name["% van de activiteiten"] == pytest.approx([c.share for c in dist.items])
        assert by_name["% van het bereik"] == pytest.approx([c.reach_share for c in dist.items])
        assert sum(by_name["% van de activiteiten"]) == pytest.approx(100.0)
    assert [c.label for c in prev.levels.items] == ["universeel", "selectief", "geïndiceerd", "zorggericht"]
    assert list(levels.plots[0].categories) == ["universeel", "selectief", "geïndiceerd", "zorggericht"]
    note = all_text(slide)
    assert prev.warning in note.replace("\n", " ")


def test_partner_contributions_are_a_native_chart_of_activity_counts(built: Built) -> None:
    state = built.demo.state
    slides = slides_of(built.demo.prs, "Bijdrage per partner")
    owned: dict[str, int] = {}
    for act in state.live("activity"):
        owned[act.fields["partner"]] = owned.get(act.fields["partner"], 0) + 1
    names = {p.id: p.fields["name"] for p in state.live("partner")}
    read: list[tuple[str, float]] = []
    for slide in slides:
        (chart,) = charts(slide)
        plot = chart.plots[0]
        own = next(s for s in plot.series if s.name == "Eigen activiteiten")
        # the first category is drawn at the bottom: the largest partner comes last, to be on top
        read += list(reversed(list(zip(plot.categories, own.values, strict=True))))
    assert len(read) == len(names)
    assert [v for _, v in read] == sorted((float(owned.get(p, 0)) for p in names), reverse=True)
    for category, value in read:
        matches = [p for p, name in names.items() if same_label(category, name)]
        assert any(owned.get(p, 0) == value for p in matches), category
    con = built.analysis.contribution
    assert [v for _, v in read] == [float(pc.total.activities) for pc in con.partners]


def test_outcome_slides_list_the_contributing_activities_and_partners(built: Built) -> None:
    state = built.demo.state
    partners = {p.id: p.fields["name"] for p in state.live("partner")}
    for o in OUTCOMES:
        oid = stable_id("demo", "outcome", o["key"])
        slides = slides_of(built.demo.prs, f"Resultaat: {o['title']}")
        assert slides
        acts = [a for a in state.live("activity") if oid in a.fields["outcomes"]]
        text = "\n".join(all_text(s) for s in slides)
        if not acts:
            assert "Geen enkele activiteit draagt bij aan dit resultaat" in text
            continue
        rows = [row for s in slides for t in tables(s) for row in t[1:]]
        listed = {name for _, cell in rows for name in cell.removeprefix("werkt mee aan: ").split(" · ")}
        owners = {re.sub(r" \(\d+\)$", "", partner): cell for partner, cell in rows if not cell.startswith("werkt")}
        for act in acts:
            assert act.fields["name"] in listed
            assert act.fields["name"] in owners[partners[act.fields["partner"]]].split(" · ")
        involved = {partners[p] for a in acts for p in [a.fields["partner"], *a.fields["co_partners"]]}
        assert {re.sub(r" \(\d+\)$", "", partner) for partner, _ in rows} == involved
        assert f"{len(acts)} activiteiten van {len(involved)} partners" in text


def test_white_spots_and_duplicates(built: Built) -> None:
    prs, state = built.demo.prs, built.demo.state
    rows = [row for s in slides_of(prs, "Witte vlekken: lege cellen") for t in tables(s) for row in t[1:]]
    for matrix in state.live("matrix"):
        view = build_view(state, matrix)
        listed = {
            (row[1], col)
            for row in rows
            if row[0] == view.name
            for col in ([c.label for c in view.cols] if row[2] == "alle kolommen" else row[2].split(", "))
        }
        assert listed == {(r.label, c.label) for r, c in view.empty_cells()}
    (dup,) = slides_of(prs, "Mogelijke dubbelingen")
    (table,) = tables(dup)
    assert table[0] == ["Activiteit", "Lijkt op", "Score", "Waarom"]
    pairs = built.analysis.duplicates.pairs
    assert len(table) - 1 == len(pairs) == 5
    for row, pair in zip(table[1:], pairs, strict=True):
        assert same_label(row[0], f"{pair.a_name} ({pair.a_partner_name})")
        assert same_label(row[1], f"{pair.b_name} ({pair.b_partner_name})")
        assert row[2] == f"{pair.score}%"
        assert row[3].startswith(f"tekst {pair.text_score}% gelijk; {pair.profile_score}% van de kenmerken gedeeld")


def test_changes_since_the_last_meeting(built: Built) -> None:
    (slide,) = slides_of(built.demo.prs, "Wijzigingen sinds het vorige overleg")
    (table,) = tables(slide)
    ch = built.analysis.changes
    assert ch.since is not None and (len(ch.added), len(ch.changed), len(ch.removed)) == (0, 1, 0)
    assert [row[0] for row in table[1:]] == [c.name for c in ch.changed]
    assert table[1][2:] == ["gewijzigd", "bereik (aantal per jaar)"]
    assert "Sinds OOGO najaar (12 oktober 2026): 0 toegevoegd, 1 gewijzigd en 0 verwijderd." in all_text(slide)


def test_besluitpunten_show_the_demo_decisions_in_order(built: Built) -> None:
    (slide,) = slides_of(built.demo.prs, "Besluitpunten")
    assert body_paragraphs(slide) == [" ".join(d.split()) for d in DECISIONS]


def test_progress_goes_from_0_to_100_in_dutch(built: Built) -> None:
    progress = built.demo.progress
    percents = [p for p, _ in progress]
    assert percents[0] == 0 and percents[-1] == 100 and percents == sorted(percents)
    assert all(isinstance(m, str) and m for _, m in progress)
    assert "Presentatie klaar" in [m for _, m in progress]
    assert any(m.startswith("Resultaat '") for _, m in progress)


def test_deck_filename_is_safe() -> None:
    assert deck_filename("demo", date(2027, 1, 20)) == "bestuurlijk-overleg-demo-2027-01-20.pptx"
    assert deck_filename("../Gemeente X/", date(2027, 1, 20)) == "bestuurlijk-overleg-gemeente-x-2027-01-20.pptx"


# ---------------------------------------------------------------- an empty workspace


def test_a_workspace_without_activities_gives_a_valid_deck(built: Built) -> None:
    prs = built.empty.prs
    titles = [base(title_of(s)) for s in prs.slides]
    assert titles[0] == EMPTY_NAME  # markup-like text stays text
    assert titles[1] == "Kerncijfers"
    assert "Er zijn nog geen activiteiten ingevuld" in all_text(prs.slides[1])
    for view in views(built.empty.state):
        (slide,) = slides_of(prs, f"Matrix {view.name}: {view.row_label} × {view.col_label}")
        if not view.rows or not view.cols:  # outcomes or partners as an axis: none yet
            assert "Deze matrix heeft nog geen rijen of kolommen." in all_text(slide)
            continue
        (table,) = tables(slide)
        assert {text for row in table[1:] for text in row[1:]} == {SPOT_MARK}
    for title, message in (
        ("Preventie: aandeel per niveau en per soort activiteit", "nog geen activiteiten"),
        ("Bijdragen per maatschappelijk resultaat", "nog geen maatschappelijke resultaten"),
        ("Mogelijke dubbelingen", "geen activiteiten gevonden"),
        ("Bijdrage per partner", "nog geen partners"),
        ("Wijzigingen sinds het vorige overleg", "nog geen eerder overleg"),
    ):
        (slide,) = slides_of(prs, title)
        assert message in all_text(slide)
        assert not charts(slide)


def test_besluitpunten_open_first_escaped_and_cut_short(built: Built) -> None:
    slides = slides_of(built.empty.prs, "Besluitpunten")
    paragraphs = [p for s in slides for p in body_paragraphs(s)]
    assert paragraphs[0] == "Eerste open punt: <b>vet</b> & 'aanhalingstekens' blijven gewoon tekst."
    assert paragraphs[1].endswith("…") and len(paragraphs[1]) < len(LONG_DECISION) * 0.8
    assert LONG_DECISION.startswith(paragraphs[1][:-1].rstrip())
    assert paragraphs[2] == "Oud besluit: de werkgroep is opgeheven. (genomen)"
    # the numbering continues in position order, open ones first
    numbers = [
        p._p.pPr.find("{http://schemas.openxmlformats.org/drawingml/2006/main}buAutoNum").get("startAt")
        for s in slides
        for shape in s.shapes
        if shape.shape_type == MSO_SHAPE_TYPE.TEXT_BOX
        for p in shape.text_frame.paragraphs
    ]
    assert numbers == ["1", "2", "3"]


# ---------------------------------------------------------------- nothing runs off a slide

AVG_EM = 0.5  # a lenient mean character width in em (Calibri about 0.47, DejaVu Sans about 0.53)


def estimate_lines(text: str, width_pt: float, size: float, bold: bool) -> int:
    """Lines of greedy word wrap with a mean character width: an independent, lenient estimate."""
    char = size * AVG_EM * (1.1 if bold else 1.0)
    lines, used = 1, 0.0
    for word in text.split():
        w = len(word) * char
        if used and used + char + w > width_pt:
            lines += 1
            used = 0.0
        if w > width_pt:
            lines += int(w // width_pt)
            w = w % width_pt
        used = used + char + w if used else w
    return lines


def _size(paragraph: Any) -> float:
    """The largest font size set in a paragraph (runs and fields), 18 pt when none is set."""
    sizes = [int(sz) / 100 for sz in paragraph._p.xpath("./a:r/a:rPr/@sz | ./a:fld/a:rPr/@sz")]
    return max(sizes) if sizes else 18.0


def _frames(prs: PresentationType) -> Iterator[tuple[int, Any]]:
    for n, slide in enumerate(prs.slides, 1):
        for shape in slide.shapes:
            yield n, shape


@pytest.mark.parametrize("which", ["demo", "empty"])
def test_every_text_fits_its_box_by_estimate(built: Built, which: str) -> None:
    assert_fits(getattr(built, which).prs)


def assert_fits(prs: PresentationType) -> None:
    """Every shape on its slide, every text within its box, every table above the note (by estimate)."""
    width, height = prs.slide_width, prs.slide_height
    for n, shape in _frames(prs):
        where = f"dia {n}, {shape.name}"
        assert shape.left >= 0 and shape.top >= 0, where
        assert shape.left + shape.width <= width and shape.top + shape.height <= height, where
        if shape.has_text_frame and shape.text_frame.text:
            tf = shape.text_frame
            insets = [m if m is not None else d for m, d in ((tf.margin_left, 91440), (tf.margin_right, 91440))]
            vertical = [m if m is not None else 45720 for m in (tf.margin_top, tf.margin_bottom)]
            need = sum(vertical) / POINT
            for p in tf.paragraphs:
                size = _size(p)
                indent = int(p._p.pPr.get("marL", 0)) if p._p.pPr is not None else 0
                room = (shape.width - sum(insets) - indent) / POINT
                bold = any(r.font.bold for r in p.runs)
                need += (p.space_before.pt if p.space_before is not None else 0.0) + estimate_lines(
                    p.text, room, size, bold
                ) * size * 1.2
            assert need <= shape.height / POINT + 0.5, f"{where}: {need:.0f} pt nodig, {shape.height / POINT:.0f} pt"
        if shape.has_table:
            table = shape.table
            rows_h = sum(r.height for r in table.rows)
            assert shape.top + rows_h <= height, where
            notes = [p for p in shape.part.slide.placeholders if p.placeholder_format.idx == 2]
            for note in notes:
                assert shape.top + rows_h <= note.top, f"{where}: de tabel loopt over de toelichting"
            for r, row in enumerate(table.rows):
                for c, cell in enumerate(row.cells):
                    p = cell.text_frame.paragraphs[0]
                    size = _size(p)
                    room = (table.columns[c].width - cell.margin_left - cell.margin_right) / POINT
                    bold = any(run.font.bold for run in p.runs)
                    need = estimate_lines(p.text, room, size, bold) * size * 1.2
                    need += (cell.margin_top + cell.margin_bottom) / POINT
                    assert need <= row.height / POINT + 0.5, f"{where}, cel ({r}, {c}): {p.text!r}"


def _pdf_words(pdf: Path) -> list[tuple[float, float, list[tuple[float, float, float, float, str]]]]:
    """Per page: width, height and the words with their boxes (points), as pdftotext -bbox gives them."""
    out = pdf.with_suffix(".html")
    subprocess.run(["pdftotext", "-bbox", str(pdf), str(out)], check=True, timeout=120)
    ns = "{http://www.w3.org/1999/xhtml}"
    pages = []
    for page in ElementTree.parse(out).getroot().iter(f"{ns}page"):
        words = [
            (float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")), float(w.get("yMax")), w.text or "")
            for w in page.iter(f"{ns}word")
        ]
        pages.append((float(page.get("width")), float(page.get("height")), words))
    return pages


@pytest.mark.parametrize("which", ["demo", "leeg"])
def test_libreoffice_renders_one_page_per_slide_and_no_text_runs_off(
    built: Built, rendered: dict[str, Path], which: str
) -> None:
    deck = built.demo if which == "demo" else built.empty
    pages = _pdf_words(rendered[which])
    assert len(pages) == len(deck.prs.slides)
    tolerance = 3.0  # points: glyph boxes may stick out of a text box's edge a little
    for n, ((width, height, words), slide) in enumerate(zip(pages, deck.prs.slides, strict=True), 1):
        assert width == pytest.approx(deck.prs.slide_width / POINT, abs=1)
        assert height == pytest.approx(deck.prs.slide_height / POINT, abs=1)
        boxes = [
            (s.left / POINT, s.top / POINT, (s.left + s.width) / POINT, (s.top + s.height) / POINT)
            for s in slide.shapes
            if s.has_chart or s.has_table or (s.has_text_frame and s.text_frame.text)
        ]
        assert words or n > 0
        for x0, y0, x1, y1, text in words:
            assert x0 >= 0 and x1 <= width and y0 >= 0 and y1 <= height, f"dia {n}: {text!r} valt buiten de dia"
            assert any(
                bx0 - tolerance <= x0 and x1 <= bx1 + tolerance and by0 - tolerance <= y0 and y1 <= by1 + tolerance
                for bx0, by0, bx1, by1 in boxes
            ), f"dia {n}: {text!r} ({x0:.0f},{y0:.0f})-({x1:.0f},{y1:.0f}) loopt buiten zijn vak"
    if which == "demo":
        pngs = sorted(ARTIFACTS.glob("demo-*.png"))
        assert len(pngs) == len(deck.prs.slides)
        assert all(p.stat().st_size > 1000 for p in pngs)


# ---------------------------------------------------------------- the template


def test_committed_template_is_current() -> None:
    from templates_office import build_deck_template

    buf = io.BytesIO()
    build_deck_template.build().save(buf)
    fresh = build_deck_template.reproducible(buf.getvalue())
    assert fresh == (TEMPLATE_DIR / TEMPLATE_FILE).read_bytes(), (
        "templates_office/deck-template.pptx is stale: run python -m templates_office.build_deck_template"
    )


def test_a_template_missing_a_layout_is_refused_in_dutch(built: Built, tmp_path: Path) -> None:
    prs = Presentation(str(TEMPLATE_DIR / TEMPLATE_FILE))
    layout = next(lay for lay in prs.slide_layouts if lay.name == LAYOUT_CHART)
    layout._element.cSld.set("name", "Grafiek met logo")
    path = tmp_path / "huisstijl.pptx"
    prs.save(str(path))
    with pytest.raises(DeckTemplateError) as info:
        build_deck(built.empty.state, template=path)
    message = str(info.value)
    assert "Het sjabloon mist de dia-indeling 'matrixsync Grafiek'" in message
    assert "templates_office/README.md" in message

    path.write_bytes(b"geen presentatie")
    with pytest.raises(DeckTemplateError, match="kan niet worden geopend als PowerPoint-presentatie"):
        build_deck(built.empty.state, template=path)


def test_a_house_template_with_example_slides_starts_empty(built: Built, tmp_path: Path) -> None:
    prs = Presentation(str(TEMPLATE_DIR / TEMPLATE_FILE))
    example = prs.slides.add_slide(next(lay for lay in prs.slide_layouts if lay.name == LAYOUT_TEXT))
    example.shapes.title.text = "Voorbeelddia van de huisstijl"  # type: ignore[union-attr]
    path = tmp_path / "huisstijl.pptx"
    prs.save(str(path))
    deck = Presentation(io.BytesIO(build_deck(built.empty.state, template=path)))
    titles = [title_of(s) for s in deck.slides]
    assert titles[0] == EMPTY_NAME
    assert "Voorbeelddia van de huisstijl" not in titles
    assert len(titles) == len(built.empty.prs.slides)


def test_a_template_without_note_placeholders_keeps_notes_apart(built: Built, tmp_path: Path) -> None:
    prs = Presentation(str(TEMPLATE_DIR / TEMPLATE_FILE))
    for layout in prs.slide_layouts:
        if layout.name in (LAYOUT_TABLE, LAYOUT_CHART):
            for ph in list(layout.placeholders):
                if ph.placeholder_format.idx == 2:
                    ph._element.getparent().remove(ph._element)
    path = tmp_path / "zonder-toelichting.pptx"
    prs.save(str(path))
    deck = Presentation(io.BytesIO(build_deck(built.demo.state, built_analyses(built.demo.state), template=path)))
    assert_fits(deck)
    notes = 0
    for slide in deck.slides:
        content = [s for s in slide.shapes if s.has_table or s.has_chart]
        boxes = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.TEXT_BOX]
        if content and boxes:
            notes += 1
            assert max(s.top + s.height for s in content) <= min(b.top for b in boxes), title_of(slide)
    assert notes >= 5


def built_analyses(state: WorkspaceState) -> dict[str, Analysis]:
    since = max(int(m.fields["seq"]) for m in state.live("meeting"))
    return {v.id: analyse(state, v.id, since) for v in views(state)}
