"""The speed-ups behind batch prediction give exactly the reference results."""

import dataclasses

import numpy as np

from classifier.int_table import IntTable
from classifier.persistence import DEFAULT_MODEL_DIR, MODEL_FILE, load_model_dir
from classifier.reading import read_source
from tests.conftest import SEED_DECISION


def test_int_table_matches_a_dict():
    rng = np.random.default_rng(0)
    keys = rng.integers(-(2**62), 2**62, size=5000)
    table = IntTable(keys[:3000], np.arange(3000))
    table.add(keys[3000:], np.arange(3000, 5000))
    queries = np.concatenate([keys, rng.integers(-(2**62), 2**62, size=1000)])
    expected = {int(k): i for i, k in enumerate(keys)}
    assert table.get(queries).tolist() == [expected.get(int(q), -1) for q in queries]


def test_to_dict_equals_dataclasses_asdict(analyzer):
    result = analyzer.analyse(read_source(str(SEED_DECISION)))
    expected = dataclasses.asdict(result)
    expected.pop("text")
    assert result.to_dict() == expected


def test_cached_model_predicts_exactly_like_the_model_file(tmp_path, monkeypatch):
    monkeypatch.setenv("CLASSIFY_CACHE_DIR", str(tmp_path))
    from_file = load_model_dir(DEFAULT_MODEL_DIR)
    assert len(list(tmp_path.glob("model-*.zip"))) == 1
    from_cache = load_model_dir(DEFAULT_MODEL_DIR)
    features = [p for p in read_source(str(SEED_DECISION)).text.splitlines() if p.strip()]
    a = from_file.estimators["faults"].predict_proba(features)
    b = from_cache.estimators["faults"].predict_proba(features)
    assert np.array_equal(a, b)
    assert type(from_cache.estimators["faults"]) is type(from_file.estimators["faults"])


def test_broken_cache_falls_back_to_the_model_file(tmp_path, monkeypatch):
    monkeypatch.setenv("CLASSIFY_CACHE_DIR", str(tmp_path))
    load_model_dir(DEFAULT_MODEL_DIR)
    (cached,) = tmp_path.glob("model-*.zip")
    cached.write_bytes(b"garbage")
    saved = load_model_dir(DEFAULT_MODEL_DIR)
    assert "faults" in saved.estimators
    assert (DEFAULT_MODEL_DIR / MODEL_FILE).exists()
