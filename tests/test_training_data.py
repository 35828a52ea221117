"""Training-data directories: which files are training input, and the preprocessing cache."""

import pytest

from classifier import features
from classifier.errors import InputError
from classifier.training_data import Example, data_sha256, read_examples, write_examples


def _write(path, *texts):
    write_examples(path, [Example(text=t, labels=["delay"], doc_id=t[:3]) for t in texts])


def test_directory_reads_train_and_added_but_never_heldout_or_documents(tmp_path):
    _write(tmp_path / "train.jsonl", "train one")
    _write(tmp_path / "added.jsonl", "added one")
    _write(tmp_path / "heldout.jsonl", "heldout one")
    (tmp_path / "documents.jsonl").write_text('{"file": "x"}\n')
    assert sorted(e.text for e in read_examples(tmp_path)) == ["added one", "train one"]


def test_data_hash_covers_exactly_the_training_files(tmp_path):
    _write(tmp_path / "train.jsonl", "train one")
    before = data_sha256(tmp_path)
    _write(tmp_path / "heldout.jsonl", "heldout one")
    assert data_sha256(tmp_path) == before
    _write(tmp_path / "added.jsonl", "added one")
    assert data_sha256(tmp_path) != before


def test_directory_without_training_files_is_an_error(tmp_path):
    _write(tmp_path / "heldout.jsonl", "heldout one")
    with pytest.raises(InputError, match="no \\*.jsonl training files"):
        read_examples(tmp_path)


def test_preprocessing_is_cached_by_text(tmp_path, monkeypatch):
    monkeypatch.setenv(features.CACHE_ENV, str(tmp_path / "cache"))
    examples = [Example(text="The Council delayed the review.", doc_id="a")]
    first = features.example_features(examples)
    monkeypatch.setattr(features, "featurize", lambda texts: pytest.fail("not cached"))
    assert features.example_features(examples) == first


def test_cache_can_be_turned_off(monkeypatch):
    monkeypatch.setenv(features.CACHE_ENV, "off")
    assert features.cache_dir() is None
