"""Model versions: the card's lineage, the refuse-worse-model guard and evaluate --compare."""

import json
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from classifier.cli import app
from classifier.errors import RegressionError
from classifier.training_data import default_heldout_path, default_train_path
from classifier.versioning import check_replacement, format_comparison
from tests.conftest import subset_jsonl

runner = CliRunner()


def _evaluation(version, **f1):
    labels = {lab: {"precision": v, "recall": v, "f1": v, "support": 5} for lab, v in f1.items()}
    macro = sum(f1.values()) / len(f1)
    metrics = {"labels": labels, "micro_f1": macro, "macro_f1": macro}
    return SimpleNamespace(
        model_name="m", model_version=version, n_examples=100, n_documents=10, metrics=metrics
    )


def test_guard_accepts_a_drop_of_at_most_002(tmp_path):
    old = _evaluation("old", delay=0.80, contact=0.60)
    check_replacement(_evaluation("new", delay=0.78, contact=0.58), old, tmp_path, force=False)


def test_guard_refuses_a_larger_drop_unless_forced(tmp_path):
    old = _evaluation("old", delay=0.80, contact=0.60)
    worse = _evaluation("new", delay=0.75, contact=0.60)
    with pytest.raises(RegressionError, match="--force") as error:
        check_replacement(worse, old, tmp_path, force=False)
    assert "0.675" in str(error.value) and "0.700" in str(error.value)
    check_replacement(worse, old, tmp_path, force=True)


def test_guard_compares_only_labels_both_models_know(tmp_path):
    old = _evaluation("old", delay=0.80)
    new = _evaluation("new", delay=0.80, noise_nuisance=0.0)
    check_replacement(new, old, tmp_path, force=False)


def test_comparison_lists_per_label_deltas_and_labels_of_one_model_only():
    text = format_comparison(
        _evaluation("new", delay=0.85, noise_nuisance=0.5), _evaluation("old", delay=0.80)
    )
    assert "version old" in text
    assert "delay" in text and "+0.050" in text
    assert "noise_nuisance" in text and "macro-F1 (shared)" in text


@pytest.fixture(scope="module")
def data_dirs(tmp_path_factory):
    """A small training directory (with held-out split) and one with scrambled labels."""
    root = tmp_path_factory.mktemp("versioning")
    good, bad = root / "good", root / "bad"
    for directory in (good, bad):
        directory.mkdir()
        (directory / "heldout.jsonl").write_text(subset_jsonl(default_heldout_path(), 20))
    train = subset_jsonl(default_train_path(), 50)
    (good / "train.jsonl").write_text(train)
    rows = [json.loads(line) for line in train.splitlines()]
    shifted = [row["labels"] for row in rows[7:] + rows[:7]]
    (bad / "train.jsonl").write_text(
        "".join(
            json.dumps({**row, "labels": labels}) + "\n"
            for row, labels in zip(rows, shifted, strict=True)
        )
    )
    return good, bad


def _card(model_dir):
    return json.loads((model_dir / "model.json").read_text())


def test_retraining_records_lineage_and_refuses_a_worse_model(data_dirs, tmp_path):
    good, bad = data_dirs
    model = tmp_path / "model"
    result = runner.invoke(app, ["train", "--data", str(good), "--out", str(model), "-q"])
    assert result.exit_code == 0, result.output
    first = _card(model)
    assert first["parent_version"] is None
    assert first["heldout_data"] == str(good / "heldout.jsonl")
    assert 0 <= first["heldout_metrics"]["macro_f1"] <= 1
    assert first["training_data_sha256"] and first["cv_metrics"]

    result = runner.invoke(app, ["train", "--data", str(bad), "--out", str(model), "-q"])
    assert result.exit_code == 2
    assert "not replacing the model" in result.stderr and "--force" in result.stderr
    assert _card(model) == first

    bad_file = bad / "train.jsonl"
    result = runner.invoke(app, ["train", "-d", str(bad_file), "-o", str(model), "--force"])
    assert result.exit_code == 0, result.output
    assert f"replaces version {first['version']}" in result.stdout
    assert "compared with version" in result.stdout
    second = _card(model)
    assert second["parent_version"] == first["version"]
    assert second["heldout_data"] == str(bad / "heldout.jsonl")  # the file's own split


def test_evaluate_compare_prints_per_label_deltas(data_dirs, tmp_path):
    good, _ = data_dirs
    old, new = tmp_path / "old", tmp_path / "new"
    for out in (old, new):
        result = runner.invoke(app, ["train", "--data", str(good), "--out", str(out), "-q"])
        assert result.exit_code == 0, result.output
    heldout = good / "heldout.jsonl"
    result = runner.invoke(
        app, ["evaluate", "--data", str(heldout), "--model", str(new), "--compare", str(old)]
    )
    assert result.exit_code == 0, result.output
    assert f"compared with version {_card(old)['version']}" in result.stdout
    for label in _card(new)["labels"]:
        assert f"  {label} " in result.stdout.split("compared with")[1]
