"""Convert the labelled corpus (``shared/corpus/labelled/*.json``) into training data.

Writes ``train.jsonl`` and ``heldout.jsonl`` (paragraphs, split by document) and
``documents.jsonl`` (one record per document: text, split, faults found, remedies and header
metadata) so that the project needs nothing outside the repository at run time.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from classifier.errors import InputError
from classifier.segment import segment
from classifier.training_data import (
    DOCUMENTS_FILE,
    HELDOUT_FILE,
    TRAIN_FILE,
    Example,
    is_heldout,
    write_examples,
)


@dataclass
class ConversionSummary:
    """Counts from one corpus conversion."""

    documents: int
    train_paragraphs: int
    heldout_paragraphs: int
    heldout_documents: int


def _read_manifest(corpus_dir: Path) -> dict[str, str]:
    manifest = corpus_dir / "manifest.tsv"
    if not manifest.exists():
        return {}
    with manifest.open(encoding="utf-8") as handle:
        return {row["file"]: row["url"] for row in csv.DictReader(handle, delimiter="\t")}


def _find_text(shared_dir: Path, name: str) -> Path:
    for candidate in (shared_dir / "corpus" / "texts" / name, shared_dir / "seeds" / name):
        if candidate.exists():
            return candidate
    raise InputError(f"{name}: text not found under {shared_dir}/corpus/texts or seeds")


def convert_corpus(shared_dir: Path, out_dir: Path) -> ConversionSummary:
    """Convert every labelled record under ``shared_dir`` into the project's training files."""
    labelled = sorted((shared_dir / "corpus" / "labelled").glob("*.json"))
    if not labelled:
        raise InputError(f"{shared_dir}/corpus/labelled: no labelled *.json records")
    urls = _read_manifest(shared_dir / "corpus")
    train: list[Example] = []
    heldout: list[Example] = []
    documents: list[dict] = []
    for record_path in labelled:
        record = json.loads(record_path.read_text(encoding="utf-8"))
        name = record["file"]
        text = _find_text(shared_dir, name).read_text(encoding="utf-8")
        doc_id = Path(name).stem
        source = urls.get(name, f"seeds/{name}")
        split = "heldout" if is_heldout(doc_id) else "train"
        paragraphs = segment(text)
        spans = [(p.start, p.end) for p in paragraphs]
        gold = [(p["start"], p["end"]) for p in record["paragraphs"]]
        if spans != gold:
            raise InputError(f"{record_path}: paragraph offsets do not match the text")
        target = heldout if split == "heldout" else train
        for paragraph, label in zip(paragraphs, record["paragraphs"], strict=True):
            target.append(
                Example(
                    text=paragraph.text,
                    labels=sorted(label["labels"]),
                    finding=label["finding"],
                    source=source,
                    doc_id=doc_id,
                )
            )
        documents.append(
            {
                "doc_id": doc_id,
                "file": name,
                "source": source,
                "split": split,
                "text": text,
                "paragraphs": record["paragraphs"],
                "faults_found": record.get("faults_found", []),
                "remedies": record.get("remedies", []),
                "metadata": {
                    key: record.get(key)
                    for key in ("authority", "reference", "outcome", "decision_date")
                },
            }
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    write_examples(out_dir / TRAIN_FILE, train)
    write_examples(out_dir / HELDOUT_FILE, heldout)
    tmp = out_dir / (DOCUMENTS_FILE + ".tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        for doc in documents:
            handle.write(json.dumps(doc, ensure_ascii=False) + "\n")
    tmp.replace(out_dir / DOCUMENTS_FILE)
    return ConversionSummary(
        documents=len(documents),
        train_paragraphs=len(train),
        heldout_paragraphs=len(heldout),
        heldout_documents=sum(d["split"] == "heldout" for d in documents),
    )
