"""Meetings and besluitpunten as the deck reads them from the state, and dates in Dutch."""

from __future__ import annotations

from datetime import date

from ...analysis.base import num
from ...domain.state import StoredObject, WorkspaceState
from .measure import clean

MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def dutch_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def latest_meeting(state: WorkspaceState) -> StoredObject | None:
    """The last meeting that took place: the highest start seq (a meeting not yet held has seq 0)."""
    held = [m for m in state.live("meeting") if int(m.fields.get("seq") or 0) > 0]
    return max(held, key=lambda m: (int(m.fields["seq"]), m.fields.get("date") or ""), default=None)


def meeting_for(state: WorkspaceState, since: int | None) -> StoredObject | None:
    """The meeting that started at ``since``, if any (the latest by date when there are several)."""
    if since is None:
        return None
    same = [m for m in state.live("meeting") if int(m.fields.get("seq") or 0) == since]
    return max(same, key=lambda m: m.fields.get("date") or "", default=None)


def meeting_label(meeting: StoredObject | None, since: int | None) -> str:
    """What changes are counted from, in a sentence: "OOGO najaar (12 oktober 2026)", or "wijziging 40"."""
    if meeting is None:
        return f"wijziging {num(since or 0)}"
    day = meeting.fields.get("date") or ""
    try:
        when = f" ({dutch_date(date.fromisoformat(day))})" if day else ""
    except ValueError:  # the schema checks the pattern, not the calendar: "2026-02-30" gets through
        when = f" ({day})"
    return clean(f"{meeting.fields.get('name') or 'het vorige overleg'}{when}")


def decisions(state: WorkspaceState) -> list[StoredObject]:
    """The besluitpunten: open ones first, then by position."""
    items = list(state.live("decision"))
    items.sort(key=lambda d: (d.fields.get("status", "open") != "open", float(d.fields.get("position", 0.0)), d.id))
    return items
