"""The three-way merge rules, pure: what happens to each uploaded cell."""

from __future__ import annotations

from typing import Any

from server.domain.merge import MergeResult, UploadedRow, base_row, merge_upload
from server.domain.mutation import Principal
from tests.test_domain import CJG, Doc

FIELDS = ["name", "description", "partner", "reach", "status", "age_bands"]
UPLOADER = Principal("m-cjg", "w", "p-cjg", "partner", "CJG", "upload")


def base_of(doc: Doc, *ids: str) -> dict[str, dict[str, Any]]:
    return {i: base_row({f: doc.fields(i).get(f) for f in FIELDS}, doc.state.seq) for i in ids}


def row(
    n: int, ident: str | None, delete: bool = False, errors: dict[str, str] | None = None, **values: Any
) -> UploadedRow:
    return UploadedRow(n, ident, delete, values, errors or {})


def merge(doc: Doc, base: dict[str, dict[str, Any]], *rows: UploadedRow) -> MergeResult:
    return merge_upload(doc.state, UPLOADER, base, list(rows), FIELDS, lambda name: f"new-{name.lower()}", "p-cjg")


def outcomes(result: MergeResult) -> list[tuple[str, str]]:
    return [(e.field, e.outcome) for e in result.entries]


def test_each_case_of_the_three_way_merge() -> None:
    doc = Doc()
    base = base_of(doc, "a-1")
    # live: description and status change after the export
    doc.apply(CJG, [{"op": "set", "type": "activity", "id": "a-1", "field": "description", "value": "live"}])
    doc.apply(CJG, [{"op": "set", "type": "activity", "id": "a-1", "field": "status", "value": "uitbreiden"}])
    result = merge(
        doc,
        base,
        row(2, "a-1", name="Spreekuur", reach=30, description="", status="afbouwen", partner="p-cjg"),
    )
    assert sorted(outcomes(result)) == [("description", "kept"), ("reach", "applied"), ("status", "conflict")]
    reach_seq = doc.state.objects["a-1"].field_seq["reach"]
    assert result.ops == [
        {"op": "set", "type": "activity", "id": "a-1", "field": "reach", "value": 30, "base_seq": reach_seq},
    ]
    conflict = result.conflicts[0]
    assert (conflict.base, conflict.live, conflict.uploaded) == ("bestaand", "uitbreiden", "afbouwen")
    assert conflict.live_seq == doc.state.objects["a-1"].field_seq["status"]


def test_the_same_change_on_both_sides_is_no_conflict_and_merging_again_changes_nothing() -> None:
    doc = Doc()
    base = base_of(doc, "a-1")
    doc.apply(CJG, [{"op": "set", "type": "activity", "id": "a-1", "field": "reach", "value": 30}])
    first = merge(doc, base, row(2, "a-1", name="Spreekuur", reach=30, description="nieuw"))
    assert outcomes(first) == [("description", "applied")]
    doc.apply(UPLOADER, first.ops)
    first.stamp(doc.state.seq)
    again = merge(doc, first.new_base, row(2, "a-1", name="Spreekuur", reach=30, description="nieuw"))
    assert again.ops == [] and again.entries == []


def test_new_rows_are_created_for_the_partner_and_empty_rows_skipped() -> None:
    doc = Doc()
    result = merge(
        doc,
        {},
        row(3, None, name="Huiswerkbegeleiding", reach=12),
        row(4, None, partner="p-cjg"),  # a pre-filled empty row of the template
        row(5, None, description="zonder naam"),
    )
    assert result.ops == [
        {
            "op": "create",
            "type": "activity",
            "id": "new-huiswerkbegeleiding",
            "fields": {"name": "Huiswerkbegeleiding", "reach": 12, "partner": "p-cjg"},
        }
    ]
    assert outcomes(result) == [("", "created"), ("name", "rejected")]
    doc.apply(UPLOADER, result.ops)
    result.stamp(doc.state.seq)
    again = merge(doc, result.new_base, row(3, None, name="Huiswerkbegeleiding", reach=12))
    assert again.ops == [] and again.entries == []  # the same file twice: no duplicate, nothing reported
    edited = merge(doc, result.new_base, row(3, None, name="Huiswerkbegeleiding", reach=12, status="nieuw"))
    assert outcomes(edited) == [("status", "applied")]  # a later edit of the new row in the file still lands


def test_a_bad_cell_is_rejected_and_the_rest_of_the_row_still_merges() -> None:
    doc = Doc()
    base = base_of(doc, "a-1")
    result = merge(
        doc,
        base,
        row(2, "a-1", errors={"reach": "'veel' is geen getal"}, name="Spreekuur (nieuw)", age_bands=["bestaat-niet"]),
    )
    assert sorted(outcomes(result)) == [("age_bands", "rejected"), ("name", "applied"), ("reach", "rejected")]
    reasons = {e.field: e.reason for e in result.entries}
    assert reasons["reach"] == "'veel' is geen getal" and "geen waarde van de as Leeftijd" in reasons["age_bands"]


def test_deletion_needs_the_mark_and_an_unchanged_live_row() -> None:
    doc = Doc()
    doc.apply(CJG, [{"op": "create", "type": "activity", "id": "a-2", "fields": {"name": "Weg", "partner": "p-cjg"}}])
    base = base_of(doc, "a-1", "a-2")
    doc.apply(CJG, [{"op": "set", "type": "activity", "id": "a-1", "field": "reach", "value": 9}])
    result = merge(doc, base, row(2, "a-1", delete=True, name="Spreekuur"), row(3, "a-2", delete=True, name="Weg"))
    assert result.ops == [{"op": "delete", "type": "activity", "id": "a-2"}]
    assert outcomes(result) == [("", "rejected"), ("", "deleted")]
    assert "sinds uw download gewijzigd" in result.entries[0].reason


def test_rows_that_are_not_yours_or_unknown_or_doubled_are_rejected() -> None:
    doc = Doc()
    doc.apply(
        Principal("m-jgz", "w", "p-jgz", "partner", "JGZ"),
        [
            {
                "op": "create",
                "type": "activity",
                "id": "a-jgz",
                "fields": {"name": "Consultatiebureau", "partner": "p-jgz"},
            }
        ],
    )
    base = base_of(doc, "a-1", "a-jgz")
    result = merge(
        doc,
        base,
        row(2, "a-jgz", name="Consultatiebureau", reach=5),
        row(3, "zzz", name="Verzonnen"),
        row(4, "a-1", name="Spreekuur", reach=1),
        row(5, "a-1", name="Spreekuur", reach=2),
    )
    reasons = [(e.row, e.outcome, e.reason) for e in result.entries]
    assert reasons[0][:2] == (2, "rejected") and "eigen organisatie" in reasons[0][2]
    assert reasons[1][:2] == (3, "rejected") and "onbekend id" in reasons[1][2]
    assert reasons[2][:2] == (4, "applied")
    assert reasons[3][:2] == (5, "rejected") and "dubbel" in reasons[3][2]
