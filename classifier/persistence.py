"""Save and load model directories: a skops file plus a ``model.json`` model card.

Models are saved with ``skops.io`` (never pickle) and loaded with an explicit list of
trusted types; a file naming any other type is refused before anything in it is built.
New models are written to a temporary directory and moved into place only when complete.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import sys
import tempfile
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from classifier.errors import ModelError

MODEL_FILE = "model.skops"
CARD_FILE = "model.json"
#: Version written by this code; version 1 files (vocabularies saved as dicts) still load.
FORMAT_VERSION = 2
READABLE_FORMATS = (1, 2)
DEFAULT_MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "default"

#: Attribute that holds a TF-IDF vocabulary as one string in a saved model file.
VOCABULARY_TERMS = "vocabulary_terms_"

#: Every type a model file of this project may contain (skops trusts some of them anyway).
TRUSTED_TYPES = [
    "builtins.slice",
    "numpy.dtype",
    "numpy.float32",
    "numpy.float64",
    "numpy.int64",
    "numpy.ndarray",
    "scipy.sparse._csr.csr_matrix",
    "sklearn.decomposition._truncated_svd.TruncatedSVD",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.multiclass.OneVsRestClassifier",
    "sklearn.pipeline.FeatureUnion",
    "sklearn.pipeline.Pipeline",
    "sklearn.preprocessing._data.Normalizer",
    "sklearn.preprocessing._label.LabelBinarizer",
]


_skops_import_lock = threading.Lock()


#: A module skops imports, if it can, only to trust one histogram-boosting type by default.
_SKIPPED_MODULE = "sklearn.ensemble._hist_gradient_boosting.binning"


class _UnlistedModule(ModuleType):
    """A stand-in for a module whose ``dir()`` is empty but whose attributes are the real
    module's: code that lists the module's contents finds nothing, code that uses it works."""

    def __init__(self, real: ModuleType) -> None:
        super().__init__(real.__name__)
        self._real = real

    def __getattr__(self, name: str) -> Any:
        if name == "_real":  # not set: an instance made by __new__ without __init__
            raise AttributeError(name)
        return getattr(self._real, name)

    def __dir__(self) -> list[str]:
        return []


def skops_io() -> ModuleType:
    """``skops.io``, imported without building default trust lists this project never uses.

    On import, skops lists types to trust by default: every scikit-learn estimator
    (``sklearn.utils.all_estimators``, which imports every scikit-learn module: about 0.3 s),
    every ``scipy.special`` function (each looked up in every loaded module: 0.1-0.4 s,
    more the more modules are loaded) and a histogram-boosting helper (importing
    ``sklearn.ensemble``: about 0.07 s). This project always loads with its own
    ``TRUSTED_TYPES``, so while skops is imported the estimator listing returns nothing,
    ``scipy.special`` lists no contents (its attributes still work) and the helper's module
    reads as missing; all three are restored afterwards. For every skops user in the process,
    skops then refuses scikit-learn estimators, ``scipy.special`` functions and that helper
    unless its caller names them, instead of trusting them (its other defaults, such as numpy
    functions and dtypes, are unchanged). If skops was imported before (by other code), it is
    used as it is; :func:`load_model_dir` checks every type the file names against
    ``TRUSTED_TYPES`` itself first (:func:`untrusted_types`). While the import runs, another
    thread that imports ``sklearn.ensemble`` for the first time would fail: the CLI and the
    batch workers load the model before any such import.
    """
    with _skops_import_lock:
        if "skops.io" in sys.modules:
            return sys.modules["skops.io"]
        import scipy.special
        import sklearn.utils

        listing, special = sklearn.utils.all_estimators, scipy.special
        skipped = _SKIPPED_MODULE not in sys.modules
        try:
            sklearn.utils.all_estimators = lambda *args, **kwargs: []
            scipy.special = _UnlistedModule(special)
            if skipped:
                sys.modules[_SKIPPED_MODULE] = None  # type: ignore[assignment]  # import fails
            import skops.io
        finally:
            sklearn.utils.all_estimators, scipy.special = listing, special
            if skipped:
                sys.modules.pop(_SKIPPED_MODULE, None)
        return skops.io


#: Types skops writes for plain containers and values; it trusts them itself.
_BASIC_TYPES = {
    f"builtins.{name}" for name in ("dict", "list", "tuple", "str", "int", "float", "bool")
}


def _schema_types(node: Any) -> Iterator[str]:
    """Every ``module.Class`` named in a skops schema: each node it would build names one."""
    if isinstance(node, dict):
        if "__module__" in node and "__class__" in node:
            yield f"{node['__module__']}.{node['__class__']}"
        for value in node.values():
            yield from _schema_types(value)
    elif isinstance(node, list):
        for value in node:
            yield from _schema_types(value)


def untrusted_types(model_file: Path) -> list[str]:
    """Types a skops file names outside ``TRUSTED_TYPES`` and the basic ones, read from its
    schema without building anything.

    skops trusts every scikit-learn estimator by default when code other than
    :func:`skops_io` imported it first; this check does not depend on that.
    """
    with zipfile.ZipFile(model_file) as archive:
        schema = json.loads(archive.read("schema.json"))
    return sorted(set(_schema_types(schema)) - set(TRUSTED_TYPES) - _BASIC_TYPES)


def _untrusted_error(model_file: Path, refused: list[str]) -> ModelError:
    return ModelError(f"{model_file}: refusing to load untrusted types: {', '.join(refused)}")


@dataclass
class SavedModel:
    """A loaded model directory: named fitted estimators and the model card."""

    estimators: dict[str, Any]
    card: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None


def save_model_dir(estimators: dict[str, Any], card: dict[str, Any], out_dir: Path) -> Path:
    """Write ``estimators`` and ``card`` to ``out_dir`` atomically; return ``out_dir``.

    The files are written into a sibling temporary directory which then replaces
    ``out_dir``; if anything fails, a previous model at ``out_dir`` is left intact.
    """
    sio = skops_io()
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
    try:
        with _compact_vocabularies(estimators):
            sio.dump(estimators, tmp / MODEL_FILE, compression=zipfile.ZIP_DEFLATED)
        card = {**card, "format_version": FORMAT_VERSION}
        (tmp / CARD_FILE).write_text(json.dumps(card, indent=2, sort_keys=True) + "\n")
        _replace_dir(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out_dir


@contextlib.contextmanager
def _compact_vocabularies(estimators: dict[str, Any]) -> Iterator[None]:
    """While saving, hold each TF-IDF vocabulary as one string of its terms in column order.

    skops writes a dict entry by entry, and reading tens of thousands of entries back took
    most of a cold start; one string is one entry. Terms never hold a line break (they are
    split from one-line paragraphs), which :func:`_restore_vocabularies` splits on.

    The estimators lose their ``vocabulary_`` for the length of the save (not thread-safe:
    nothing may predict with them meanwhile); every change is undone however the save ends.
    """
    from classifier.model import iter_vectorizers

    compacted = []
    try:
        for vectorizer in iter_vectorizers(estimators):
            vocabulary = getattr(vectorizer, "vocabulary_", None)
            if not isinstance(vocabulary, dict):
                continue
            terms = sorted(vocabulary, key=vocabulary.__getitem__)
            in_order = [vocabulary[t] for t in terms] == list(range(len(terms)))
            if not in_order or any("\n" in term for term in terms):
                continue
            compacted.append((vectorizer, vocabulary))
            setattr(vectorizer, VOCABULARY_TERMS, "\n".join(terms))
            del vectorizer.vocabulary_
        yield
    finally:
        for vectorizer, vocabulary in compacted:
            vectorizer.vocabulary_ = vocabulary
            delattr(vectorizer, VOCABULARY_TERMS)


def _restore_vocabularies(estimators: dict[str, Any]) -> None:
    """Rebuild the vocabularies :func:`_compact_vocabularies` wrote as strings."""
    from classifier.model import iter_vectorizers

    for vectorizer in iter_vectorizers(estimators):
        terms = getattr(vectorizer, VOCABULARY_TERMS, None)
        if isinstance(terms, str):
            vectorizer.vocabulary_ = {term: i for i, term in enumerate(terms.split("\n"))}
            delattr(vectorizer, VOCABULARY_TERMS)


def _replace_dir(new: Path, target: Path) -> None:
    """Move directory ``new`` to ``target``, replacing it with two renames."""
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        target.rename(old)
        try:
            new.rename(target)
        except BaseException:
            old.rename(target)
            raise
        shutil.rmtree(old, ignore_errors=True)
    else:
        new.rename(target)


@contextlib.contextmanager
def model_dir_lock(model_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``model_dir`` (a sibling ``.lock`` file) or fail at once.

    Two ``classify train`` runs writing the same directory cannot interleave: the second one
    stops with a clear error instead of waiting or corrupting the model.
    """
    model_dir = Path(model_dir)
    model_dir.parent.mkdir(parents=True, exist_ok=True)
    lock_path = model_dir.with_name(f".{model_dir.name}.lock")
    with lock_path.open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ModelError(
                f"{model_dir}: another `classify train` is writing this model; try again later"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def read_card(model_dir: str | Path) -> dict[str, Any]:
    """Check that ``model_dir`` is a model directory of this format; return its card."""
    model_dir = Path(model_dir)
    model_file, card_file = model_dir / MODEL_FILE, model_dir / CARD_FILE
    if not model_dir.is_dir():
        raise ModelError(f"{model_dir}: model directory not found")
    if not model_file.exists() or not card_file.exists():
        raise ModelError(f"{model_dir}: not a model directory (needs {MODEL_FILE} and {CARD_FILE})")
    try:
        card = json.loads(card_file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"{card_file}: unreadable model card ({exc})") from None
    if card.get("format_version") not in READABLE_FORMATS:
        raise ModelError(
            f"{model_dir}: model format {card.get('format_version')!r} is not supported by this "
            f"version (it reads {', '.join(map(str, READABLE_FORMATS))}); "
            "retrain with `classify train`"
        )
    return card


def load_model_dir(model_dir: str | Path) -> SavedModel:
    """Load a model directory, refusing files that hold types outside ``TRUSTED_TYPES``."""
    sio = skops_io()
    from skops.io.exceptions import UntrustedTypesFoundException

    card = read_card(model_dir)
    model_dir = Path(model_dir)
    model_file = model_dir / MODEL_FILE
    try:
        refused = untrusted_types(model_file)
    except (zipfile.BadZipFile, json.JSONDecodeError, KeyError) as exc:  # corrupt zip or JSON
        raise ModelError(f"{model_file}: corrupt model file ({exc})") from None
    except OSError as exc:
        raise ModelError(f"{model_file}: cannot load model ({exc})") from None
    if refused:
        raise _untrusted_error(model_file, refused)
    try:
        # skops audits every type against the list again before it builds anything.
        estimators = sio.load(model_file, trusted=TRUSTED_TYPES)
    except UntrustedTypesFoundException:
        refused = sorted(set(sio.get_untrusted_types(file=model_file)) - set(TRUSTED_TYPES))
        raise _untrusted_error(model_file, refused) from None
    except (zipfile.BadZipFile, json.JSONDecodeError) as exc:  # corrupt zip or JSON inside
        raise ModelError(f"{model_file}: corrupt model file ({exc})") from None
    except Exception as exc:
        raise ModelError(f"{model_file}: cannot load model ({exc})") from None
    if not isinstance(estimators, dict):
        raise ModelError(f"{model_file}: expected a dict of estimators")
    _restore_vocabularies(estimators)
    return SavedModel(estimators=estimators, card=card, path=model_dir)
