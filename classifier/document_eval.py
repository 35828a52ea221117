"""Document-level evaluation: findings, faults found, remedies and metadata on whole texts.

Runs the full analysis over the labelled documents of ``training_data/documents.jsonl``
(held-out split by default) and compares with their gold records.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from classifier.analyse import Analyzer
from classifier.analysis_eval import METADATA_FIELDS, score_metadata, score_remedies
from classifier.metrics import finding_metrics, prf
from classifier.reading import SourceText
from classifier.trained import TrainedModel
from classifier.training_data import DEFAULT_DIR, DOCUMENTS_FILE


def read_documents(path: str | Path | None = None, split: str | None = "heldout") -> list[dict]:
    """Gold document records (optionally of one split)."""
    path = Path(path) if path else DEFAULT_DIR / DOCUMENTS_FILE
    with path.open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    return [r for r in records if split is None or r.get("split") == split]


def _set_counts(pairs: Iterable[tuple[set[str], set[str]]]) -> dict[str, float]:
    tp = fp = fn = 0
    for predicted, gold in pairs:
        tp += len(predicted & gold)
        fp += len(predicted - gold)
        fn += len(gold - predicted)
    return prf(tp, fp, fn)


def evaluate_documents(model: TrainedModel, records: list[dict]) -> dict[str, Any]:
    """Finding F1 per value, faults-found micro P/R/F1, remedy P/R and metadata accuracy."""
    analyzer = Analyzer(model)
    results = {
        r["doc_id"]: analyzer.analyse(SourceText(r["doc_id"], r["text"], "utf-8")) for r in records
    }
    gold_findings, predicted_findings = [], []
    for record in records:
        predicted = results[record["doc_id"]].paragraphs
        for got, gold in zip(predicted, record["paragraphs"], strict=True):
            gold_findings.append(gold["finding"])
            predicted_findings.append(got.finding)
    remedies = score_remedies({k: r.remedies for k, r in results.items()}, records)
    metadata = score_metadata({k: r.metadata for k, r in results.items()}, records)
    return {
        "n_documents": len(records),
        "finding": finding_metrics(gold_findings, predicted_findings)["findings"],
        "faults_found": _set_counts(
            (set(results[r["doc_id"]].faults_found), set(r["faults_found"])) for r in records
        ),
        "remedies": {
            "precision": remedies.precision,
            "recall": remedies.recall,
            "true_positives": remedies.true_positives,
            "false_positives": len(remedies.false_positives),
            "false_negatives": len(remedies.false_negatives),
        },
        "metadata": {
            "all_fields": metadata.accuracy(),
            **{name: metadata.accuracy(name) for name in METADATA_FIELDS},
        },
    }
