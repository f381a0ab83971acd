"""Bad content gets a message that names the file, the entry and the field."""

import subprocess
import sys

import pytest

from triggermap import AtlasError, load_atlas


def problems_of(path):
    with pytest.raises(AtlasError) as caught:
        load_atlas(path)
    return caught.value.problems


def test_minimal_file_is_valid(content, write_yaml):
    atlas = load_atlas(write_yaml(content))
    assert list(atlas.muscles) == ["piriformis"]
    assert atlas.muscles["piriformis"].trigger_points[0].essential == ["upper_buttock"]


def test_unknown_zone_names_file_entry_field_and_line(content, write_yaml):
    content["muscles"][0]["trigger_points"][0]["spillover"] = ["posterior_thigh", "buttok"]
    path = write_yaml(content)
    [problem] = problems_of(path)
    assert problem.file.endswith("muscles.yaml")
    assert problem.entry == "muscle 'piriformis'"
    assert problem.field == "trigger_points[0].spillover[1]"
    assert "unknown zone 'buttok'" in problem.message
    assert path.read_text().splitlines()[problem.line - 1].strip() == "- buttok"


def test_unknown_technique(content, write_yaml):
    content["muscles"][0]["techniques"] = ["ball_wall", "laser_beam"]
    [problem] = problems_of(write_yaml(content))
    assert (problem.entry, problem.field) == ("muscle 'piriformis'", "techniques[1]")
    assert "unknown technique 'laser_beam'" in problem.message


def test_duplicate_muscle_id_reports_both_entries(content, write_yaml):
    content["muscles"].append(dict(content["muscles"][0]))
    problems = problems_of(write_yaml(content))
    assert [p.field for p in problems] == ["id", "id"]
    assert all("duplicate id 'piriformis'" in p.message for p in problems)
    assert problems[0].line != problems[1].line


def test_missing_field_names_the_entry(content, write_yaml):
    del content["techniques"][0]["dose"]
    [problem] = problems_of(write_yaml(content))
    assert (problem.entry, problem.field) == ("technique 'ball_wall'", "dose")
    assert "missing" in problem.message


def test_misspelt_field_is_not_silently_ignored(content, write_yaml):
    content["muscles"][0]["symptom"] = content["muscles"][0].pop("symptoms")
    fields = {p.field for p in problems_of(write_yaml(content))}
    assert fields == {"symptoms", "symptom"}


def test_muscle_without_a_source(content, write_yaml):
    content["muscles"][0]["sources"] = []
    [problem] = problems_of(write_yaml(content))
    assert (problem.entry, problem.field) == ("muscle 'piriformis'", "sources")


def test_citation_of_unknown_source(content, write_yaml):
    content["muscles"][0]["sources"] = [{"source": "wikipedia", "where": "somewhere"}]
    [problem] = problems_of(write_yaml(content))
    assert problem.field == "sources[0].source"
    assert "unknown source 'wikipedia'" in problem.message


def test_muscle_without_techniques_must_explain_why(content, write_yaml):
    content["muscles"][0]["techniques"] = []
    [problem] = problems_of(write_yaml(content))
    assert problem.field == "techniques"
    content["muscles"][0]["self_care_note"] = "See a pelvic-floor physiotherapist."
    assert load_atlas(write_yaml(content)).muscles["piriformis"].self_care_note


def test_malformed_yaml_names_the_line(write_yaml):
    path = write_yaml("sources:\n  - id: book\n    citation: [unclosed\n  kind: book\n")
    [problem] = problems_of(path)
    assert problem.line in (3, 4)
    assert "malformed YAML" in problem.message
    assert str(problem).startswith(f"{problem.file}:{problem.line}:")


def test_every_problem_is_reported_at_once(content, write_yaml):
    content["muscles"][0]["techniques"] = ["nope"]
    content["muscles"][0]["trigger_points"][0]["essential"] = ["nowhere"]
    content["techniques"][0]["sources"] = [{"source": "ghost", "where": "p. 1"}]
    assert len(problems_of(write_yaml(content))) == 3


def test_missing_file(tmp_path):
    [problem] = problems_of(tmp_path / "absent.yaml")
    assert "absent.yaml" in str(problem) and "cannot be read" in problem.message


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
