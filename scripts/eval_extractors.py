"""Score the remedy and metadata extractors on the train and heldout splits of documents.jsonl.

Usage: python scripts/eval_extractors.py [path/to/documents.jsonl] [--split train|heldout]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from classifier.analysis_eval import METADATA_FIELDS, score_metadata, score_remedies
from classifier.metadata import extract_metadata
from classifier.remedies import analyse_remedies
from classifier.segment import segment
from classifier.training_data import DEFAULT_DIR, DOCUMENTS_FILE


def _context(text: str, start: int, end: int) -> str:
    return text[max(0, start - 70) : end + 40].replace("\n", " | ")


def main() -> None:
    """Print remedy P/R and metadata accuracy per split, with every error."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT_DIR / DOCUMENTS_FILE))
    parser.add_argument("--split", choices=["train", "heldout"], action="append")
    args = parser.parse_args()
    records = [json.loads(line) for line in Path(args.path).read_text("utf-8").splitlines()]
    texts = {r["doc_id"]: r["text"] for r in records}
    began = time.perf_counter()
    remedies, metadata = {}, {}
    for record in records:
        text = record["text"]
        remedies[record["doc_id"]] = analyse_remedies(text, segment(text))[0]
        metadata[record["doc_id"]] = extract_metadata(text)
    elapsed = time.perf_counter() - began
    print(f"{len(records)} documents in {elapsed:.2f}s")
    for split in args.split or ["train", "heldout"]:
        gold = [r for r in records if r["split"] == split]
        rs = score_remedies(remedies, gold)
        ms = score_metadata(metadata, gold)
        print(f"\n== {split}: {len(gold)} documents")
        print(
            f"remedies: precision {rs.precision:.3f} recall {rs.recall:.3f} "
            f"(tp {rs.true_positives}, fp {len(rs.false_positives)}, "
            f"fn {len(rs.false_negatives)})"
        )
        fields = " ".join(f"{name} {ms.accuracy(name):.3f}" for name in METADATA_FIELDS)
        print(f"metadata: {fields} all {ms.accuracy():.3f}")
        for kind, errors in (("FP", rs.false_positives), ("FN", rs.false_negatives)):
            for doc_id, (amount, start, end) in errors:
                print(f"  {kind} {doc_id} {amount:g} :: {_context(texts[doc_id], start, end)}")
        for doc_id, name, got, want in ms.errors:
            print(f"  META {doc_id} {name}: got {got!r} want {want!r}")


if __name__ == "__main__":
    main()
