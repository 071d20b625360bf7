"""The ``matrixsync`` command as a user runs it: a real process, a real SQLite file, Dutch output."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import requests

from tests.conftest import LiveServer


def run(home: Path, *args: str, db: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MATRIXSYNC_HOME": str(home)}
    env.pop("MATRIXSYNC_DATABASE_URL", None)
    env.pop("MATRIXSYNC_SECRET_KEY", None)
    if db:
        env["MATRIXSYNC_DATABASE_URL"] = db
    return subprocess.run(
        [sys.executable, "-m", "server.cli", *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_demo_loads_once_and_a_token_opens_it(tmp_path: Path) -> None:
    assert run(tmp_path, "db", "upgrade").returncode == 0
    assert (tmp_path / "matrixsync.db").exists()
    first = run(tmp_path, "demo")
    assert first.returncode == 0 and "geladen" in first.stdout
    second = run(tmp_path, "demo")
    assert second.returncode == 0 and "was er al" in second.stdout

    token = run(tmp_path, "token", "--workspace", "demo", "--partner", "gemeente", "--role", "coordinator")
    assert token.returncode == 0, token.stderr
    secret = (tmp_path / "secret.key").read_text().strip()
    assert oct((tmp_path / "secret.key").stat().st_mode & 0o777) == "0o600"

    server = LiveServer(f"sqlite:///{tmp_path / 'matrixsync.db'}", tmp_path / "server.log", secret=secret)
    server.start()
    try:
        snap = requests.get(
            server.url + "/api/workspaces/demo", headers={"Authorization": f"Bearer {token.stdout.strip()}"}, timeout=10
        ).json()
    finally:
        server.stop()
    assert snap["name"] == "Gemeente Voorbeeld 2027"
    assert len(snap["objects"]["activity"]) >= 70
    assert len(snap["objects"]["partner"]) >= 10
    assert len(snap["objects"]["outcome"]) == 8


def test_errors_are_clear_and_change_nothing(tmp_path: Path) -> None:
    run(tmp_path, "workspace", "create", "gemeente-a", "Gemeente A 2027")
    bad = run(tmp_path, "token", "--workspace", "gemeente-a", "--partner", "nope", "--role", "partner")
    assert bad.returncode == 1 and "Partner 'nope' bestaat niet" in bad.stderr
    missing = run(tmp_path, "token", "--workspace", "nergens", "--partner", "x", "--role", "partner")
    assert missing.returncode == 1 and "Werkruimte 'nergens' bestaat niet" in missing.stderr
    slug = run(tmp_path, "workspace", "create", "Gemeente A!", "Naam")
    assert slug.returncode == 1 and "Ongeldige korte naam" in slug.stderr
    again = run(tmp_path, "workspace", "create", "gemeente-a", "Gemeente A 2027")
    assert again.returncode == 0 and "bestond al" in again.stdout


def test_every_workspace_command_refuses_a_missing_workspace_alike(tmp_path: Path) -> None:
    out = tmp_path / "uit"
    for command, *rest in (
        ["analyse"],
        ["workbook", "-o", str(out)],
        ["deck", "-o", str(out)],
        ["template", "-o", str(out)],
        ["link", "--partner", "x", "--role", "partner"],
        ["invite", "--partner", "x", "--email", "a@b.nl"],
    ):
        refused = run(tmp_path, command, "--workspace", "nergens", *rest)
        assert (refused.returncode, refused.stdout) == (1, ""), command
        assert refused.stderr == "Fout: Werkruimte 'nergens' bestaat niet.\n", command
    assert not out.exists()


def test_the_excel_round_trip_and_reports_from_the_command_line(tmp_path: Path) -> None:
    import json

    import openpyxl

    assert run(tmp_path, "demo").returncode == 0
    template = tmp_path / "cjg.xlsx"
    out = run(tmp_path, "template", "--workspace", "demo", "--partner", "cjg", "-o", str(template))
    assert out.returncode == 0, out.stderr
    wb = openpyxl.load_workbook(template)
    ws = wb["Activiteiten"]
    headers = [c.value for c in ws[1]]
    ws.cell(2, headers.index("Bereik per jaar (aantal)") + 1).value = 4321
    wb.save(template)
    merged = run(tmp_path, "merge", str(template), "--workspace", "demo", "--json")
    assert merged.returncode == 0, merged.stderr
    report = json.loads(merged.stdout)
    assert report["summary"]["applied"] == 1 and report["seq"] > 0
    text = run(tmp_path, "merge", str(template), "--workspace", "demo")
    assert "niets gewijzigd" in text.stdout

    bad = tmp_path / "kapot.xlsx"
    bad.write_bytes(b"geen excel")
    refused = run(tmp_path, "merge", str(bad), "--workspace", "demo")
    assert refused.returncode == 1 and "geen Excel-bestand" in refused.stderr

    book = tmp_path / "matrix.xlsx"
    assert run(tmp_path, "workbook", "--workspace", "demo", "-o", str(book)).returncode == 0
    assert "Preventiematrix" in openpyxl.load_workbook(book).sheetnames
    analysis = run(tmp_path, "analyse", "--workspace", "demo")
    assert analysis.returncode == 0 and "witte vlekken" in analysis.stdout
