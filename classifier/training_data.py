"""Labelled training data: the project's JSONL format, validation and corpus conversion.

One paragraph per line::

    {"text": "...", "labels": ["delay"], "finding": "fault", "source": "https://...",
     "doc_id": "22-001-239"}

``labels`` is a list (possibly empty) of fault types; ``finding`` is ``fault``, ``no_fault`` or
``none``; ``source`` attributes the text; ``doc_id`` groups paragraphs of one document so that
splits and cross-validation never put the same decision on both sides.

A training-data directory holds ``train.jsonl`` (from the corpus), ``added.jsonl`` (examples
added with ``classify data add``), ``synthetic.jsonl`` (paragraphs written for training, not
taken from real texts: their ``source`` is ``synthetic``), ``heldout.jsonl`` and
``documents.jsonl``. Read as training input, a directory means every ``*.jsonl`` in it except
the held-out split and the documents.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from classifier.errors import InputError

FINDINGS = ("fault", "no_fault", "none")
DEFAULT_DIR = Path(__file__).resolve().parent.parent / "training_data"
TRAIN_FILE = "train.jsonl"
HELDOUT_FILE = "heldout.jsonl"
DOCUMENTS_FILE = "documents.jsonl"
ADDED_FILE = "added.jsonl"
#: ``source`` of examples written for training rather than taken from a real text.
SYNTHETIC_SOURCE = "synthetic"
#: Files of a training-data directory that are never training input.
NOT_TRAINING = frozenset({HELDOUT_FILE, DOCUMENTS_FILE})


@dataclass
class Example:
    """One labelled paragraph."""

    text: str
    labels: list[str] = field(default_factory=list)
    finding: str = "none"
    source: str = ""
    doc_id: str = ""

    @property
    def synthetic(self) -> bool:
        """True for a paragraph written for training, not taken from a real text.

        Synthetic examples train the model but are never scored in cross-validation.
        """
        return self.source == SYNTHETIC_SOURCE

    def to_json(self) -> str:
        """This example as one JSONL line (without newline)."""
        return json.dumps(asdict(self), ensure_ascii=False)


def parse_example(obj: object, where: str) -> Example:
    """Validate one decoded JSON object as an :class:`Example`."""
    if not isinstance(obj, dict):
        raise InputError(f"{where}: expected a JSON object")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{where}: 'text' must be a non-empty string")
    labels = obj.get("labels", [])
    if not isinstance(labels, list) or not all(isinstance(x, str) and x for x in labels):
        raise InputError(f"{where}: 'labels' must be a list of label names")
    finding = obj.get("finding", "none")
    if finding not in FINDINGS:
        raise InputError(f"{where}: 'finding' must be one of {', '.join(FINDINGS)}")
    return Example(
        text=text,
        labels=sorted(set(labels)),
        finding=finding,
        source=str(obj.get("source", "")),
        doc_id=str(obj.get("doc_id", "")),
    )


def normalise_text(text: str) -> str:
    """The form of a paragraph used to find duplicates: NFKC, case-folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def training_files(path: str | Path) -> list[Path]:
    """The files ``path`` stands for as training input.

    A file is itself; a directory is its ``*.jsonl`` files in name order, except
    ``heldout.jsonl`` and ``documents.jsonl`` so that held-out data never leaks into training.
    """
    path = Path(path)
    if not path.is_dir():
        return [path]
    return sorted(f for f in path.glob("*.jsonl") if f.name not in NOT_TRAINING)


def json_lines(path: Path, lines: Iterable[str]) -> Iterator[tuple[str, int, Any]]:
    """Decode the non-blank lines of a JSONL file: ``(file:line, line number, value)``.

    An invalid line is an :class:`InputError` naming the file and line.
    """
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{where}: invalid JSON ({exc.msg})") from None
        yield where, number, value


def read_examples(path: str | Path) -> list[Example]:
    """Read a JSONL file (or a directory's training files) of examples, validating each."""
    path = Path(path)
    if path.is_dir():
        files = training_files(path)
        if not files:
            raise InputError(f"{path}: no *.jsonl training files")
        return [ex for f in files for ex in read_examples(f)]
    if not path.exists():
        raise InputError(f"{path}: no such file")
    with path.open(encoding="utf-8") as handle:
        examples = [parse_example(obj, where) for where, _, obj in json_lines(path, handle)]
    if not examples:
        raise InputError(f"{path}: no examples")
    return examples


def write_examples(path: Path, examples: Iterable[Example]) -> None:
    """Write examples as JSONL, atomically (a temporary file renamed into place)."""
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        for example in examples:
            handle.write(example.to_json() + "\n")
    tmp.replace(path)


def default_train_path() -> Path:
    """The committed training split."""
    return DEFAULT_DIR / TRAIN_FILE


def default_training_input() -> Path:
    """What ``classify train`` trains on: the training split, synthetic and added examples."""
    return DEFAULT_DIR


def default_heldout_path() -> Path:
    """The committed held-out split."""
    return DEFAULT_DIR / HELDOUT_FILE


def data_sha256(path: str | Path) -> str:
    """SHA-256 of a training file, or of the training files of a directory in name order."""
    digest = hashlib.sha256()
    for file in training_files(path):
        digest.update(file.read_bytes())
    return digest.hexdigest()


def is_heldout(doc_id: str, fraction: int = 5) -> bool:
    """Fixed document-level split: about one document in ``fraction`` is held out."""
    return int(hashlib.sha256(doc_id.encode()).hexdigest(), 16) % fraction == 0
