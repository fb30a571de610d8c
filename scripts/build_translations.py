"""Build Qt translation files: ``resources/translations/*.ts`` → ``*.qm`` (run by setup.sh).

Only files whose ``.qm`` is missing or older than the ``.ts`` are rebuilt, so a second setup run
does nothing.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

FOLDER = Path(__file__).resolve().parent.parent / "resources" / "translations"


def main() -> int:
    lrelease = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent))
    if lrelease is None:
        print("pyside6-lrelease not found in the venv", file=sys.stderr)
        return 1
    for source in sorted(FOLDER.glob("*.ts")):
        target = source.with_suffix(".qm")
        if target.exists() and target.stat().st_mtime >= source.stat().st_mtime:
            continue
        subprocess.run([lrelease, "-silent", str(source), "-qm", str(target)], check=True)
        print(f"==> built {target.relative_to(FOLDER.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
