"""Evaluation reports on a tiny hand-computed fixture: metrics.json, report.md, report.html."""

import base64
import json
import re
import subprocess
import sys

import numpy as np
import pytest

from classifier.evaluate import Predictions, evaluate_predictions
from classifier.report import format_evaluation, write_report

LABELS = ["contact", "delay", "record_keeping"]  # record_keeping: no gold positives
TEXTS = [
    "The Council did not keep Mrs X informed.",
    "There was a delay of six months.",
    "Mr Y complained about the noise.",
    "The Council delayed and did not return his calls.",
    "Background.",
]
DOCS = ["d1", "d1", "d2", "d2", "d3"]
GOLD = [[1, 0, 0], [0, 1, 0], [0, 0, 0], [1, 1, 0], [0, 0, 0]]
PROBA = [[0.9, 0.1, 0.2], [0.2, 0.8, 0.1], [0.7, 0.2, 0.6], [0.25, 0.95, 0.1], [0.1, 0.1, 0.1]]
CARD = {"name": "toy", "version": "1", "kind": "word_lr", "cv_folds": 3}


def _predictions(shown=None):
    return Predictions(
        labels=LABELS,
        thresholds=np.array([0.5, 0.5, 0.5]),
        y_true=np.array(GOLD),
        proba=np.array(PROBA),
        texts=TEXTS,
        doc_ids=DOCS,
        shown=None if shown is None else np.array(shown),
    )


def _evaluation(**extra):
    evaluation = evaluate_predictions(_predictions(), CARD, "toy.jsonl", n_resamples=200)
    for key, value in extra.items():
        setattr(evaluation, key, value)
    return evaluation


def test_metrics_by_hand():
    d = _evaluation().to_dict()
    # contact: tp 1 (row 0), fp 1 (row 2), fn 1 (row 3); delay: all right;
    # record_keeping: no gold positives, one false positive
    assert d["labels"]["contact"] == pytest.approx(
        {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2}
    )
    assert d["labels"]["delay"]["f1"] == 1.0
    assert d["labels"]["record_keeping"] == pytest.approx(
        {"precision": 0.0, "recall": 1.0, "f1": 0.0, "support": 0}
    )
    assert d["macro_f1"] == pytest.approx(0.5)
    assert d["micro_f1"] == pytest.approx(2 * 3 / (2 * 3 + 2 + 1))
    assert d["confusion"]["contact"] == {"tp": 1, "fp": 1, "fn": 1, "tn": 2}
    assert d["confusion"]["record_keeping"] == {"tp": 0, "fp": 1, "fn": 0, "tn": 4}
    assert (d["n_examples"], d["n_documents"]) == (5, 3)
    # the keyword baseline finds "keep ... informed", "return his calls", "delay"
    assert d["baseline"]["labels"]["contact"]["f1"] == 1.0
    assert d["baseline"]["macro_f1"] == 1.0
    boot = d["bootstrap"]
    assert boot["macro_f1"]["estimate"] == pytest.approx(0.5)
    assert boot["macro_f1"]["low"] <= 0.5 <= boot["macro_f1"]["high"]


def test_worst_errors_rank_the_most_confident_mistakes_first():
    errors = _evaluation().predictions.worst_errors(20)
    # row 3 misses contact at 0.25 (0.75 from gold); row 2 wrongly gives contact at 0.7
    assert [e["index"] for e in errors] == [3, 2]
    assert errors[0]["gold"] == ["contact", "delay"] and errors[0]["predicted"] == ["delay"]
    assert errors[0]["error"] == pytest.approx(0.75)
    assert errors[1]["text"] == TEXTS[2]


def test_write_report_files_and_stable_keys(tmp_path):
    written = write_report(_evaluation(), tmp_path)
    assert [p.name for p in written] == ["metrics.json", "report.md", "report.html"]
    metrics = json.loads((tmp_path / "metrics.json").read_text())
    assert set(metrics) >= {
        "labels", "micro_f1", "macro_f1", "model", "data", "n_examples", "n_documents",
        "bootstrap", "learning_curve", "baseline", "cv", "confusion", "document_metrics",
    }  # fmt: skip
    assert metrics["learning_curve"] is None and metrics["cv"] is None
    md = (tmp_path / "report.md").read_text()
    assert "| contact | 0.500 | 0.500 | 0.500 |" in md
    assert "## Keyword baseline" in md and "## Model card" in md


def test_html_is_self_contained_with_png_plots(tmp_path):
    write_report(_evaluation(learning_curve=_LEARNING_CURVE), tmp_path)
    page = (tmp_path / "report.html").read_text()
    assert not re.search(r"(src|href)=['\"]?(https?:|//|file:)", page)
    images = re.findall(r"src='data:image/png;base64,([^']+)'", page)
    assert len(images) == 5  # F1 intervals, PR curves, confusion, calibration, learning curve
    for data in images:
        assert base64.b64decode(data).startswith(b"\x89PNG\r\n\x1a\n")
    assert "The 20 worst errors" in page and "Mr Y complained about the noise." in page


_LEARNING_CURVE = {
    "training_data": "train.jsonl",
    "seed": 0,
    "points": [
        {"fraction": f, "n_documents": n, "n_examples": 10 * n, "cv_folds": 3,
         "macro_f1": 0.4 + f / 4, "micro_f1": 0.5, "f1": dict.fromkeys(LABELS, 0.5)}
        for f, n in ((0.5, 5), (1.0, 10))
    ],
}  # fmt: skip
_CV = {
    "training_data": "train.jsonl",
    "folds": 3,
    "grouped_by": "document",
    "inner_cv_folds": 3,
    "macro_f1": {"mean": 0.61, "sd": 0.04},
    "micro_f1": {"mean": 0.62, "sd": 0.03},
    "labels": {label: {"mean": 0.6, "sd": 0.05} for label in LABELS},
    "per_fold": [],
}


def test_optional_parts_are_shown_when_present(tmp_path):
    document_metrics = {
        "finding": {"f1": 0.812},
        "remedies": {"precision": 0.9, "recall": 0.75},
        "faults_found": {"f1": 0.7},
        "metadata": {"outcome": {"accuracy": 1.0}},
    }
    evaluation = _evaluation(
        learning_curve=_LEARNING_CURVE, cv=_CV, document_metrics=document_metrics
    )
    text = format_evaluation(evaluation)
    assert "finding" in text and "0.812" in text and "metadata" in text
    assert "outcome.accuracy" in text
    assert re.search(r"macro-F1 +0\.610 ± 0\.040", text)
    assert "50%" in text and "0.650" in text  # the learning-curve point at 100%
    write_report(evaluation, tmp_path)
    md = (tmp_path / "report.md").read_text()
    assert "| remedies | recall | 0.750 |" in md
    assert "## Cross-validation" in md and "## Learning curve" in md
    assert json.loads((tmp_path / "metrics.json").read_text())["document_metrics"] == (
        document_metrics
    )
    page = (tmp_path / "report.html").read_text()
    assert "Document analysis" in page and "faults_found" in page
    assert "0.610 ± 0.040" in page
    assert "repeated over" not in md  # one split of the documents


def test_repeated_cross_validation_names_each_split(tmp_path):
    cv = _CV | {"repeats": 2, "repeat_macro_f1": [0.6, 0.62]}
    write_report(_evaluation(cv=cv), tmp_path)
    md = (tmp_path / "report.md").read_text()
    assert "repeated over 2 splits of the documents into folds" in md
    assert "over all 6 folds" in md
    assert "| macro-F1 per split | 0.600, 0.620 |" in md
    assert re.search(r"macro-F1 per split +0\.600, 0\.620", format_evaluation(_evaluation(cv=cv)))


def test_cli_start_up_does_not_import_matplotlib():
    code = "import sys, classifier.cli; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_withheld_paragraphs_count_as_unlabelled_and_the_model_alone_is_reported(tmp_path):
    """Row 2 (a false positive for contact and record_keeping) is withheld, as a heading
    would be: the shown labels lose those errors; "model alone" keeps them."""
    predictions = _predictions(shown=[True, True, False, True, True])
    assert predictions.y_pred[2].tolist() == [0, 0, 0]
    assert predictions.y_model[2].tolist() == [1, 0, 1]
    assert predictions.shown_proba[2].tolist() == [0.0, 0.0, 0.0]
    assert predictions.shown_proba[0].tolist() == PROBA[0]
    evaluation = evaluate_predictions(predictions, CARD, "toy.jsonl", n_resamples=200)
    d = evaluation.to_dict()
    assert d["labels"]["contact"]["precision"] == pytest.approx(1.0)  # was 0.5
    assert d["labels"]["record_keeping"]["f1"] == pytest.approx(1.0)  # nothing found wrongly
    assert d["withheld"]["paragraphs"] == 1
    assert d["withheld"]["model_alone"]["macro_f1"] == pytest.approx(
        _evaluation().metrics["macro_f1"]
    )
    assert d["confusion"]["contact"]["fp"] == 0
    assert re.search(r"macro-F1, model alone +0\.500", format_evaluation(evaluation))
    assert "macro-F1, model alone" not in format_evaluation(_evaluation())


def test_the_keyword_baseline_is_scored_under_the_same_rule():
    """The baseline finds contact in rows 0 and 3 (both right); with row 3 withheld it keeps
    only row 0, as the model's labels would."""
    predictions = _predictions(shown=[True, True, True, False, True])
    evaluation = evaluate_predictions(predictions, CARD, "toy.jsonl", n_resamples=200)
    assert _evaluation().baseline["labels"]["contact"]["recall"] == pytest.approx(1.0)
    assert evaluation.baseline["labels"]["contact"]["recall"] == pytest.approx(0.5)


def test_metrics_by_document_type_are_reported(tmp_path):
    """d1 is a decision statement, d2 and d3 other pages: d1's rows are all right; d2 has
    the contact errors (rows 2 and 3), and its false positive (row 2) is withheld, as a
    heading's labels would be; d3 has nothing to find."""
    predictions = _predictions(shown=[True, True, False, True, True])
    predictions.decision = np.array([True, True, False, False, False])
    evaluation = evaluate_predictions(predictions, CARD, "toy.jsonl", n_resamples=200)
    d = evaluation.to_dict()["by_document_type"]
    assert d["decision"]["n_documents"] == 1 and d["decision"]["labels"]["contact"]["f1"] == 1.0
    other = d["other"]["labels"]
    assert d["other"]["n_examples"] == 3 and other["contact"]["f1"] == 0.0
    assert other["record_keeping"]["f1"] == 1.0  # row 2's false positive is not shown
    cv_by_type = {"other": {"n_documents": 21, "n_examples": 288, "macro_f1": 0.536}}
    cv_by_type["other"]["labels"] = {label: {"f1": 0.5, "support": 4} for label in LABELS}
    evaluation.cv = _CV | {"by_document_type": cv_by_type}
    write_report(evaluation, tmp_path)
    md = (tmp_path / "report.md").read_text()
    assert "## By document type" in md
    assert "| toy.jsonl | decision statements | 1 | 2 | 1.000 | 1.000 (1) | 1.000 (1) |" in md
    assert "| cross-validation | news and council pages | 21 | 288 | 0.536 | 0.500 (4) |" in md
    assert "By document type" in (tmp_path / "report.html").read_text()
    assert "By document type" not in format_evaluation(_evaluation())
