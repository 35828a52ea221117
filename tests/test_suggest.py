"""``classify suggest``: uncertain, diverse paragraphs in Label Studio and Doccano import shapes."""

import json
import xml.etree.ElementTree as ET

import numpy as np
from typer.testing import CliRunner

from classifier.cli import app
from classifier.importers import read_labelled_file
from classifier.suggest import Suggestion, labelled_texts, pick_diverse, uncertainty
from classifier.training_data import DEFAULT_DIR, normalise_text
from tests.conftest import SEEDS

runner = CliRunner()
LABEL_CONFIG = DEFAULT_DIR / "label-studio.xml"


def _suggest(tmp_path, *extra):
    empty = tmp_path / "no-training-data"
    empty.mkdir(exist_ok=True)
    out = tmp_path / "suggestions.json"
    args = ["suggest", str(SEEDS), "-n", "8", "--out", str(out), "--data-dir", str(empty), *extra]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return out, result


def _config():
    root = ET.parse(LABEL_CONFIG).getroot()
    text = root.find("Text")
    choices = {c.get("name"): c for c in root.iter("Choices")}
    return text, choices


def test_label_studio_output_matches_the_import_shape_and_labelling_config(tmp_path, shipped_model):
    out, result = _suggest(tmp_path)
    assert "8 paragraphs from" in result.stderr
    tasks = json.loads(out.read_text(encoding="utf-8"))
    text_tag, controls = _config()
    assert isinstance(tasks, list) and len(tasks) == 8
    result_ids = []
    for task in tasks:
        assert set(task) == {"data", "predictions"}
        data = task["data"]
        assert isinstance(data[text_tag.get("value").lstrip("$")], str)
        assert data["doc_id"] and data["source"].startswith(str(SEEDS))
        (prediction,) = task["predictions"]
        assert prediction["model_version"] == f"lgsco-faults {shipped_model.version}"
        assert 0 <= prediction["score"] <= 1
        for item in prediction["result"]:
            assert item["type"] == "choices"
            assert item["to_name"] == text_tag.get("name")
            control = controls[item["from_name"]]
            allowed = {c.get("value") for c in control.iter("Choice")}
            assert item["value"]["choices"] and set(item["value"]["choices"]) <= allowed
            result_ids.append(item["id"])
    assert len(result_ids) == len(set(result_ids))
    assert len({t["data"]["text"] for t in tasks}) == 8


def test_label_studio_suggestions_round_trip_through_an_export(tmp_path):
    out, _ = _suggest(tmp_path)
    tasks = json.loads(out.read_text(encoding="utf-8"))
    export = [
        {
            "id": i,
            "data": t["data"],
            "annotations": [{"id": i, "result": t["predictions"][0]["result"]}],
        }
        for i, t in enumerate(tasks, start=1)
    ]
    path = tmp_path / "export.json"
    path.write_text(json.dumps(export))
    imported = read_labelled_file(path)
    for item, task in zip(imported.examples, tasks, strict=True):
        results = task["predictions"][0]["result"]
        assert item.example.labels == (results[0]["value"]["choices"] if results else [])
        assert item.example.doc_id == task["data"]["doc_id"]


def test_doccano_output_is_importable(tmp_path):
    out, _ = _suggest(tmp_path, "--format", "doccano")
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 8 and all(isinstance(r["label"], list) for r in lines)
    path = tmp_path / "doccano.jsonl"
    path.write_text(out.read_text(encoding="utf-8"))
    imported = read_labelled_file(path)
    assert imported.format == "doccano"
    assert [i.example.labels for i in imported.examples] == [r["label"] for r in lines]


def test_labelled_paragraphs_are_not_suggested_again():
    result = runner.invoke(app, ["suggest", str(SEEDS), "-n", "50", "--format", "doccano"])
    assert result.exit_code == 0, result.output
    texts = {json.loads(line)["text"] for line in result.stdout.splitlines()}
    assert not {normalise_text(t) for t in texts} & labelled_texts(DEFAULT_DIR)


def test_an_input_labelled_already_says_so():
    """Every paragraph of the seed news report is in the committed training data."""
    news = SEEDS / "000_d197f903aaf74ad1.txt"
    result = runner.invoke(app, ["suggest", str(news), "--format", "doccano"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "no paragraph to suggest: every paragraph of the input is already" in result.stderr
    assert "0 paragraphs from 0 documents (of 0 unlabelled paragraphs)" in result.stderr


def test_one_suggestion_is_counted_in_the_singular(tmp_path):
    text = tmp_path / "one.txt"
    text.write_text(
        "The Council did not tell Mrs Q about the change to her care package until May.\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["suggest", str(text), "-n", "1", "--format", "doccano"])
    assert result.exit_code == 0, result.output
    assert "1 paragraph from 1 document (of 1 unlabelled paragraph)" in result.stderr


def test_uncertainty_peaks_at_the_threshold():
    thresholds = np.array([0.6, 0.4])
    scores = np.array([[0.6, 0.0], [1.0, 0.0], [0.3, 0.0], [0.9, 0.7]])
    assert np.allclose(uncertainty(scores, thresholds), [1.0, 0.0, 0.5, 0.5])


def _suggestion(text, u):
    return Suggestion(text, "s", "d", 0, [], {}, u)


def test_near_duplicates_are_not_picked_twice():
    pool = [
        _suggestion("The Council delayed the assessment of Mrs X by four months.", 0.99),
        _suggestion("The Council delayed the assessment of Mr Y by four months.", 0.98),
        _suggestion("Nobody recorded why the care plan was changed in March.", 0.60),
        _suggestion("The social worker did not return calls from the family.", 0.50),
    ]
    picked = pick_diverse(pool, 3)
    assert [s.uncertainty for s in picked] == [0.99, 0.60, 0.50]
