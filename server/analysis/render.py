"""The analysis as plain Dutch text, for the command line."""

from __future__ import annotations

from .model import Section


def sections_text(sections: list[Section]) -> str:
    out: list[str] = []
    for section in sections:
        out += [section.title, "=" * len(section.title), section.question, ""]
        out += [f"- {line}" for line in section.lines]
        for table in section.tables:
            out += ["", f"{table.title}:"]
            widths = [len(h) for h in table.headers]
            rows = [["" if c is None else str(c) for c in row] for row in table.rows]
            for row in rows:
                widths = [max(w, len(c)) for w, c in zip(widths, row, strict=False)]
            out.append("  ".join(h.ljust(w) for h, w in zip(table.headers, widths, strict=False)))
            out += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=False)) for row in rows]
        out.append("")
    return "\n".join(out)
