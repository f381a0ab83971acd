"""`python -m triggermap.validate` (triggermap/validate.py): every problem printed, no traceback, and the exit
status says whether the content is fit to ship."""

import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.test_atlas import billion_laughs, valid_text


def test_validate_command_prints_every_error_and_exits_non_zero(content, write_yaml):
    content["muscles"][0]["techniques"] = ["nope"]
    content["muscles"][0]["trigger_points"][0]["essential"] = ["nowhere"]
    path = write_yaml(content)
    run = subprocess.run([sys.executable, "-m", "triggermap.validate", str(path)], capture_output=True, text=True)
    assert run.returncode == 1
    assert "unknown technique 'nope'" in run.stdout and "unknown zone 'nowhere'" in run.stdout
    assert "2 problems found" in run.stderr


def test_validate_command_accepts_the_shipped_content():
    run = subprocess.run([sys.executable, "-m", "triggermap.validate"], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout
    assert "OK" in run.stdout


@pytest.mark.parametrize("fault", ["junk", "utf8", "deep", "duplicate", "billion_laughs"])
def test_validator_prints_the_problem_without_a_traceback(tmp_path, content, fault):
    path = tmp_path / "muscles.yaml"
    text = valid_text(content)
    if fault == "junk":
        path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00junk")
    elif fault == "utf8":
        path.write_bytes(text.encode() + b"note: \xff\xfe\n")
    elif fault == "deep":
        path.write_text("[" * 100_000)
    elif fault == "billion_laughs":
        path.write_text(billion_laughs() + text)
    else:
        path.write_text(text + "sources: []\n")
    done = subprocess.run([sys.executable, "-m", "triggermap.validate", str(path)], capture_output=True, text=True,
                          cwd=ROOT, timeout=60)
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert "muscles.yaml" in done.stdout and "1 problem found" in done.stderr
