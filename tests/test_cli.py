"""End-to-end CLI tests with Typer's CliRunner."""

import json

from typer.testing import CliRunner

from classifier.cli import app
from classifier.training_data import default_heldout_path, default_train_path
from tests.conftest import SEED_DECISION, SEEDS, first_documents

runner = CliRunner()


def test_predict_json_offsets_slice_input():
    result = runner.invoke(app, ["predict", str(SEED_DECISION), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    text = SEED_DECISION.read_text(encoding="utf-8")
    assert data["source"] == str(SEED_DECISION)
    assert data["model"]["name"] and data["model"]["version"]
    assert data["paragraphs"]
    for p in data["paragraphs"]:
        assert text[p["start"] : p["end"]] == p["text"]
        assert set(p) >= {"index", "start", "end", "text", "labels", "scores"}


def test_predict_directory_jsonl_one_line_per_document_sorted():
    result = runner.invoke(app, ["predict", str(SEEDS), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["source"] for d in lines] == sorted(str(p) for p in SEEDS.glob("*.txt"))


def _table_of(text: str) -> str:
    """``classify predict - --format table`` of ``text`` given on standard input."""
    result = runner.invoke(app, ["predict", "-", "--format", "table"], input=text)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_predict_stdin_and_table():
    table = _table_of("There is no evidence the Council told Mrs X of the new date.\n")
    assert "contact" in table
    assert "summary: 1 paragraph, 1 labelled" in table


def test_the_table_says_who_is_paid_each_amount_and_what_for():
    table = _table_of(
        "The Council agreed to pay Mr and Mrs L £100 each for distress and £40 for postage.\n"
    )
    assert "remedy: £100 each to Mr and Mrs L for distress (paragraph 0)" in table
    assert "£40 to Mr and Mrs L for another stated purpose" in table
    assert "remedy total: £240" in table


def test_missing_file_is_a_one_line_error():
    result = runner.invoke(app, ["predict", "no/such/file.txt"])
    assert result.exit_code == 2
    assert "no such file" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_missing_model_is_a_one_line_error(tmp_path):
    result = runner.invoke(app, ["predict", str(SEED_DECISION), "--model", str(tmp_path / "x")])
    assert result.exit_code == 2
    assert "model directory not found" in result.stderr


def test_train_then_evaluate_round_trip(tmp_path):
    train = first_documents(default_train_path(), 60, tmp_path / "train.jsonl")
    test = first_documents(default_heldout_path(), 15, tmp_path / "test.jsonl")
    model_dir = tmp_path / "model"
    result = runner.invoke(app, ["train", "--data", str(train), "--out", str(model_dir), "-q"])
    assert result.exit_code == 0, result.output
    assert "macro-F1" in result.stdout
    card = json.loads((model_dir / "model.json").read_text())
    assert card["n_examples"] == len(train.read_text().splitlines())
    report = tmp_path / "report"
    result = runner.invoke(
        app,
        [
            "evaluate", "--data", str(test), "--model", str(model_dir), "--report", str(report),
            "--train-data", str(train), "--cv", "2", "--cv-repeats", "2", "-q",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    metrics = json.loads((report / "metrics.json").read_text())
    assert metrics["cv"]["repeats"] == 2 and len(metrics["cv"]["per_fold"]) == 4
    assert "macro-F1 per split" in result.stdout
    assert metrics["model"]["version"] == card["version"]
    assert 0.0 <= metrics["macro_f1"] <= 1.0
    assert f"{metrics['macro_f1']:.3f}" in result.stdout
    assert metrics["learning_curve"] is None  # off by default for a model other than the shipped
    assert (report / "report.html").read_text().startswith("<!DOCTYPE html>")


def test_train_on_bad_data_fails_cleanly_and_keeps_old_model(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x", "labels": "delay"}\n', encoding="utf-8")
    model_dir = tmp_path / "model"
    model_dir.mkdir()
    (model_dir / "keep.txt").write_text("old")
    result = runner.invoke(app, ["train", "--data", str(bad), "--out", str(model_dir)])
    assert result.exit_code == 2
    assert "'labels' must be a list" in result.stderr
    assert (model_dir / "keep.txt").read_text() == "old"


def test_evaluate_bad_data_and_bad_cv_are_one_line_errors(tmp_path):
    result = runner.invoke(app, ["evaluate", "--data", str(tmp_path / "none.jsonl")])
    assert result.exit_code == 2
    assert "no such file" in result.stderr and "Traceback" not in result.stderr
    result = runner.invoke(app, ["evaluate", "--cv", "1", "--report", str(tmp_path)])
    assert result.exit_code == 2
    assert not (tmp_path / "metrics.json").exists()
    result = runner.invoke(app, ["evaluate", "--cv-repeats", "3", "--report", str(tmp_path)])
    assert result.exit_code == 2
    assert "--cv-repeats needs --cv" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "metrics.json").exists()


def test_version_and_plain_help():
    from classifier import __version__

    version = runner.invoke(app, ["--version"])
    assert version.exit_code == 0 and version.stdout.strip() == f"classify {__version__}"
    for command in (
        ["predict"],
        ["explain"],
        ["train"],
        ["evaluate"],
        ["suggest"],
        ["data", "add"],
    ):
        help_text = runner.invoke(app, [*command, "--help"]).stdout
        assert "--debug" in help_text and "<bool>" not in help_text  # flags take no value


def test_the_table_widens_its_label_column_for_many_labels():
    text = (
        "The Council delayed its response to her complaint, did not keep her informed and lost "
        "the records of the meeting.\n"
    )
    header, row = _table_of(text).splitlines()[1:3]
    assert row.count(",") >= 2  # three or more labels
    assert row.index("The Council") == header.index("text")
