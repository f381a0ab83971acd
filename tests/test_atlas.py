"""Loading the content file (triggermap/atlas.py): every fault is a named problem with the file, the entry, the
field and, where there is one, the line; the file's text is read strictly (encoding, nesting, keys, anchors, size)."""

import tracemalloc

import pytest
import yaml

from triggermap import AtlasError, load_atlas
from triggermap.atlas import DEFAULT_PATH, MAX_BYTES, MAX_DEPTH

# --- the entries: fields, ids and cross-references -------------------------------------------------------

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


def test_every_muscle_and_technique_cites_a_known_source(atlas):
    for item in list(atlas.muscles.values()) + list(atlas.techniques.values()):
        assert item.sources and all(c.source in atlas.sources for c in item.sources), item.id


# --- the file as text: encoding, nesting, keys, anchors, size ----------------------------------------------

def problem_of(path):
    with pytest.raises(AtlasError) as caught:
        load_atlas(path)
    [problem] = caught.value.problems
    assert problem.file.endswith(path.name)
    return problem


def valid_text(content):
    return yaml.safe_dump(content, sort_keys=False)


def test_invalid_utf8_names_byte_and_line(content, tmp_path):
    path = tmp_path / "muscles.yaml"
    text = valid_text(content).encode()
    at = text.index(b"A small hip muscle.")
    path.write_bytes(text[:at] + b"caf\xe9 " + text[at:])
    problem = problem_of(path)
    assert problem.message.startswith("not UTF-8 text: byte 0xe9 at byte")
    assert problem.line == text[:at].count(b"\n") + 1


def test_binary_junk_is_not_a_text_file(tmp_path):
    path = tmp_path / "muscles.yaml"
    path.write_bytes(bytes(range(256)) * 40)
    problem = problem_of(path)
    assert "not a text file" in problem.message and problem.line == 1


def test_control_characters_without_nul_are_named(tmp_path):
    path = tmp_path / "muscles.yaml"
    path.write_bytes(b"sources: []\nsafety: \x07\x1b[31m\n")
    problem = problem_of(path)
    assert "not allowed" in problem.message and problem.line == 2


@pytest.mark.parametrize("shape", ["flow", "block"])
def test_deep_nesting_is_refused_before_it_can_crash_the_parser(tmp_path, shape):
    depth = 100_000  # deep enough to crash libyaml's own composer (a segfault), were it used unguarded
    block = "".join(" " * i + "a:\n" for i in range(2000)) + " " * 2000 + "b: 1\n"
    text = "[" * depth + "]" * depth if shape == "flow" else block
    path = tmp_path / "muscles.yaml"
    path.write_text(text)
    problem = problem_of(path)
    assert problem.message == f"nested more than {MAX_DEPTH} levels deep"
    assert problem.line == (1 if shape == "flow" else MAX_DEPTH)


def test_nesting_up_to_the_limit_is_only_a_schema_problem(tmp_path):
    path = tmp_path / "muscles.yaml"
    path.write_text("x: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n")
    with pytest.raises(AtlasError) as caught:
        load_atlas(path)
    assert not any("nested" in p.message for p in caught.value.problems)


def test_duplicate_key_names_the_key_and_both_lines(content, tmp_path):
    text = valid_text(content)
    lines = text.splitlines()
    summary = next(i for i, line in enumerate(lines) if line.strip().startswith("summary:"))
    lines.insert(summary + 1, lines[summary].replace("A small hip muscle.", "Overwritten."))
    path = tmp_path / "muscles.yaml"
    path.write_text("\n".join(lines) + "\n")
    problem = problem_of(path)
    assert problem.message == f"duplicate key 'summary': first on line {summary + 1}, again on line {summary + 2}"
    assert problem.line == summary + 2


def test_duplicate_key_in_a_flow_mapping_on_one_line(content, tmp_path):
    path = tmp_path / "muscles.yaml"
    path.write_text(valid_text(content) + "extra: {a: 1, a: 2}\n")
    assert "duplicate key 'a'" in problem_of(path).message


def with_line_replaced(text, old, new):
    """``text`` with the line holding ``old`` rewritten to ``new`` (indentation kept), and that line's number."""
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if old in line)
    lines[at] = lines[at].replace(old, new)
    return "\n".join(lines) + "\n", at + 1


def billion_laughs(levels=9, width=9):
    """Under 1 KB standing for width**(levels + 1) strings (9**10: 3.5 billion) if the aliases were expanded."""
    lines = [f"lol0: &lol0 {['lol'] * width}"]
    lines += [f"lol{n}: &lol{n} [{', '.join([f'*lol{n - 1}'] * width)}]" for n in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("old, new, message", [
    ("summary: A small", "summary: &intro A small",
     "anchors and aliases are not allowed in content files: anchor &intro"),
    ("location: Deep in the buttock.", "location: *intro",
     "anchors and aliases are not allowed in content files: alias *intro"),
    # an inline mapping, so no anchor or alias is involved: the `<<` key alone is refused
    ("dose: One minute.", "<<: {dose: One minute.}", "merge keys (<<) are not allowed in content files"),
], ids=["anchor", "alias", "merge-key"])
def test_anchors_aliases_and_merge_keys_are_refused_with_their_line(content, tmp_path, old, new, message):
    text, line = with_line_replaced(valid_text(content), old, new)
    path = tmp_path / "muscles.yaml"
    path.write_text(text)
    problem = problem_of(path)
    assert problem.message.startswith(message)
    assert problem.line == line


def test_ampersand_asterisk_and_double_angle_inside_text_still_load(content, tmp_path):
    text, _ = with_line_replaced(valid_text(content), "A small hip muscle.", "Hip & buttock, *not* an alias, << &c.")
    text, _ = with_line_replaced(text, "Deep in the buttock.", '"<<"')
    path = tmp_path / "muscles.yaml"
    path.write_text(text)
    muscle = load_atlas(path).muscles["piriformis"]
    assert (muscle.summary, muscle.location) == ("Hip & buttock, *not* an alias, << &c.", "<<")


def test_billion_laughs_is_refused_at_its_first_anchor_without_expanding(content, tmp_path):
    path = tmp_path / "muscles.yaml"
    path.write_text(billion_laughs() + valid_text(content))
    tracemalloc.start()
    try:
        problem = problem_of(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert problem.message.startswith("anchors and aliases are not allowed in content files: anchor &lol0")
    assert problem.line == 1
    assert peak < 2 * 2**20  # expanded, 3.5 billion strings would need tens of gigabytes


def test_a_file_over_the_size_limit_is_refused_unread(content, tmp_path):
    path = tmp_path / "muscles.yaml"
    one = valid_text(content)
    with path.open("w") as out:  # valid YAML throughout: only the size is wrong
        out.write(one)
        out.write("padding:\n")
        line = "  - " + "x" * 95 + "\n"
        out.write(line * (MAX_BYTES // len(line) + 1000))
    problem = problem_of(path)
    size_mb = path.stat().st_size / 2**20
    assert problem.message == f"file is {size_mb:.1f} MB; the limit is 5 MB"
    assert problem.line is None


def test_the_shipped_file_still_loads_and_parses_once(monkeypatch):
    calls = []
    real = yaml.safe_load
    monkeypatch.setattr(yaml, "safe_load", lambda *a, **k: calls.append(1) or real(*a, **k))
    monkeypatch.setattr(yaml, "compose", lambda *a, **k: calls.append(1))
    assert load_atlas(DEFAULT_PATH).muscles
    assert calls == []  # neither the second parse nor PyYAML's pure-Python entry points
