"""Faults in the content file: each is a named problem with the file and, where there is one, the line."""

import subprocess
import sys
import tracemalloc

import pytest
import yaml

from triggermap.atlas import DEFAULT_PATH
from tests.conftest import APP, ROOT
from triggermap import AtlasError, load_atlas
from triggermap.atlas import MAX_BYTES, MAX_DEPTH


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
    text = "[" * depth + "]" * depth if shape == "flow" else "".join(" " * i + "a:\n" for i in range(2000)) + " " * 2000 + "b: 1\n"
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
    ("summary: A small", "summary: &intro A small", "anchors and aliases are not allowed in content files: anchor &intro"),
    ("location: Deep in the buttock.", "location: *intro", "anchors and aliases are not allowed in content files: alias *intro"),
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


def test_the_app_shows_a_content_fault_as_its_readable_message(monkeypatch, tmp_path):
    from streamlit.testing.v1 import AppTest

    broken = tmp_path / "muscles.yaml"
    broken.write_bytes((DEFAULT_PATH).read_bytes() + b"\nsources: \xff\n")
    monkeypatch.setenv("TRIGGERMAP_DATA", str(broken))
    import streamlit as st

    st.cache_resource.clear()
    try:
        at = AppTest.from_file(str(APP), default_timeout=30).run()
    finally:
        st.cache_resource.clear()
    assert not at.exception
    assert "could not be loaded" in at.error[0].value
    assert "not UTF-8 text" in at.code[0].value and "muscles.yaml" in at.code[0].value
