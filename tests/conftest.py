"""Shared fixtures: paths to seed copies and the shipped model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
SEEDS = DATA / "seeds"
SEED_DECISION = SEEDS / "002_d974820b931dba70.txt"
SEED_NEWS = SEEDS / "000_d197f903aaf74ad1.txt"

TOY_LABELS = ["contact", "delay"]
_TOY_DELAY = ["council delay the assessment", "it take too long to reply", "late payment delay"]
_TOY_CONTACT = ["council not tell _party_ of the meeting", "fail to return call", "no letter send"]


def toy_data(n_docs: int, offset: int = 0) -> tuple[list[str], list[list[str]], list[str]]:
    """Feature strings, label lists and document ids of a toy set: three paragraphs a document."""
    X, y, groups = [], [], []
    for i in range(offset, offset + n_docs):
        X += [_TOY_DELAY[i % 3] + f" case{i}", _TOY_CONTACT[i % 3] + f" case{i}", f"background {i}"]
        y += [["delay"], ["contact"], []]
        groups += [f"d{i}"] * 3
    return X, y, groups


def toy_data_with_synthetic(
    n_docs: int, n_written: int = 3
) -> tuple[list[str], list[list[str]], list[str], list[bool]]:
    """:func:`toy_data` of ``n_docs`` real documents followed by the rows of ``n_written``
    synthetic ones (each row its own group), and the synthetic flag of every row."""
    X, y, groups = toy_data(n_docs)
    written_X, written_y, _ = toy_data(n_written, offset=100)
    synthetic = [False] * len(X) + [True] * len(written_X)
    written_groups = [f"s{i}" for i in range(len(written_X))]
    return X + written_X, y + written_y, groups + written_groups, synthetic


def first_documents(path: Path, n_docs: int, out: Path) -> Path:
    """Write the lines of the first ``n_docs`` documents of the JSONL file ``path`` to ``out``."""
    lines, docs = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)["doc_id"]
        if doc not in docs:
            if len(docs) == n_docs:
                break
            docs.append(doc)
        lines.append(line)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


@pytest.fixture(scope="session")
def shipped_model():
    """The default model shipped in models/, loaded once per test session."""
    from classifier.trained import load_trained_model

    return load_trained_model()


@pytest.fixture(scope="session")
def analyzer(shipped_model):
    """An analyzer over the shipped model."""
    from classifier.analyse import Analyzer

    return Analyzer(shipped_model)


@pytest.fixture(scope="session", autouse=True)
def _feature_cache(tmp_path_factory):
    """Keep the test session's preprocessing cache out of the user's cache directory."""
    patch = pytest.MonkeyPatch()
    patch.setenv("CLASSIFY_CACHE_DIR", str(tmp_path_factory.mktemp("feature-cache")))
    yield
    patch.undo()


def subset_jsonl(path: Path, n_docs: int, skip_docs: int = 0) -> str:
    """The lines of the documents ``skip_docs + 1`` to ``skip_docs + n_docs`` of a JSONL split."""
    import json

    lines, docs = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)["doc_id"]
        if doc not in docs:
            docs.append(doc)
        if len(docs) > skip_docs + n_docs:
            break
        if len(docs) > skip_docs:
            lines.append(line)
    return "\n".join(lines) + "\n"
