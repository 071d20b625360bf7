"""The analysis of the six questions: on small hand-made workspaces every figure is worked out here, and on
the demo workspace every figure is checked against a direct count over the live state."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rapidfuzz import fuzz

from server.analysis import Analysis, analyse, analyse_all
from server.analysis.duplicates import PROFILE_FIELDS, TEXT_MIN, THRESHOLD, _text, _within_reach, normalize
from server.demo import load_demo
from server.demo_data import ACTIVITIES, OUTCOMES
from server.domain.axes import AXES
from server.domain.matrix import MatrixView, build_view, views
from server.domain.mutation import parse_mutation, system_principal
from server.domain.rules import plan
from server.domain.state import StoredObject, WorkspaceState
from server.storage.store import Store, upgrade
from server.sync.core import SyncCore
from server.sync.workspaces import default_ops, run_system, stable_id

SECTION_KEYS = ["fit", "duplicates", "diversity", "coherence", "prevention", "contribution", "changes"]
ADVICE_TO_STOP = ("stoppen", "stop ", "afbouwen", "afgebouwd", "schrappen", "beëindig", "opheffen")


class Doc:
    """A workspace state that applies mutations through the real planner, and keeps the ops log."""

    def __init__(self) -> None:
        self.state = WorkspaceState(1, "w", "Gemeente Test")
        self.log: list[dict[str, Any]] = []
        self.apply(default_ops("w"))

    def apply(self, ops: list[dict[str, Any]]) -> int:
        seq = self.state.seq + 1
        mutation = parse_mutation({"client_id": "t", "mutation_id": seq, "ops": ops})
        result = plan(self.state, system_principal("w"), mutation, seq, "now")
        self.state.install(result.changed, seq)
        self.log.append({"seq": seq, "actor": "system", "at": f"t{seq}", "ops": result.ops})
        return seq

    def value(self, axis: str, label: str) -> str:
        return next(
            v.id for v in self.state.live("axis_value") if v.fields["axis"] == axis and v.fields["label"] == label
        )

    def activity(self, act_id: str, name: str, partner: str, **fields: Any) -> dict[str, Any]:
        axes = {
            "prevention_level": "prevention_level",
            "tier": "tier",
            "po_level": "po_level",
            "age_bands": "age_band",
            "domains": "domain",
            "themes": "theme",
            "protective_factors": "protective_factor",
        }
        out: dict[str, Any] = {"name": name, "partner": partner}
        for key, value in fields.items():
            if key in axes and isinstance(value, list):
                out[key] = [self.value(axes[key], v) for v in value]
            elif key in axes and value is not None:
                out[key] = self.value(axes[key], value)
            else:
                out[key] = value
        return {"op": "create", "type": "activity", "id": act_id, "fields": out}


def partners_and_outcomes(doc: Doc) -> None:
    doc.apply(
        [
            {"op": "create", "type": "partner", "id": "p-gem", "fields": {"name": "Gemeente", "slug": "gemeente"}},
            {"op": "create", "type": "partner", "id": "p-cjg", "fields": {"name": "CJG", "slug": "cjg"}},
            {"op": "create", "type": "partner", "id": "p-jgz", "fields": {"name": "JGZ", "slug": "jgz"}},
            {"op": "create", "type": "outcome", "id": "o-1", "fields": {"title": "Ouders zeker", "position": 1.0}},
            {"op": "create", "type": "outcome", "id": "o-2", "fields": {"title": "Gezond gewicht", "position": 2.0}},
            {"op": "create", "type": "outcome", "id": "o-3", "fields": {"title": "Minder alcohol", "position": 3.0}},
        ]
    )


OPVOED = "van opvoedingsonzeker tot opvoedprobleem"
GEWICHT = "van ongezond gewicht tot overgewicht"


def small() -> Doc:
    """Five live activities and one deleted one; every figure below is worked out from this."""
    doc = Doc()
    partners_and_outcomes(doc)
    common = {"themes": [OPVOED], "prevention_level": "universeel", "tier": "preventieve activiteiten"}
    doc.apply(
        [
            doc.activity(
                "a1", "Opvoedcursus", "p-cjg", co_partners=["p-gem"], age_bands=["0-4 jaar", "4-12 jaar"],
                domains=["gezin"], form="groep", outcomes=["o-1"], reach=100, budget=10000.0, **common,
            ),
            doc.activity(
                "a2", "Opvoedavond", "p-jgz", age_bands=["4-12 jaar"], domains=["gezin", "kinderopvang/school"],
                form="groep", outcomes=["o-1"], reach=50, budget=5000.0, **common,
            ),
            doc.activity(
                "a4", "Gezonde school", "p-gem", themes=[GEWICHT], prevention_level="selectief",
                tier="versterken van de basis", age_bands=["4-12 jaar"], domains=["kinderopvang/school"],
                form="collectief", outcomes=["o-2"], budget=2000.0,
            ),
            doc.activity("a5", "Spreekuur jeugdarts", "p-jgz", form="individueel", reach=30, status="afbouwen"),
            doc.activity(
                "a6", "Residentiële opvang", "p-gem", themes=[GEWICHT], prevention_level="zorggericht",
                tier="intensieve en gespecialiseerde ondersteuning", age_bands=["12-18 jaar"], form="individueel",
                outcomes=["o-2"], reach=5, budget=50000.0, status="stoppen",
            ),
            doc.activity("a7", "Weg", "p-cjg", themes=[OPVOED], prevention_level="geïndiceerd", outcomes=["o-3"]),
        ]
    )  # fmt: skip
    doc.apply([{"op": "delete", "type": "activity", "id": "a7"}])
    return doc


def all_sources(result: Analysis) -> set[str]:
    return {s for sec in result.sections() for t in sec.tables for row in t.sources for s in row}


# --- small, hand-made workspaces: exact figures -------------------------------------------------------


def test_fit_on_a_small_workspace() -> None:
    doc = small()
    result = analyse(doc.state)
    fit = result.fit
    assert result.matrix_name == "Preventiematrix" and fit.cells == 40
    # a1 and a2 share (opvoed, universeel); a4 is (gewicht, selectief); a6 is (gewicht, zorggericht)
    assert len(fit.empty_cells) == 37
    assert [(c.row_label, c.col_label) for c in fit.single_partner_cells] == [
        (GEWICHT, "selectief"),
        (GEWICHT, "zorggericht"),
    ]
    assert [a.id for a in fit.unplaced] == ["a5"]
    links = {o.outcome: (o.activities, sorted(o.partners)) for o in fit.outcomes}
    assert links == {
        "o-1": (["a2", "a1"], ["p-cjg", "p-gem", "p-jgz"]),  # activities sorted by name
        "o-2": (["a4", "a6"], ["p-gem"]),
        "o-3": ([], []),  # a7 linked to it, but a7 is deleted
    }
    assert [o.outcome for o in fit.outcomes_without_activity] == ["o-3"]
    assert [a.id for a in fit.unlinked] == ["a5"]
    assert {(a.id, a.status) for a in fit.phasing_out} == {("a5", "afbouwen"), ("a6", "stoppen")}
    assert "a7" not in all_sources(result) and '"a7"' not in json.dumps(result.as_dict())
    lines = " ".join(result.sections()[0].lines)
    assert "37 van de 40 cellen leeg" in lines and "'Minder alcohol'" in lines


def test_prevention_shares_on_a_small_workspace() -> None:
    prev = analyse(small().state).prevention
    levels = {c.label: c for c in prev.levels.items}
    assert list(levels) == ["universeel", "selectief", "geïndiceerd", "zorggericht", "onbekend"]
    assert {k: c.activities for k, c in levels.items()} == {
        "universeel": 2,
        "selectief": 1,
        "geïndiceerd": 0,
        "zorggericht": 1,
        "onbekend": 1,  # a5 has no level: counted, not dropped
    }
    assert {k: c.share for k, c in levels.items()} == pytest.approx(
        {"universeel": 40.0, "selectief": 20.0, "geïndiceerd": 0.0, "zorggericht": 20.0, "onbekend": 20.0}
    )
    assert prev.levels.total_reach == 185  # a4 has no reach
    assert levels["universeel"].reach == 150 and levels["universeel"].reach_share == pytest.approx(150 / 185 * 100)
    assert levels["selectief"].reach == 0 and levels["selectief"].reach_unknown == 1
    assert levels["onbekend"].sources == ["a5"] and levels["universeel"].sources == ["a2", "a1"]
    assert sum(c.share for c in prev.levels.items) == pytest.approx(100)
    assert sum(c.reach_share for c in prev.levels.items) == pytest.approx(100)
    assert sum(c.budget_share for c in prev.levels.items) == pytest.approx(100)
    assert prev.universal_share == pytest.approx(40) and prev.indicated_share == pytest.approx(20)
    assert prev.more_universal
    by_count = prev.pyramid[0]
    assert by_count.measure == "activiteiten" and not by_count.follows
    assert [(i.wider_label, i.narrower_label) for i in by_count.inversions] == [("geïndiceerd", "zorggericht")]
    tiers = {c.label: c.activities for c in prev.tiers.items}
    assert tiers == {
        "versterken van de basis": 1,
        "preventieve activiteiten": 2,
        "activiteiten bij hulpvragen": 0,
        "intensieve en gespecialiseerde ondersteuning": 1,
        "onbekend": 1,
    }


def test_the_prevention_section_reports_and_warns_but_never_advises_stopping() -> None:
    for state in (small().state, demo_state()):
        sec = next(s for s in analyse(state).sections() if s.key == "prevention")
        assert any("geen advies" in line and "probleemcijfer" in line for line in sec.lines)
        for line in sec.lines:
            assert not any(word in line.lower() for word in ADVICE_TO_STOP), line


def test_diversity_on_a_small_workspace() -> None:
    div = analyse(small().state).diversity
    ages = {c.label: c.sources for c in div.age_bands.items}
    assert ages == {
        "zwangerschap (-9 mnd)": [],
        "0-4 jaar": ["a1"],
        "4-12 jaar": ["a4", "a2", "a1"],
        "12-18 jaar": ["a6"],
        "18-23 jaar": [],
        "onbekend": ["a5"],
    }
    assert div.age_bands.empty == ["zwangerschap (-9 mnd)", "18-23 jaar"]
    assert div.age_bands.multi and div.age_bands.total == 5
    assert {c.label: c.activities for c in div.forms.items} == {"individueel": 2, "groep": 2, "collectief": 1}
    assert sum(c.share for c in div.forms.items) == pytest.approx(100)
    domains = {c.label: c.activities for c in div.domains.items}
    assert domains["gezin"] == 2 and domains["kinderopvang/school"] == 2 and domains["onbekend"] == 2
    assert "online" in div.domains.empty
    themes = {c.label: c.activities for c in div.themes.items}
    assert themes[OPVOED] == 2 and themes[GEWICHT] == 2 and themes["onbekend"] == 1
    assert len(div.themes.empty) == 8
    assert {c.label for c in div.protective_factors.items if c.activities} == {"onbekend"}


def test_coherence_on_a_small_workspace() -> None:
    coh = analyse(small().state).coherence
    cells = {(c.partner, c.outcome): (c.owned, c.co_delivered) for c in coh.table}
    assert cells == {
        ("p-cjg", "o-1"): (["a1"], []),
        ("p-gem", "o-1"): ([], ["a1"]),
        ("p-gem", "o-2"): (["a4", "a6"], []),
        ("p-jgz", "o-1"): (["a2"], []),
    }
    pairs = {(p.a, p.b): (p.co_delivered, p.shared_outcomes) for p in coh.pairs}
    assert pairs == {
        ("p-cjg", "p-gem"): (["a1"], ["o-1"]),
        ("p-cjg", "p-jgz"): ([], ["o-1"]),
        ("p-gem", "p-jgz"): ([], ["o-1"]),
    }
    assert [o.outcome for o in coh.single_partner_outcomes] == ["o-2"]
    steps = {(s.outcome, s.tier_label): s.activities for s in coh.chain if s.activities}
    assert steps == {
        ("o-1", "preventieve activiteiten"): ["a2", "a1"],
        ("o-2", "versterken van de basis"): ["a4"],
        ("o-2", "intensieve en gespecialiseerde ondersteuning"): ["a6"],
    }
    sec = next(s for s in analyse(small().state).sections() if s.key == "coherence")
    table = sec.tables[0]
    assert table.headers == ["Partner", "Ouders zeker", "Gezond gewicht", "Minder alcohol"]
    assert dict(zip([r[0] for r in table.rows], table.rows, strict=True))["Gemeente"] == ["Gemeente", 1, 2, 0]
    assert table.sources[[r[0] for r in table.rows].index("Gemeente")] == ["a1", "a4", "a6"]


def test_contribution_on_a_small_workspace() -> None:
    con = analyse(small().state).contribution
    by = {pc.partner: pc for pc in con.partners}
    gem, cjg, jgz = by["p-gem"], by["p-cjg"], by["p-jgz"]
    assert (gem.total.activities, gem.total.reach, gem.total.budget) == (2, 5, 52000.0)
    assert gem.total.reach_unknown == 1 and gem.co_delivered == ["a1"]
    assert [(c.key, c.sources) for c in gem.outcomes] == [("o-2", ["a4", "a6"])]
    assert (cjg.total.activities, cjg.total.reach, cjg.total.budget) == (1, 100, 10000.0)
    assert (jgz.total.activities, jgz.total.reach, jgz.total.budget, jgz.total.budget_unknown) == (2, 80, 5000.0, 1)
    assert [(c.key, c.label, c.sources) for c in jgz.outcomes] == [
        ("o-1", "Ouders zeker", ["a2"]),
        ("", "geen resultaat gekoppeld", ["a5"]),
    ]
    assert (con.total_reach, con.total_budget) == (185, 67000.0)


def test_a_retired_value_still_counts_where_activities_use_it() -> None:
    doc = small()
    retired = doc.value("age_band", "4-12 jaar")
    obj = doc.state.get(retired)
    assert obj is not None
    obj.fields["retired"] = True  # as after an import of old data: the rules refuse retiring a used value
    unused = doc.state.get(doc.value("age_band", "18-23 jaar"))
    assert unused is not None
    unused.fields["retired"] = True
    div = analyse(doc.state).diversity
    ages = {c.label: c.activities for c in div.age_bands.items}
    assert ages["4-12 jaar (vervallen)"] == 3
    assert "18-23 jaar" not in ages and "18-23 jaar (vervallen)" not in ages  # retired and unused: gone


# --- duplicates ------------------------------------------------------------------------------------------


def test_duplicates_are_similar_activities_of_different_partners_in_one_cell() -> None:
    doc = Doc()
    partners_and_outcomes(doc)
    cell = {"themes": [OPVOED], "prevention_level": "universeel", "form": "groep", "outcomes": ["o-1"]}
    text = "Groepscursus van vier avonden voor ouders over positief opvoeden en grenzen stellen."
    doc.apply(
        [
            doc.activity("c1", "Opvoedcursus Positief Opvoeden", "p-cjg", description=text,
                         age_bands=["0-4 jaar", "4-12 jaar"], **cell),
            doc.activity("c2", "Cursus positief opvoeden voor ouders", "p-jgz", description=text + " In de wijk.",
                         age_bands=["4-12 jaar"], **cell),
            # same text, same partner as c1: never a pair
            doc.activity("c3", "Opvoedcursus Positief Opvoeden (Noord)", "p-cjg", description=text,
                         age_bands=["4-12 jaar"], **cell),
            # same text, another partner, but no shared age band
            doc.activity("c4", "Opvoedcursus Positief Opvoeden voor tieners", "p-gem", description=text,
                         age_bands=["12-18 jaar"], **cell),
            # same cell, overlapping ages, different partner, unrelated
            doc.activity("c5", "Voorlezen in de bibliotheek", "p-gem",
                         description="Bibliotheekmedewerkers lezen wekelijks prentenboeken voor aan peuters.",
                         age_bands=["0-4 jaar"], **cell),
            # the same text as c1 by another partner, but in another cell
            doc.activity("c6", "Opvoedcursus Positief Opvoeden", "p-gem", description=text,
                         age_bands=["4-12 jaar"], **(cell | {"prevention_level": "selectief"})),
        ]
    )  # fmt: skip
    dups = analyse(doc.state).duplicates
    found = {(p.a, p.b) for p in dups.pairs}
    assert found == {("c2", "c1"), ("c2", "c3")}
    pair = next(p for p in dups.pairs if p.b == "c1")
    assert pair.a_partner == "p-jgz" and pair.b_partner == "p-cjg"
    assert pair.score >= THRESHOLD and pair.cells == [f"{OPVOED} x universeel"]
    assert pair.shared_age_bands == ["4-12 jaar"]
    assert f"dezelfde cel '{OPVOED} x universeel'" in pair.why and "4-12 jaar" in pair.why
    assert f"naam, omschrijving en bijdrage {pair.text_score}% gelijk" in pair.why
    assert f"{pair.profile_score}% van de kenmerken gedeeld" in pair.why
    sec = next(s for s in analyse(doc.state).sections() if s.key == "duplicates")
    assert sec.tables[0].sources == [[p.a, p.b] for p in dups.pairs]


def straightforward_duplicates(view: MatrixView) -> tuple[int, list[tuple[Any, ...]]]:
    """The duplicate search as server/analysis/duplicates.py defines it, cell by cell and pair by pair with no
    shortcut: (pairs compared, the flagged pairs as (a, b, score, text, profile, cells) in report order)."""
    axes = {AXES[a].field if a in AXES else a for a in (view.row_axis, view.col_axis)}
    fields = [f for f in PROFILE_FIELDS if f not in axes]

    def text(act: StoredObject) -> str:
        f = act.fields
        return normalize(f"{f['name']} {f.get('description', '')} {f.get('contribution', '')}")

    def values(act: StoredObject) -> set[tuple[str, str]]:
        out = set()
        for fld in fields:
            value = act.fields.get(fld)
            out |= {(fld, v) for v in (value if isinstance(value, list) else [value] if value else [])}
        return out

    compared = 0
    seen: dict[frozenset[str], list[Any] | None] = {}  # in the order met; None: compared, not flagged
    for r in view.rows:
        for c in view.cols:
            cell = view.cell(r.id, c.id)
            for i, x in enumerate(cell):
                for y in cell[i + 1 :]:
                    if x.fields["partner"] == y.fields["partner"]:
                        continue
                    compared += 1
                    ax, ay = set(x.fields.get("age_bands") or ()), set(y.fields.get("age_bands") or ())
                    if ax and ay and not ax & ay:
                        continue
                    key = frozenset((x.id, y.id))
                    if key not in seen:
                        score = fuzz.token_set_ratio(text(x), text(y))
                        vx, vy = values(x), values(y)
                        profile = 100.0 * len(vx & vy) / len(vx | vy) if vx | vy else 0.0
                        flagged = score >= TEXT_MIN and round((score + profile) / 2) >= THRESHOLD
                        a, b = (x, y) if x.fields["name"].lower() <= y.fields["name"].lower() else (y, x)
                        seen[key] = (
                            [a, b, round((score + profile) / 2), round(score), round(profile), []] if flagged else None
                        )
                    pair = seen[key]
                    if pair is not None:
                        pair[5].append(f"{r.label} x {c.label}")
    pairs = sorted(
        (p for p in seen.values() if p is not None), key=lambda p: (-p[2], p[0].fields["name"], p[1].fields["name"])
    )
    return compared, [(a.id, b.id, score, t, pr, cells) for a, b, score, t, pr, cells in pairs]


def random_workspace(seed: int, activities: int = 160) -> Doc:
    """Activities with random attributes and texts from a small vocabulary, a third of them reworded copies of
    an earlier one (often by another partner), so that many pairs land near the thresholds."""
    rng = random.Random(seed)
    doc = Doc()
    partners_and_outcomes(doc)
    doc.apply(
        [
            {"op": "create", "type": "partner", "id": f"p-{n}", "fields": {"name": f"Partner {n}", "slug": f"p{n}"}}
            for n in range(3)
        ]
    )
    labels: dict[str, list[str]] = {}
    for v in doc.state.live("axis_value"):
        labels.setdefault(v.fields["axis"], []).append(v.fields["label"])
    partners = ["p-gem", "p-cjg", "p-jgz", "p-0", "p-1", "p-2"]
    vocabulary = (
        "ouders kinderen jongeren opvoeden cursus training groep school wijk gezin spreekuur sport bewegen pesten "
        "weerbaarheid gezond gewicht angst somberheid begeleiding huisbezoek coach maatje buurthuis jeugdarts "
        "consultatiebureau lessen positief grenzen stellen samen veilig thuis vroeg signaleren geïndiceerd "
        "ouder-kind (0-4) café’s de het en we doen zodat"
    )
    words = vocabulary.split()

    def some(axis: str, most: int) -> list[str]:
        return rng.sample(labels[axis], rng.randint(0, most))

    made: list[dict[str, Any]] = []
    ops = []
    for n in range(activities):
        if made and rng.random() < 0.35:
            fields = dict(rng.choice(made))
            fields["name"] = " ".join(w if rng.random() < 0.8 else rng.choice(words) for w in fields["name"].split())
            fields["description"] = " ".join(
                w if rng.random() < 0.8 else rng.choice(words) for w in fields["description"].split()
            )
            if rng.random() < 0.7:
                fields["partner"] = rng.choice(partners)
            if rng.random() < 0.5:
                fields["age_bands"] = some("age_band", 2)
        else:
            fields = {
                "name": " ".join(rng.sample(words, rng.randint(1, 4))).capitalize(),
                "description": " ".join(rng.choice(words) for _ in range(rng.randint(0, 14))),
                "contribution": rng.choice(["", "We doen dit, zodat " + " ".join(rng.sample(words, 3)) + "."]),
                "partner": rng.choice(partners),
                "prevention_level": rng.choice([None, *labels["prevention_level"]]),
                "tier": rng.choice([None, *labels["tier"]]),
                "po_level": rng.choice([None, *labels["po_level"]]),
                "form": rng.choice([None, "individueel", "groep", "collectief"]),
                "age_bands": some("age_band", 3),
                "domains": some("domain", 2),
                "themes": some("theme", 3),
                "protective_factors": some("protective_factor", 2),
                "outcomes": rng.sample(["o-1", "o-2", "o-3"], rng.randint(0, 2)),
            }
            made.append(fields)
        ops.append(doc.activity(f"r{n:03d}", **{k: v for k, v in fields.items() if v is not None}))
    doc.apply(ops)
    return doc


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_duplicate_search_finds_what_the_straightforward_search_finds(seed: int) -> None:
    doc = random_workspace(seed)
    together = analyse_all(doc.state)
    assert list(together) == [v.id for v in views(doc.state)] and len(together) >= 3
    flagged = 0
    for view in views(doc.state):
        compared, want = straightforward_duplicates(view)
        for dups in (analyse(doc.state, view.id).duplicates, together[view.id].duplicates):
            got = [(p.a, p.b, p.score, p.text_score, p.profile_score, p.cells) for p in dups.pairs]
            assert (dups.compared, got) == (compared, want), view.name
        flagged += len(want)
    assert flagged >= 20  # the comparison means something: pairs found, in several cells


def test_the_text_bound_is_never_below_the_text_score() -> None:
    # the duplicate search leaves out the pairs whose bound falls short of the score they need
    rng = random.Random(7)
    vocabulary = "a ab abc ba kind kinderen kinderopvang ouder ouders opvoeden opvoedcursus school xq zzz 12 2027"
    texts = [_text(" ".join(rng.sample(vocabulary.split(), rng.randint(0, 9))), "", "") for _ in range(400)]
    texts_words = [(t, frozenset(t.split())) for t in texts]
    kept = 0
    for x in texts_words[:80]:
        scores = [fuzz.token_set_ratio(x[0], y) for y in texts]
        assert {n for n, score in enumerate(scores) if score > 0} <= set(_within_reach(x, texts_words, scores))
        kept += len(_within_reach(x, texts_words, [min(100.0, score + 10) for score in scores]))
    assert kept < 80 * len(texts) / 2  # and it does leave pairs out


def test_analyse_all_is_analyse_for_every_view() -> None:
    state = demo_state()
    since = next(state.live("meeting")).fields["seq"]
    together = analyse_all(state, since)
    assert list(together) == [v.id for v in views(state)]
    for view_id, result in together.items():
        assert result.as_dict() == analyse(state, view_id, since).as_dict()
    assert analyse_all(WorkspaceState(1, "leeg", "Leeg")) == {}


# --- changes since a meeting ----------------------------------------------------------------------------


def test_changes_since_a_seq_from_the_log_and_from_the_state() -> None:
    doc = small()
    since = doc.state.seq
    doc.apply([doc.activity("n1", "Nieuw spreekuur", "p-cjg")])
    doc.apply([{"op": "set", "type": "activity", "id": "a1", "field": "reach", "value": 120}])
    doc.apply([{"op": "set", "type": "activity", "id": "a1", "field": "name", "value": "Opvoedcursus Plus"}])
    doc.apply([{"op": "set", "type": "activity", "id": "a1", "field": "reach", "value": 130}])
    doc.apply([{"op": "delete", "type": "activity", "id": "a2"}])
    doc.apply([{"op": "set", "type": "activity", "id": "a4", "field": "budget", "value": 1.0}])
    doc.apply([{"op": "delete", "type": "activity", "id": "a4"}])  # changed, then removed: removed
    doc.apply([doc.activity("t1", "Even proberen", "p-cjg")])
    doc.apply([{"op": "delete", "type": "activity", "id": "t1"}])  # came and went: not reported
    doc.apply([{"op": "set", "type": "activity", "id": "n1", "field": "reach", "value": 5}])  # still "added"
    doc.apply([{"op": "set", "type": "partner", "id": "p-cjg", "field": "name", "value": "CJG Voorbeeld"}])
    log = [ev for ev in doc.log if ev["seq"] > since]

    for ch in (analyse(doc.state, since=since, changes=log).changes, analyse(doc.state, since=since).changes):
        assert ch.since == since and ch.until == doc.state.seq
        assert [(c.id, c.name, c.partner_name) for c in ch.added] == [("n1", "Nieuw spreekuur", "CJG Voorbeeld")]
        assert [(c.id, c.name, c.fields) for c in ch.changed] == [("a1", "Opvoedcursus Plus", ["name", "reach"])]
        assert ch.changed[0].field_labels == ["naam", "bereik (aantal per jaar)"]
        assert [(c.id, c.name) for c in ch.removed] == [("a4", "Gezonde school"), ("a2", "Opvoedavond")]
    ch = analyse(doc.state, since=since, changes=log).changes
    assert ch.from_log and ch.changed[0].actors == ["system"] and len(ch.changed[0].seqs) == 3
    sec = next(s for s in analyse(doc.state, since=since, changes=log).sections() if s.key == "changes")
    assert sec.lines[0].startswith(f"Sinds volgnummer {since}: 1 activiteit toegevoegd, 1 gewijzigd en 2 verwijderd")
    assert sec.tables[0].sources == [["n1"], ["a1"], ["a4"], ["a2"]]
    # nothing after the last seq
    assert not analyse(doc.state, since=doc.state.seq, changes=[]).changes.added


def test_changes_from_a_sync_core_log(sqlite_url: str) -> None:
    core = demo_core(sqlite_url)
    state = core.state("demo")
    since = state.seq
    first = stable_id("demo", "activity", "a01")
    other = stable_id("demo", "activity", "a02")
    partner = stable_id("demo", "partner", "cjg")
    run_system(
        core,
        "demo",
        "meeting",
        1,
        [
            {"op": "create", "type": "activity", "id": "new-1", "fields": {"name": "Nieuw", "partner": partner}},
            {"op": "set", "type": "activity", "id": first, "field": "status", "value": "afbouwen"},
        ],
    )
    run_system(core, "demo", "meeting", 2, [{"op": "delete", "type": "activity", "id": other}])
    ch = analyse(core.state("demo"), since=since, changes=core.ops_since("demo", since)).changes
    assert [c.id for c in ch.added] == ["new-1"]
    assert [(c.id, c.fields) for c in ch.changed] == [(first, ["status"])]
    assert [(c.id, c.name) for c in ch.removed] == [(other, "Leerplicht en RMC-verzuimaanpak")]
    assert ch.removed[0].last_at and ch.removed[0].actors == ["system"]
    core.store.dispose()


# --- empty workspaces ------------------------------------------------------------------------------------


@pytest.mark.parametrize("state", [WorkspaceState(1, "leeg", "Leeg"), Doc().state], ids=["bare", "defaults"])
def test_an_empty_workspace_gives_an_analysis_with_sensible_lines(state: WorkspaceState) -> None:
    result = analyse(state)
    data = json.loads(json.dumps(result.as_dict()))
    assert [s["key"] for s in data["sections"]] == SECTION_KEYS
    for sec in result.sections():
        assert sec.lines, sec.key
        assert all(line.strip() and line[0].isupper() and line.endswith(".") for line in sec.lines)
        for table in sec.tables:
            assert not table.rows or len(table.sources) == len(table.rows)
    assert result.totals.activities == 0 and not result.duplicates.pairs
    assert sum(c.share for c in result.prevention.levels.items) == 0
    if state.slug == "w":
        assert len(result.fit.empty_cells) == 40
        assert "Er zijn nog geen activiteiten" in " ".join(result.sections()[0].lines)


# --- the demo workspace: every figure against a direct count ------------------------------------------


def demo_core(url: str) -> SyncCore:
    store = Store(url)
    upgrade(store.engine)
    core = SyncCore(store)
    load_demo(core)
    return core


_DEMO: dict[str, SyncCore] = {}


def demo_state() -> WorkspaceState:
    return _DEMO["core"].state("demo")


@pytest.fixture(scope="module", autouse=True)
def _demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    core = demo_core(f"sqlite:///{Path(tmp_path_factory.mktemp('demo')) / 'demo.db'}")
    _DEMO["core"] = core
    yield
    core.store.dispose()


def act_id(key: str) -> str:
    return stable_id("demo", "activity", key)


def test_demo_white_spots_are_the_empty_cells_of_the_view() -> None:
    state = demo_state()
    result = analyse(state)
    view = next(v for v in views(state) if v.name == "Preventiematrix")
    assert result.matrix == view.id
    assert len(result.fit.empty_cells) == len(view.empty_cells())
    assert {(c.row, c.col) for c in result.fit.empty_cells} == {(r.id, c.id) for r, c in view.empty_cells()}
    single = {(r.id, c.id) for r in view.rows for c in view.cols if len(view.partners_in(r.id, c.id)) == 1}
    assert {(c.row, c.col) for c in result.fit.single_partner_cells} == single
    assert result.fit.grid == [[len(view.cell(r.id, c.id)) for c in view.cols] for r in view.rows]
    spots = {(c.row_label, c.col_label) for c in result.fit.empty_cells}
    assert {
        ("van dip tot depressie", "selectief"),
        ("van druk kind tot ADHD", "universeel"),
        ("van ongezond gewicht tot overgewicht", "geïndiceerd"),
    } <= spots
    assert [r.label for r in result.fit.empty_rows] == ["van experimenteren tot middelenmisbruik"]
    assert {a.id for a in result.fit.unplaced} == {a.id for a in view.unplaced}


def test_demo_outcome_without_activity_and_unlinked_activities() -> None:
    state = demo_state()
    result = analyse(state)
    o5 = stable_id("demo", "outcome", "o5")
    assert [o.outcome for o in result.fit.outcomes_without_activity] == [o5]
    title = next(o["title"] for o in OUTCOMES if o["key"] == "o5")
    fit_lines = " ".join(result.sections()[0].lines)
    assert f"Geen enkele activiteit draagt bij aan '{title}'" in fit_lines
    assert {a.id for a in result.fit.unlinked} == {act_id(a["key"]) for a in ACTIVITIES if not a["outcomes"]}
    assert len(result.fit.unlinked) == 5
    live = list(state.live("activity"))
    for link in result.fit.outcomes:
        assert sorted(link.activities) == sorted(a.id for a in live if link.outcome in a.fields["outcomes"])
    table = next(t for t in result.sections()[0].tables if t.title == "Bijdragen per resultaat")
    for row, sources in zip(table.rows, table.sources, strict=True):
        link = next(o for o in result.fit.outcomes if o.title == row[0])
        assert row[1] == len(sources) and sorted(sources) == sorted(link.activities)


def test_demo_intended_duplicates_are_found_and_nothing_else() -> None:
    state = demo_state()
    result = analyse(state)
    view = next(v for v in views(state) if v.id == result.matrix)
    intended = {("a09", "a14"), ("a15", "a28"), ("a31", "a44"), ("a19", "a45"), ("a33", "a43")}
    want = {frozenset((act_id(a), act_id(b))) for a, b in intended}
    found = {frozenset((p.a, p.b)) for p in result.duplicates.pairs}
    assert found == want
    for p in result.duplicates.pairs:
        a, b = state.get(p.a), state.get(p.b)
        assert isinstance(a, StoredObject) and isinstance(b, StoredObject)
        assert a.fields["partner"] != b.fields["partner"] == p.b_partner
        assert p.score >= THRESHOLD and p.shared_age_bands and p.why
        assert any(a in cell and b in cell for cell in view.cells.values())
    # the other views compare within their own cells; the known pairs are found there too
    for other in views(state):
        pairs = {frozenset((p.a, p.b)) for p in analyse(state, matrix_id=other.id).duplicates.pairs}
        assert {w for w in want if any(set(w) <= {a.id for a in c} for c in other.cells.values())} <= pairs


def test_demo_distributions_count_every_live_activity_once_per_value() -> None:
    state = demo_state()
    result = analyse(state)
    live = list(state.live("activity"))
    prev = result.prevention
    assert sum(c.activities for c in prev.levels.items) == len(live) == result.totals.activities
    assert sum(c.share for c in prev.levels.items) == pytest.approx(100)
    assert sum(c.reach_share for c in prev.levels.items) == pytest.approx(100)
    assert sum(c.share for c in prev.tiers.items) == pytest.approx(100)
    assert prev.levels.total_reach == sum(a.fields["reach"] or 0 for a in live) == result.totals.reach
    for c in prev.levels.items:
        assert sorted(c.sources) == sorted(a.id for a in live if (a.fields["prevention_level"] or "") == c.key)
    for dist, fld in (
        (result.diversity.age_bands, "age_bands"),
        (result.diversity.domains, "domains"),
        (result.diversity.themes, "themes"),
        (result.diversity.protective_factors, "protective_factors"),
    ):
        for c in dist.items:
            expected = [a.id for a in live if (c.key in a.fields[fld] if c.key else not a.fields[fld])]
            assert sorted(c.sources) == sorted(expected), (fld, c.label)
    themes = {c.label: c.activities for c in result.diversity.themes.items}
    assert themes["van experimenteren tot middelenmisbruik"] == 0
    assert "van experimenteren tot middelenmisbruik" in result.diversity.themes.empty
    assert "18-23 jaar" in result.diversity.age_bands.thin and "online" in result.diversity.domains.thin
    levels = {c.label: c.activities for c in prev.levels.items}
    assert levels["selectief"] == sum(1 for a in ACTIVITIES if a["prevention_level"] == "selectief")
    assert levels["selectief"] < levels["universeel"] and not prev.pyramid[0].follows


def test_demo_contribution_and_coherence_add_up() -> None:
    state = demo_state()
    result = analyse(state)
    live = list(state.live("activity"))
    for pc in result.contribution.partners:
        own = [a for a in live if a.fields["partner"] == pc.partner]
        assert sorted(pc.total.sources) == sorted(a.id for a in own)
        assert pc.total.budget == pytest.approx(sum(a.fields["budget"] or 0 for a in own))
        assert sorted(pc.co_delivered) == sorted(a.id for a in live if pc.partner in a.fields["co_partners"])
    for cell in result.coherence.table:
        takes_part = [a.id for a in live if cell.outcome in a.fields["outcomes"]]
        owned = [i for i in takes_part if state.objects[i].fields["partner"] == cell.partner]
        assert sorted(cell.owned) == sorted(owned)
    for o in result.coherence.single_partner_outcomes:
        assert len(o.partners) == 1


def test_demo_every_table_row_names_live_activities_and_the_result_is_json() -> None:
    state = demo_state()
    result = analyse(state)
    live = {a.id for a in state.live("activity")}
    sections = result.sections()
    assert [s.key for s in sections] == SECTION_KEYS
    counted = 0
    for sec in sections:
        assert sec.title and sec.question and sec.lines
        for table in sec.tables:
            assert len(table.sources) == len(table.rows), (sec.key, table.title)
            for row, sources in zip(table.rows, table.sources, strict=True):
                assert len(row) == len(table.headers), (sec.key, table.title)
                assert len(set(sources)) == len(sources)
                if "Activiteiten" in table.headers:  # a count of activities is the number of its sources
                    assert row[table.headers.index("Activiteiten")] == len(sources), (table.title, row)
                    counted += 1
            assert {s for row in table.sources for s in row} <= live
    assert counted > 50
    data = json.loads(json.dumps(result.as_dict()))
    assert data["duplicates"]["threshold"] == THRESHOLD
    assert {"fit", "duplicates", "diversity", "coherence", "prevention", "contribution", "changes"} <= set(data)
    assert data["totals"]["activities"] == len(live)


def test_demo_changes_since_its_meeting() -> None:
    core = _DEMO["core"]
    state = demo_state()
    meeting = next(m for m in state.live("meeting"))
    since = meeting.fields["seq"]
    assert 0 < since < state.seq
    for ch in (
        analyse(state, since=since, changes=core.ops_since("demo", since)).changes,
        analyse(state, since=since).changes,
    ):
        assert [(c.id, c.fields) for c in ch.changed] == [(act_id("a01"), ["reach"])]
        assert not ch.added and not ch.removed


def test_a_chosen_view_and_an_unknown_one() -> None:
    state = demo_state()
    matrix = next(m for m in state.live("matrix") if m.fields["name"] == "Leeftijd en leefdomein")
    result = analyse(state, matrix_id=matrix.id)
    view = build_view(state, matrix)
    assert result.matrix_name == "Leeftijd en leefdomein"
    assert len(result.fit.empty_cells) == len(view.empty_cells())
    with pytest.raises(KeyError):
        analyse(state, matrix_id="geen-matrix")
