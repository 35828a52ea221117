"""End to end: label 20 paragraphs with a new label, add them, retrain, and predict the label."""

import json

from typer.testing import CliRunner

from classifier.cli import app
from classifier.training_data import default_heldout_path, default_train_path
from tests.conftest import DATA, subset_jsonl

runner = CliRunner()
NEW_LABEL = "noise_nuisance"
NOISE = (
    "Mr S complained to the Council about loud music and shouting from the flat next door "
    "late every night, but no officer came to assess the noise."
)
NOT_NOISE = "The Council took four months to reply to Mrs T's stage two complaint."


def test_new_label_added_trained_and_predicted(tmp_path):
    data_dir = tmp_path / "training_data"
    data_dir.mkdir()
    (data_dir / "train.jsonl").write_text(subset_jsonl(default_train_path(), 40))
    (data_dir / "heldout.jsonl").write_text(subset_jsonl(default_heldout_path(), 10))
    labelled = DATA / "new_label" / "noise_nuisance.jsonl"
    add = ["data", "add", str(labelled), "--data-dir", str(data_dir)]

    refused = runner.invoke(app, add)
    assert refused.exit_code == 2 and "--allow-new-labels" in refused.stderr

    result = runner.invoke(app, [*add, "--allow-new-labels"])
    assert result.exit_code == 0, result.output
    row = next(line for line in result.stdout.splitlines() if line.startswith(f"  {NEW_LABEL}"))
    assert row.split()[1:] == ["(new)", "0", "20", "+20"]

    model_dir = tmp_path / "model"
    result = runner.invoke(app, ["train", "--data", str(data_dir), "--out", str(model_dir), "-q"])
    assert result.exit_code == 0, result.output
    card = json.loads((model_dir / "model.json").read_text())
    assert NEW_LABEL in card["labels"] and card["label_counts"][NEW_LABEL] == 20

    text = f"{NOISE}\n{NOT_NOISE}\n"
    result = runner.invoke(
        app, ["predict", "-", "--model", str(model_dir), "--format", "json"], input=text
    )
    assert result.exit_code == 0, result.output
    noise, other = json.loads(result.stdout)["paragraphs"]
    assert NEW_LABEL in noise["labels"], noise["scores"]
    assert NEW_LABEL not in other["labels"], other["scores"]
