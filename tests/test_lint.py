"""The code passes `ruff check` with the project's rule set ([tool.ruff.lint] in pyproject.toml)."""

import subprocess
import sys

from tests.conftest import ROOT


def test_ruff_finds_nothing():
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise", "."],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_does_find_problems(tmp_path):
    """The check above really checks: an unused import and a bare except-raise are findings under our rules."""
    bad = tmp_path / "bad.py"
    bad.write_text("import os\n\n\ndef f():\n    try:\n        pass\n    except ValueError as err:\n"
                   "        raise KeyError(err)\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise",
                           "--config", str(ROOT / "pyproject.toml"), str(bad)],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "F401" in done.stdout and "B904" in done.stdout, done.stdout + done.stderr
