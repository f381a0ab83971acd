"""docs/hazard-log.md stays true: every test it cites exists, every control has evidence or says it has none,
hazard ids are unique, and every risk follows DCB0129's matrix."""

import ast
import re
from dataclasses import dataclass
from functools import cache

import pytest

from tests.conftest import ROOT

LOG = ROOT / "docs" / "hazard-log.md"
SEVERITIES = ["Minor", "Significant", "Considerable", "Major", "Catastrophic"]
# DCB0129's risk matrix: likelihood -> the risk for each severity, Minor to Catastrophic
MATRIX = {
    "Very high": [3, 4, 4, 5, 5],
    "High": [2, 3, 3, 4, 5],
    "Medium": [2, 2, 3, 3, 4],
    "Low": [1, 2, 2, 3, 4],
    "Very low": [1, 1, 2, 2, 3],
}
SECTION = re.compile(r"^## (H\d+)\. ", re.M)
CITED = re.compile(r"`(tests/[\w/]+\.py)::((?:Test\w+::)?test_\w+)(?:\[[^\]`]*\])?`")
ANY_TEST_ID = re.compile(r"tests/[\w/]+\.py::")  # to find citations written in a shape CITED would miss
RISK = re.compile(r"\*\*(Initial|Residual) risk\.\*\* Severity (\w+) × likelihood (Very low|Low|Medium|High|Very high) "
                  r"→ \*\*(\d)\*\*")
SUMMARY_ROW = re.compile(r"^\| (H\d+) \| .+? \| (\w+) × ([\w ]+?) → (\d) \| (\w+) × ([\w ]+?) → (\d) \| \w+ \|$", re.M)
NOT_TESTED = re.compile(r"\bnot tested:", re.I)


@dataclass(frozen=True)
class Hazard:
    id: str
    text: str

    def risk(self, kind: str) -> tuple[str, str, int]:
        [(severity, likelihood, risk)] = [m[1:] for m in RISK.findall(self.text) if m[0] == kind]
        return severity, likelihood, int(risk)

    def controls(self) -> list[str]:
        """The numbered items between the controls heading and the residual risk, each with its continuation lines."""
        block = self.text.split("**Controls and the tests that guard them.**", 1)[1].split("**Residual risk.**", 1)[0]
        return [item.strip() for item in re.split(r"^\d+\. ", block, flags=re.M)[1:]]


@cache
def log_text() -> str:
    return LOG.read_text(encoding="utf-8")


def hazards() -> list[Hazard]:
    text = log_text()
    starts = [(m.start(), m[1]) for m in SECTION.finditer(text)]
    ends = [start for start, _ in starts[1:]] + [len(text)]
    return [Hazard(hazard_id, text[start:end]) for (start, hazard_id), end in zip(starts, ends, strict=True)]


@cache
def collected_names(path: str) -> frozenset[str]:
    """Names pytest would collect from a test file: module-level test functions and test methods of Test classes."""
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"):
            names.add(node.name)
        elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            names |= {f"{node.name}::{f.name}" for f in node.body
                      if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef)) and f.name.startswith("test")}
    return frozenset(names)


def citations(text: str) -> list[tuple[str, str]]:
    return CITED.findall(text)


def test_the_log_names_the_hazards_it_must_cover():
    titles = " ".join(line.lower() for line in log_text().splitlines() if SECTION.match(line))
    for words in ("warning sign", "referral pattern", "technique", "wrong side", "pregnant", "injected",
                  "down", "diagnosis", "delays care"):
        assert words in titles, words
    assert len(hazards()) >= 10


def test_hazard_ids_are_unique_and_the_summary_lists_each_once():
    ids = [h.id for h in hazards()]
    assert len(ids) == len(set(ids)), ids
    assert [row[0] for row in SUMMARY_ROW.findall(log_text())] == ids


def test_every_cited_test_exists():
    cited = citations(log_text())
    assert len(cited) > 50
    assert len(cited) == len(ANY_TEST_ID.findall(log_text())), "a test is cited in another form than `file::test`"
    missing = [f"{path}::{name}" for path, name in cited
               if not (ROOT / path).is_file() or name not in collected_names(path)]
    assert not missing, f"the hazard log cites tests that do not exist: {missing}"


@pytest.mark.parametrize("hazard", hazards(), ids=lambda h: h.id)
def test_every_control_has_a_test_or_says_it_has_none(hazard):
    controls = hazard.controls()
    assert controls, f"{hazard.id} lists no controls"
    bare = [c[:80] for c in controls if not citations(c) and not NOT_TESTED.search(c)]
    assert not bare, f"{hazard.id}: controls with neither a cited test nor a 'Not tested:' statement: {bare}"


@pytest.mark.parametrize("hazard", hazards(), ids=lambda h: h.id)
def test_every_risk_follows_the_matrix_and_matches_the_summary(hazard):
    initial, residual = hazard.risk("Initial"), hazard.risk("Residual")
    for severity, likelihood, risk in (initial, residual):
        assert severity in SEVERITIES, (hazard.id, severity)
        assert risk == MATRIX[likelihood][SEVERITIES.index(severity)], (hazard.id, severity, likelihood, risk)
    assert residual[2] <= initial[2], f"{hazard.id}: the controls raise the risk"
    [row] = [row for row in SUMMARY_ROW.findall(log_text()) if row[0] == hazard.id]
    summary = [(row[1], row[2], int(row[3])), (row[4], row[5], int(row[6]))]
    assert summary == [initial, residual], f"{hazard.id}: the summary and the section differ"


def test_the_checks_catch_a_log_that_went_stale():
    """The rules above fail on a renamed test, a bare control and a risk off the matrix; [params] are ignored and a
    test in a subfolder of tests/ is cited by its whole path."""
    renamed = ("`tests/test_safety.py::test_every_urgency_needs_a_name`, "
               "`tests/test_safety.py::test_flag_html_is_escaped`")
    assert [name for path, name in citations(renamed) if name not in collected_names(path)] == [
        "test_every_urgency_needs_a_name"]
    assert citations("`tests/browser/test_explore.py::test_clicking_a_muscle_shows_its_panel_and_pattern[soleus]`") == [
        ("tests/browser/test_explore.py", "test_clicking_a_muscle_shows_its_panel_and_pattern")]
    bare = Hazard("H99", "**Controls and the tests that guard them.**\n1. **Trust.** Nothing else.\n"
                         "**Residual risk.** Severity Minor × likelihood Low → **2**.")
    [control] = bare.controls()
    assert not citations(control) and not NOT_TESTED.search(control)
    severity, likelihood, risk = bare.risk("Residual")
    assert MATRIX[likelihood][SEVERITIES.index(severity)] != risk
