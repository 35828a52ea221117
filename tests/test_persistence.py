import json
import zipfile

import pytest

from classifier.errors import ModelError
from classifier.model import iter_vectorizers
from classifier.persistence import (
    CARD_FILE,
    MODEL_FILE,
    VOCABULARY_TERMS,
    load_model_dir,
    save_model_dir,
)
from classifier.trained import load_trained_model


def test_shipped_model_loads_with_card(shipped_model):
    card = shipped_model.card
    assert set(card["labels"]) == {"delay", "record_keeping", "contact", "complaint_handling"}
    for key in ("thresholds", "training_data_sha256", "n_examples", "cv_metrics", "versions"):
        assert key in card
    assert all(0 < t < 1 for t in card["thresholds"].values())


def test_save_and_load_round_trip(tmp_path, shipped_model):
    out = tmp_path / "model"
    save_model_dir(shipped_model.faults.estimators(), shipped_model.card, out)
    again = load_trained_model(out)
    texts = ["the council delay _party_ complaint response"]
    assert (again.faults.predict_proba(texts) == shipped_model.faults.predict_proba(texts)).all()


def _schema_vectorizers(node):
    """The saved TfidfVectorizer nodes of a skops schema."""
    if isinstance(node, dict):
        if node.get("__class__") == "TfidfVectorizer":
            yield node
        for value in node.values():
            yield from _schema_vectorizers(value)
    elif isinstance(node, list):
        for value in node:
            yield from _schema_vectorizers(value)


def test_vocabularies_are_saved_as_one_string_and_restored(tmp_path, shipped_model):
    estimators = shipped_model.faults.estimators()
    before = [dict(v.vocabulary_) for v in iter_vectorizers(estimators)]
    out = save_model_dir(estimators, shipped_model.card, tmp_path / "model")
    # The model in memory is left as it was.
    assert [dict(v.vocabulary_) for v in iter_vectorizers(estimators)] == before
    assert not any(hasattr(v, VOCABULARY_TERMS) for v in iter_vectorizers(estimators))
    with zipfile.ZipFile(out / MODEL_FILE) as zf:
        schema = json.loads(zf.read("schema.json"))
    saved = list(_schema_vectorizers(schema))
    assert len(saved) == len(before) == 3  # word, character and LSA terms
    for node in saved:
        state = node["content"]["content"]
        assert "vocabulary_" not in state and VOCABULARY_TERMS in state
    again = load_model_dir(out).estimators
    assert [dict(v.vocabulary_) for v in iter_vectorizers(again)] == before
    assert not any(hasattr(v, VOCABULARY_TERMS) for v in iter_vectorizers(again))


def test_failed_save_leaves_previous_model_intact(tmp_path, shipped_model):
    out = tmp_path / "model"
    save_model_dir(shipped_model.faults.estimators(), shipped_model.card, out)
    before = (out / MODEL_FILE).read_bytes()
    with pytest.raises(TypeError):
        save_model_dir(shipped_model.faults.estimators(), {"bad": object()}, out)
    assert (out / MODEL_FILE).read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["model"]


def test_missing_and_corrupt_models_give_clear_errors(tmp_path):
    with pytest.raises(ModelError, match="not found"):
        load_model_dir(tmp_path / "nothing")
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / CARD_FILE).write_text(json.dumps({"format_version": 1}))
    (broken / MODEL_FILE).write_bytes(b"not a zip file")
    with pytest.raises(ModelError, match="corrupt"):
        load_model_dir(broken)


def test_untrusted_type_in_model_file_is_refused(tmp_path, shipped_model):
    """A crafted file naming a function call must be refused before anything is built."""
    out = tmp_path / "evil"
    save_model_dir(shipped_model.faults.estimators(), shipped_model.card, out)
    path = out / MODEL_FILE
    with zipfile.ZipFile(path) as zf:
        files = {name: zf.read(name) for name in zf.namelist()}
    schema = json.loads(files["schema.json"])
    node = schema["content"]["faults"]
    node["__class__"], node["__module__"] = "system", "os"
    files["schema.json"] = json.dumps(schema).encode()
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    with pytest.raises(ModelError, match="untrusted types: os.system"):
        load_model_dir(out)


def test_incompatible_format_version_is_refused(tmp_path, shipped_model):
    out = tmp_path / "old"
    save_model_dir(shipped_model.faults.estimators(), shipped_model.card, out)
    card = json.loads((out / CARD_FILE).read_text())
    card["format_version"] = 99
    (out / CARD_FILE).write_text(json.dumps(card))
    with pytest.raises(ModelError, match="not supported"):
        load_model_dir(out)


def test_a_vocabulary_that_cannot_be_one_string_is_saved_as_is(tmp_path):
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer().fit(["a delay", "a letter"])
    vectorizer.vocabulary_ = {"a\nb": 0, "delay": 1, "letter": 2}  # a line break in a term
    out = save_model_dir({"features": vectorizer}, {"labels": []}, tmp_path / "model")
    again = load_model_dir(out).estimators["features"]
    assert again.vocabulary_ == {"a\nb": 0, "delay": 1, "letter": 2}


def test_a_failed_save_leaves_the_vocabularies_in_memory(tmp_path, shipped_model, monkeypatch):
    import skops.io

    estimators = shipped_model.faults.estimators()
    before = [dict(v.vocabulary_) for v in iter_vectorizers(estimators)]

    def broken_dump(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(skops.io, "dump", broken_dump)
    with pytest.raises(OSError, match="disk full"):
        save_model_dir(estimators, shipped_model.card, tmp_path / "model")
    assert [dict(v.vocabulary_) for v in iter_vectorizers(estimators)] == before
    assert not any(hasattr(v, VOCABULARY_TERMS) for v in iter_vectorizers(estimators))


def test_a_format_1_model_with_dict_vocabularies_still_loads(tmp_path, shipped_model):
    """Models saved before vocabularies were written as strings (format 1) load as before."""
    import skops.io as sio

    out = tmp_path / "old"
    out.mkdir()
    sio.dump(shipped_model.faults.estimators(), out / MODEL_FILE)
    (out / CARD_FILE).write_text(json.dumps({**shipped_model.card, "format_version": 1}))
    again = load_trained_model(out)
    texts = ["the council delay _party_ complaint response"]
    assert (again.faults.predict_proba(texts) == shipped_model.faults.predict_proba(texts)).all()


def test_a_scikit_learn_estimator_outside_the_trusted_list_is_refused(tmp_path, shipped_model):
    """skops trusts every scikit-learn estimator by default; this project trusts only its own."""
    from sklearn.svm import LinearSVC

    out = tmp_path / "model"
    estimators = {**shipped_model.faults.estimators(), "extra": LinearSVC()}
    save_model_dir(estimators, shipped_model.card, out)
    with pytest.raises(ModelError, match=r"untrusted types: sklearn\.svm\._classes\.LinearSVC$"):
        load_model_dir(out)


def test_skops_is_imported_without_its_default_trust_lists():
    """The estimator scan imports every scikit-learn module, the scipy function list looks
    each function up in every loaded module, and one helper imports ``sklearn.ensemble``;
    afterwards everything skops' import touched is as it was."""
    import subprocess
    import sys

    code = """
from classifier.persistence import skops_io
skops_io()
import sys
import scipy.special
import skops.io._trusted_types as trusted
from sklearn.utils import all_estimators
print(*(m in sys.modules for m in ("sklearn.semi_supervised", "sklearn.ensemble")))
print(len(trusted.SKLEARN_ESTIMATOR_TYPE_NAMES), len(trusted.SCIPY_UFUNC_TYPE_NAMES))
print(type(scipy.special).__name__, len(dir(scipy.special)) > 100, len(all_estimators()) > 100)
from sklearn.ensemble import HistGradientBoostingClassifier
print(HistGradientBoostingClassifier.__name__)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == [
        "False False",
        "0 0",
        "module True True",
        "HistGradientBoostingClassifier",
    ]


def test_estimators_outside_the_list_are_refused_when_skops_was_imported_first(tmp_path):
    """Other code may import skops.io first, with skops' default of trusting every estimator:
    the project's own check of the file still refuses them, wherever they are stored."""
    import subprocess
    import sys

    code = f"""
import numpy as np
import skops.io
from sklearn.linear_model import SGDClassifier
from sklearn.svm import LinearSVC
from classifier.errors import ModelError
from classifier.persistence import load_model_dir, save_model_dir
from classifier.trained import load_trained_model
model = load_trained_model(None)
stored = np.empty(1, dtype=object)
stored[0] = LinearSVC()
for name, extra in (("set", {{LinearSVC()}}), ("array", stored), ("plain", SGDClassifier())):
    out = {str(tmp_path)!r} + "/" + name
    save_model_dir({{**model.faults.estimators(), "extra": extra}}, model.card, out)
    try:
        load_model_dir(out)
        print(name, "loaded")
    except ModelError as exc:
        print(name, str(exc).rsplit(": ", 1)[-1])
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == [
        "set builtins.set, sklearn.svm._classes.LinearSVC",
        "array sklearn.svm._classes.LinearSVC",
        "plain sklearn.linear_model._stochastic_gradient.SGDClassifier",
    ]


def test_the_unlisted_stand_in_forwards_attributes_and_lists_nothing():
    import math

    from classifier.persistence import _UnlistedModule

    stand_in = _UnlistedModule(math)
    assert stand_in.sqrt(9) == 3 and stand_in.__name__ == "math" and dir(stand_in) == []
    with pytest.raises(AttributeError):
        stand_in.no_such_function  # noqa: B018
    bare = _UnlistedModule.__new__(_UnlistedModule, "bare")  # no __init__: no real module
    with pytest.raises(AttributeError, match="_real"):
        bare.sqrt  # noqa: B018
