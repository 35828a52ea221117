"""Importing labelled examples: format detection, validation, and merging into training data."""

import json
import shutil

import pytest
from typer.testing import CliRunner

from classifier.cli import app
from classifier.errors import InputError
from classifier.importers import read_labelled_file, stable_doc_id
from classifier.training_data import (
    default_heldout_path,
    default_train_path,
    read_examples,
)
from tests.conftest import DATA, subset_jsonl

IMPORTS = DATA / "imports"
runner = CliRunner()


def _by_text(imported):
    return {item.example.text: item.example for item in imported.examples}


def test_label_studio_export():
    imported = read_labelled_file(IMPORTS / "label_studio.json")
    assert imported.format == "label-studio"
    assert imported.skipped == 2  # one cancelled annotation, one task without annotations
    assert len(imported.examples) == 4  # task 105 has two annotations
    first = imported.examples[0].example
    assert first.labels == ["complaint_handling", "delay"] and first.finding == "fault"
    assert first.doc_id == "example-decision"
    assert first.source == "decisions/example-decision.txt"
    second = imported.examples[1].example
    assert second.labels == [] and second.finding == "none"
    assert second.doc_id == stable_doc_id(IMPORTS / "label_studio.json", 102)
    assert imported.examples[2].where.endswith("task 105 annotation 15")


def test_label_studio_json_min_export():
    imported = read_labelled_file(IMPORTS / "label_studio_min.json")
    assert imported.format == "label-studio-min"
    examples = [item.example for item in imported.examples]
    assert [e.labels for e in examples] == [["contact", "record_keeping"], ["delay"], []]
    assert [e.finding for e in examples] == ["fault", "no_fault", "none"]
    assert len({e.doc_id for e in examples}) == 3


def test_doccano_export():
    imported = read_labelled_file(IMPORTS / "doccano.jsonl")
    assert imported.format == "doccano"
    examples = [item.example for item in imported.examples]
    assert [e.labels for e in examples] == [["contact"], ["delay"], []]
    assert [e.finding for e in examples] == ["none", "fault", "none"]
    assert examples[0].source == "doccano:doccano.jsonl#1"
    assert imported.examples[1].where.endswith("doccano.jsonl:2")


def test_prodigy_binary_answers_are_merged_per_text():
    imported = read_labelled_file(IMPORTS / "prodigy_binary.jsonl")
    assert imported.format == "prodigy"
    assert imported.skipped == 1  # the ignored answer
    examples = _by_text(imported)
    assert len(examples) == 2
    complaint = examples[next(t for t in examples if t.startswith("The Council failed"))]
    assert complaint.labels == ["complaint_handling", "delay"]
    assert complaint.finding == "fault"
    assert complaint.source == "prodigy-session-1"
    assert examples["Mrs H says the Council should pay for the damage to her fence."].labels == []


def test_prodigy_choice_answers():
    imported = read_labelled_file(IMPORTS / "prodigy_choice.jsonl")
    assert imported.skipped == 1  # the rejected task
    assert [item.example.labels for item in imported.examples] == [["record_keeping"], []]


def test_project_jsonl_is_read_as_is(tmp_path):
    path = tmp_path / "mine.jsonl"
    path.write_text(
        '{"text": "The Council lost the file.", "labels": ["record_keeping"], "finding": "fault"}\n'
    )
    imported = read_labelled_file(path)
    assert imported.format == "classify"
    (item,) = imported.examples
    assert item.example.labels == ["record_keeping"] and item.example.doc_id


def test_mixed_formats_in_one_file_are_refused(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        '{"text": "a b c", "label": ["delay"]}\n{"text": "d e f", "label": "delay", "answer": '
        '"accept"}\n'
    )
    with pytest.raises(InputError, match=r"mixed.jsonl:2: a prodigy record in a file that started"):
        read_labelled_file(path)


@pytest.fixture
def data_dir(tmp_path):
    """A small training-data directory: a slice of the training split and of the held-out one."""
    directory = tmp_path / "training_data"
    directory.mkdir()
    (directory / "train.jsonl").write_text(subset_jsonl(default_train_path(), 30))
    (directory / "heldout.jsonl").write_text(subset_jsonl(default_heldout_path(), 5))
    return directory


def _add(data_dir, *files, extra=()):
    args = ["data", "add", *map(str, files), "--data-dir", str(data_dir), *extra]
    return runner.invoke(app, args)


def _snapshot(directory):
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def test_add_merges_every_format_and_reports_counts(data_dir):
    before = len(read_examples(data_dir))
    train = (data_dir / "train.jsonl").read_bytes()
    files = sorted(IMPORTS.iterdir())
    result = _add(data_dir, *files)
    assert result.exit_code == 0, result.output
    added = read_examples(data_dir / "added.jsonl")
    assert len(added) == 13  # 14 examples, one repeated (two annotators agreeing)
    assert len(read_examples(data_dir)) == before + 13
    assert (data_dir / "train.jsonl").read_bytes() == train
    out = result.stdout
    assert "duplicates kept once (1)" in out and "task 105 annotation 16 repeats" in out
    assert "label-studio-min" in out and "doccano" in out and "prodigy" in out
    assert "before" in out and "after" in out
    delay_row = next(line for line in out.splitlines() if line.split()[:1] == ["delay"])
    old, new, change = map(int, delay_row.split()[1:])
    assert new - old == change == sum("delay" in e.labels for e in added)
    assert f"added 13 examples to {data_dir / 'added.jsonl'}" in out

    again = _add(data_dir, *files)
    assert again.exit_code == 0, again.output
    assert "already in the training data (13)" in again.stdout
    assert "nothing new to add" in again.stdout


def test_conflicting_labels_are_an_error_naming_both_lines(data_dir, tmp_path):
    path = tmp_path / "conflict.jsonl"
    path.write_text(
        '{"text": "The Council lost the file.", "label": ["record_keeping"]}\n'
        '{"text": "Something else entirely.", "label": []}\n'
        '{"text": "the  council lost the FILE.", "label": ["delay"]}\n'
    )
    before = _snapshot(data_dir)
    result = _add(data_dir, path)
    assert result.exit_code == 2
    assert f"{path}:1 has record_keeping" in result.stderr
    assert f"{path}:3 has delay" in result.stderr
    assert _snapshot(data_dir) == before


def test_conflict_with_the_training_data_names_the_training_line(data_dir, tmp_path):
    first = json.loads((data_dir / "train.jsonl").read_text().splitlines()[2])
    other = "delay" if "delay" not in first["labels"] else "contact"
    path = tmp_path / "relabel.jsonl"
    path.write_text(json.dumps({"text": first["text"], "label": [other]}) + "\n")
    result = _add(data_dir, path)
    assert result.exit_code == 2
    assert f"{data_dir / 'train.jsonl'}:3 has" in result.stderr
    assert f"{path}:1 has {other}" in result.stderr


def test_unknown_label_is_refused_and_nothing_is_written(data_dir, tmp_path):
    shutil.copy(IMPORTS / "doccano.jsonl", tmp_path / "first.jsonl")
    assert _add(data_dir, tmp_path / "first.jsonl").exit_code == 0
    before = _snapshot(data_dir)
    path = tmp_path / "typo.jsonl"
    path.write_text(
        '{"text": "Nobody recorded why the assessment changed.", "label": ["record_keepin"]}\n'
        '{"text": "The Council never removed the fly-tipped waste.", "label": ["waste"]}\n'
    )
    result = _add(data_dir, IMPORTS / "prodigy_choice.jsonl", path)
    assert result.exit_code == 2
    assert "unknown label 'record_keepin'" in result.stderr
    assert "did you mean 'record_keeping'" in result.stderr
    assert f"'waste' ({path}:2)" in result.stderr
    assert "--allow-new-labels" in result.stderr
    assert _snapshot(data_dir) == before


def test_empty_text_is_refused(data_dir, tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_text('{"text": "A paragraph.", "label": []}\n{"text": "  ", "label": ["delay"]}\n')
    before = _snapshot(data_dir)
    result = _add(data_dir, path)
    assert result.exit_code == 2 and f"{path}:2: empty text" in result.stderr
    assert _snapshot(data_dir) == before


def test_held_out_paragraphs_are_not_added(data_dir, tmp_path):
    held = json.loads((data_dir / "heldout.jsonl").read_text().splitlines()[0])
    path = tmp_path / "leak.jsonl"
    path.write_text(json.dumps({"text": held["text"], "labels": held["labels"]}) + "\n")
    result = _add(data_dir, path)
    assert result.exit_code == 0, result.output
    assert "not added because the held-out split has them (1)" in result.stdout
    assert not (data_dir / "added.jsonl").exists()


def test_dry_run_writes_nothing(data_dir):
    before = _snapshot(data_dir)
    result = _add(data_dir, IMPORTS / "doccano.jsonl", extra=["--dry-run"])
    assert result.exit_code == 0, result.output
    assert "dry run: would add 3 examples" in result.stdout
    assert _snapshot(data_dir) == before


def test_label_studio_task_without_text_is_refused(tmp_path):
    path = tmp_path / "export.json"
    path.write_text(json.dumps([{"id": 4, "data": {"paragraph": "x"}, "annotations": [{}]}]))
    with pytest.raises(InputError, match=r"export.json task 4: no 'text'"):
        read_labelled_file(path)


def test_json_min_with_a_differently_named_label_control_is_refused(tmp_path):
    path = tmp_path / "min.json"
    path.write_text(json.dumps([{"id": 1, "text": "a b", "faults": {"choices": ["a", "b"]}}]))
    with pytest.raises(InputError, match="choices in field 'faults'; name the label control"):
        read_labelled_file(path)
