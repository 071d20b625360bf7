"""LibreOffice headless for the tests: open, convert and re-save the workbooks and decks we produce.

Each call gets its own user profile: conversions that share one profile silently lose output (DESIGN.md).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.services import component_missing

TIMEOUT = 180


def soffice() -> str:
    for name in ("soffice", "libreoffice"):
        path = shutil.which(name)
        if path:
            return path
    component_missing("LibreOffice", "soffice niet gevonden (scripts/install-test-deps.sh installeert het)")


def convert(src: Path, target: str, outdir: Path) -> Path:
    """Convert ``src`` with LibreOffice to ``target`` (e.g. ``pdf``, ``csv``, ``xlsx:Calc MS Excel 2007 XML``).

    Returns the produced file; raises AssertionError with LibreOffice's output when nothing was produced,
    which is what a file LibreOffice cannot open looks like.
    """
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        proc = subprocess.run(
            [
                soffice(),
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--norestore",
                "--nologo",
                "--convert-to",
                target,
                "--outdir",
                str(outdir),
                str(src),
            ],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
    ext = target.split(":")[0]
    out = outdir / f"{src.stem}.{ext}"
    assert out.exists() and out.stat().st_size > 0, f"LibreOffice produced nothing: {proc.stdout}{proc.stderr}"
    return out


def resave_xlsx(src: Path, outdir: Path) -> Path:
    """Open an xlsx in Calc and save it again as xlsx, as a partner with LibreOffice would."""
    return convert(src, "xlsx:Calc MS Excel 2007 XML", outdir)


def to_pdf(src: Path, outdir: Path) -> Path:
    return convert(src, "pdf", outdir)
