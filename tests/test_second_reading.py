"""The blind second reading in evaluation/ (40 held-out documents labelled from the guide
alone) reproduces the agreement figures the README and experiments.md quote."""

import json
from pathlib import Path

import numpy as np
import pytest

from classifier.document_eval import read_documents
from classifier.metrics import label_metrics, prf
from classifier.training_data import default_heldout_path, read_examples

READING = Path(__file__).resolve().parent.parent / "evaluation" / "second_reading.jsonl"
LABELS = ["complaint_handling", "contact", "delay", "record_keeping"]


def _reading():
    return [json.loads(line) for line in READING.read_text(encoding="utf-8").splitlines()]


def test_second_reading_covers_whole_held_out_documents():
    gold: dict[str, int] = {}
    for e in read_examples(default_heldout_path()):
        gold[e.doc_id] = gold.get(e.doc_id, 0) + 1
    records = _reading()
    assert len(records) == 40
    for record in records:
        assert [p["index"] for p in record["paragraphs"]] == list(range(gold[record["doc_id"]]))


def test_agreement_with_the_labels_is_as_quoted():
    gold = {}
    for e in read_examples(default_heldout_path()):
        gold.setdefault(e.doc_id, []).append(e)
    truth, second = [], []
    for record in _reading():
        for paragraph, example in zip(record["paragraphs"], gold[record["doc_id"]], strict=True):
            truth.append([int(lab in example.labels) for lab in LABELS])
            second.append([int(lab in paragraph["labels"]) for lab in LABELS])
    metrics = label_metrics(np.array(truth), np.array(second), LABELS)
    assert metrics["macro_f1"] == pytest.approx(0.965, abs=5e-4)

    documents = {r["doc_id"]: set(r["faults_found"]) for r in read_documents(split="heldout")}
    tp = fp = fn = 0
    for record in _reading():
        found, expected = set(record["faults_found"]), documents[record["doc_id"]]
        tp, fp, fn = (
            tp + len(found & expected),
            fp + len(found - expected),
            fn + len(expected - found),
        )
    assert prf(tp, fp, fn)["f1"] == pytest.approx(0.945, abs=5e-4)
