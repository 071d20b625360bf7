"""The domain rules, pure: validation with Dutch messages, authorization, references, tombstones."""

from __future__ import annotations

from typing import Any

import pytest

from server.domain.axes import AXES
from server.domain.mutation import Principal, parse_mutation, system_principal
from server.domain.rules import Rejected, plan
from server.domain.schema import Invalid, validate_field, validate_object
from server.domain.state import StoredObject, WorkspaceState
from server.sync.workspaces import default_ops

COORD = Principal("m-coord", "w", "p-gem", "coordinator", "Coördinator")
CJG = Principal("m-cjg", "w", "p-cjg", "partner", "CJG")
JGZ = Principal("m-jgz", "w", "p-jgz", "partner", "JGZ")
VIEWER = Principal("m-view", "w", "p-cjg", "viewer", "Kijker")


class Doc:
    """A workspace state that applies mutations through the real planner, like the sync core does."""

    def __init__(self) -> None:
        self.state = WorkspaceState(1, "w", "Test")
        self.n = 0
        self.apply(system_principal("w"), default_ops("w"))
        self.apply(
            system_principal("w"),
            [
                {"op": "create", "type": "partner", "id": "p-gem", "fields": {"name": "Gemeente", "slug": "gemeente"}},
                {"op": "create", "type": "partner", "id": "p-cjg", "fields": {"name": "CJG", "slug": "cjg"}},
                {"op": "create", "type": "partner", "id": "p-jgz", "fields": {"name": "JGZ", "slug": "jgz"}},
                {"op": "create", "type": "outcome", "id": "o-1", "fields": {"title": "Gezonde leefstijl"}},
                {"op": "create", "type": "activity", "id": "a-1", "fields": {"name": "Spreekuur", "partner": "p-cjg"}},
            ],
        )

    def apply(self, who: Principal, ops: list[dict[str, Any]]) -> list[dict[str, Any]]:
        self.n += 1
        seq = self.state.seq + 1
        result = plan(
            self.state, who, parse_mutation({"client_id": "t", "mutation_id": self.n, "ops": ops}), seq, "now"
        )
        self.state.install(result.changed, seq)
        return result.ops

    def value(self, axis: str, label: str) -> str:
        return next(
            v.id for v in self.state.live("axis_value") if v.fields["axis"] == axis and v.fields["label"] == label
        )

    def fields(self, obj_id: str) -> dict[str, Any]:
        obj = self.state.get(obj_id)
        assert isinstance(obj, StoredObject)
        return obj.fields


@pytest.fixture
def doc() -> Doc:
    return Doc()


def test_new_workspace_has_the_default_axes_and_views(doc: Doc) -> None:
    for axis in AXES.values():
        labels = [v.fields["label"] for v in doc.state.live("axis_value") if v.fields["axis"] == axis.key]
        assert labels == list(axis.defaults)
    assert "geïndiceerd" in [v.fields["label"] for v in doc.state.live("axis_value")]
    views = {m.fields["name"]: (m.fields["row_axis"], m.fields["col_axis"]) for m in doc.state.live("matrix")}
    assert views["Preventiematrix"] == ("theme", "prevention_level")
    assert views["Activiteiten (3B)"] == ("outcomes", "tier")


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("reach", "12", "bereik (aantal per jaar): moet een geheel getal zijn"),
        ("reach", -1, "moet minstens 0 zijn"),
        ("reach", True, "moet een geheel getal zijn"),
        ("name", "", "naam: mag niet leeg zijn"),
        ("name", "x" * 201, "te lang (hoogstens 200 tekens)"),
        ("status", "klaar", "status: moet een van deze waarden zijn"),
        ("databank_url", "javascript:alert(1)", "heeft een ongeldige vorm"),
        ("age_bands", "0-4", "moet een lijst zijn"),
        ("shoe_size", 42, "is geen bekend veld"),
    ],
)
def test_bad_field_values_get_a_dutch_message_naming_the_field(field: str, value: Any, expected: str) -> None:
    with pytest.raises(Invalid) as err:
        validate_field("activity", field, value)
    assert expected in str(err.value)
    assert err.value.issues[0].field == field


def test_valid_values_are_normalized() -> None:
    assert validate_field("activity", "name", "  Opvoedcursus ") == "Opvoedcursus"
    assert validate_field("activity", "budget", 1200) == 1200
    fields = validate_object("activity", {"name": "X", "partner": "p"})
    assert fields["status"] == "bestaand" and fields["age_bands"] == []


def test_create_without_required_fields_is_refused() -> None:
    with pytest.raises(Invalid) as err:
        validate_object("activity", {"description": "geen naam"})
    text = str(err.value)
    assert "naam: is verplicht" in text and "partner: is verplicht" in text


def test_a_partner_edits_only_its_own_activities(doc: Doc) -> None:
    doc.apply(CJG, [{"op": "set", "type": "activity", "id": "a-1", "field": "reach", "value": 40}])
    assert doc.fields("a-1")["reach"] == 40
    with pytest.raises(Rejected, match="alleen de activiteiten van uw eigen organisatie"):
        doc.apply(JGZ, [{"op": "set", "type": "activity", "id": "a-1", "field": "reach", "value": 1}])
    with pytest.raises(Rejected, match="alleen de activiteiten van uw eigen organisatie"):
        doc.apply(CJG, [{"op": "set", "type": "activity", "id": "a-1", "field": "partner", "value": "p-jgz"}])
    with pytest.raises(Rejected, match="eigen organisatie"):
        doc.apply(JGZ, [{"op": "create", "type": "activity", "id": "a-2", "fields": {"name": "X", "partner": "p-cjg"}}])
    assert doc.fields("a-1")["reach"] == 40 and doc.state.get("a-2") is None


def test_viewers_change_nothing_and_partners_not_the_axes(doc: Doc) -> None:
    with pytest.raises(Rejected, match="kijker"):
        doc.apply(VIEWER, [{"op": "set", "type": "activity", "id": "a-1", "field": "reach", "value": 1}])
    with pytest.raises(Rejected, match="Alleen de regisseur"):
        doc.apply(CJG, [{"op": "set", "type": "outcome", "id": "o-1", "field": "title", "value": "Anders"}])


def test_comments_are_authored_by_the_server(doc: Doc) -> None:
    ops = doc.apply(
        JGZ, [{"op": "create", "type": "comment", "id": "c-1", "fields": {"target": "a-1", "text": "Mooi!"}}]
    )
    assert ops[0]["fields"]["author"] == "m-jgz"
    with pytest.raises(Rejected, match="door de server ingevuld"):
        doc.apply(
            JGZ,
            [
                {
                    "op": "create",
                    "type": "comment",
                    "id": "c-2",
                    "fields": {"target": "a-1", "text": "x", "author": "m-cjg"},
                }
            ],
        )
    with pytest.raises(Rejected, match="eigen opmerkingen"):
        doc.apply(CJG, [{"op": "set", "type": "comment", "id": "c-1", "field": "text", "value": "Niet mooi"}])


def test_axis_values_must_exist_on_the_right_axis(doc: Doc) -> None:
    universeel = doc.value("prevention_level", "universeel")
    baby = doc.value("age_band", "0-4 jaar")
    doc.apply(CJG, [{"op": "set", "type": "activity", "id": "a-1", "field": "prevention_level", "value": universeel}])
    with pytest.raises(Rejected, match="geen waarde van de as Preventieniveau"):
        doc.apply(CJG, [{"op": "set", "type": "activity", "id": "a-1", "field": "prevention_level", "value": baby}])
    with pytest.raises(Rejected, match="meer dan eens"):
        doc.apply(CJG, [{"op": "set", "type": "activity", "id": "a-1", "field": "age_bands", "value": [baby, baby]}])
    with pytest.raises(Rejected, match="onbekende partner"):
        doc.apply(CJG, [{"op": "set", "type": "activity", "id": "a-1", "field": "co_partners", "value": ["p-nope"]}])


def test_retiring_a_value_in_use_is_refused_until_it_is_free(doc: Doc) -> None:
    universeel = doc.value("prevention_level", "universeel")
    doc.apply(CJG, [{"op": "set", "type": "activity", "id": "a-1", "field": "prevention_level", "value": universeel}])
    retire = [{"op": "set", "type": "axis_value", "id": universeel, "field": "retired", "value": True}]
    with pytest.raises(
        Rejected, match="'universeel' kan niet vervallen: nog in gebruik bij 1 activiteiten \\('Spreekuur'\\)"
    ):
        doc.apply(COORD, retire)
    doc.apply(CJG, [{"op": "set", "type": "activity", "id": "a-1", "field": "prevention_level", "value": None}])
    doc.apply(COORD, retire)
    with pytest.raises(Rejected, match="is vervallen"):
        doc.apply(
            CJG, [{"op": "set", "type": "activity", "id": "a-1", "field": "prevention_level", "value": universeel}]
        )


def test_rename_reorder_and_add_axis_values(doc: Doc) -> None:
    selectief = doc.value("prevention_level", "selectief")
    doc.apply(
        COORD,
        [
            {"op": "set", "type": "axis_value", "id": selectief, "field": "label", "value": "selectieve preventie"},
            {"op": "set", "type": "axis_value", "id": selectief, "field": "position", "value": 9.0},
            {"op": "create", "type": "axis_value", "id": "av-new", "fields": {"axis": "theme", "label": "eenzaamheid"}},
        ],
    )
    assert doc.fields(selectief)["label"] == "selectieve preventie"
    assert doc.fields("av-new")["axis"] == "theme"
    with pytest.raises(Rejected, match="onbekende as"):
        doc.apply(
            COORD, [{"op": "create", "type": "axis_value", "id": "av-x", "fields": {"axis": "kleur", "label": "rood"}}]
        )


def test_delete_is_a_tombstone_that_can_be_restored(doc: Doc) -> None:
    doc.apply(CJG, [{"op": "delete", "type": "activity", "id": "a-1"}])
    obj = doc.state.get("a-1")
    assert obj is not None and obj.deleted and obj.deleted_by == "m-cjg"
    assert "a-1" not in [a["id"] for a in doc.state.snapshot()["objects"].get("activity", [])]
    with pytest.raises(Rejected, match="is verwijderd; zet het eerst terug"):
        doc.apply(JGZ, [{"op": "set", "type": "activity", "id": "a-1", "field": "name", "value": "x"}])
    ops = doc.apply(CJG, [{"op": "restore", "type": "activity", "id": "a-1"}])
    assert ops[0]["fields"]["name"] == "Spreekuur" and not doc.state.objects["a-1"].deleted


def test_a_partner_in_use_cannot_be_deleted(doc: Doc) -> None:
    with pytest.raises(Rejected, match="nog in gebruik bij 1 activiteiten of leden"):
        doc.apply(COORD, [{"op": "delete", "type": "partner", "id": "p-cjg"}])


def test_a_mutation_applies_whole_or_not_at_all(doc: Doc) -> None:
    before = doc.state.seq
    with pytest.raises(Rejected, match="Bewerking 2"):
        doc.apply(
            CJG,
            [
                {"op": "set", "type": "activity", "id": "a-1", "field": "reach", "value": 5},
                {"op": "set", "type": "activity", "id": "a-1", "field": "reach", "value": "vijf"},
            ],
        )
    assert doc.fields("a-1")["reach"] is None and doc.state.seq == before


def test_each_field_remembers_its_last_write(doc: Doc) -> None:
    doc.apply(CJG, [{"op": "set", "type": "activity", "id": "a-1", "field": "reach", "value": 5}])
    reach_seq = doc.state.seq
    doc.apply(CJG, [{"op": "set", "type": "activity", "id": "a-1", "field": "description", "value": "x"}])
    obj = doc.state.objects["a-1"]
    assert obj.field_seq["reach"] == reach_seq and obj.field_seq["description"] == doc.state.seq


@pytest.mark.parametrize(
    "payload",
    [
        "mutate",
        [],
        None,
        {"client_id": "c", "mutation_id": 1},
        {"client_id": "c", "mutation_id": 1, "ops": {}},
        {"client_id": "c", "mutation_id": 1, "ops": []},
        {"client_id": "c", "mutation_id": -1, "ops": [{"op": "delete", "type": "activity", "id": "a"}]},
        {"client_id": "c" * 500, "mutation_id": 1, "ops": [{"op": "delete", "type": "activity", "id": "a"}]},
        {"client_id": "c", "mutation_id": "1", "ops": [{"op": "delete", "type": "activity", "id": "a"}]},
        {"client_id": "c", "mutation_id": 1, "ops": [{"op": "drop", "type": "activity", "id": "a"}]},
        {"client_id": "c", "mutation_id": 1, "ops": [{"op": "delete", "type": "table", "id": "a"}]},
        {"client_id": "c", "mutation_id": 1, "ops": [{"op": "delete", "type": "activity", "id": "../etc"}]},
        {"client_id": "c", "mutation_id": 1, "ops": [{"op": "delete", "type": "activity", "id": "a", "x": 1}]},
        {"client_id": "c", "mutation_id": 1, "ops": [{"op": "delete", "type": "activity", "id": "a"}] * 2001},
        {"client_id": "c", "mutation_id": 1, "ops": [], "extra": True},
    ],
)
def test_malformed_mutations_are_refused_in_dutch(payload: Any) -> None:
    with pytest.raises(Invalid) as err:
        parse_mutation(payload)
    message = str(err.value)
    assert message and "Traceback" not in message
    assert any(word in message for word in ("moet", "onbekend", "ongeldig", "ontbreekt", "juiste vorm"))


def test_a_stale_editor_is_refused_when_it_names_the_seq_it_saw(doc: Doc) -> None:
    doc.apply(CJG, [{"op": "set", "type": "activity", "id": "a-1", "field": "reach", "value": 5}])
    seen = doc.state.seq
    doc.apply(CJG, [{"op": "set", "type": "activity", "id": "a-1", "field": "reach", "value": 6, "base_seq": seen}])
    with pytest.raises(Rejected, match="is intussen gewijzigd"):
        doc.apply(CJG, [{"op": "set", "type": "activity", "id": "a-1", "field": "reach", "value": 7, "base_seq": seen}])
    assert doc.fields("a-1")["reach"] == 6


def test_conflicts_come_only_from_uploads_and_only_coordinators_resolve_them(doc: Doc) -> None:
    conflict = {"activity": "a-1", "field": "reach", "base": 1, "live": 2, "uploaded": 3}
    create = [{"op": "create", "type": "conflict", "id": "k-1", "fields": conflict}]
    with pytest.raises(Rejected, match="alleen door een upload"):
        doc.apply(COORD, create)
    doc.apply(Principal("m-cjg", "w", "p-cjg", "partner", "CJG", "upload"), create)
    resolve = [{"op": "set", "type": "conflict", "id": "k-1", "field": "resolved", "value": True}]
    with pytest.raises(Rejected, match="Alleen de regisseur"):
        doc.apply(CJG, resolve)
    doc.apply(COORD, resolve)
    assert doc.fields("k-1")["resolved"] is True
