"""The presentation-neutral shape of analysis results, rendered alike by the workbook, the deck and the
board: sections (one per question) holding sentences and tables. Every row can name the activities behind
it, so each figure is traceable."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Cell = str | int | float | None


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    # per row, the ids of the activities the row's figures count (same length as rows, or empty)
    sources: list[list[str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"title": self.title, "headers": self.headers, "rows": self.rows, "sources": self.sources}


@dataclass
class Section:
    key: str  # fit | duplicates | diversity | coherence | prevention | contribution | changes
    title: str  # Dutch heading
    question: str  # the question of DOMAIN.md it answers, in Dutch
    lines: list[str] = field(default_factory=list)  # key findings as Dutch sentences
    tables: list[Table] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "question": self.question,
            "lines": self.lines,
            "tables": [t.as_dict() for t in self.tables],
        }
