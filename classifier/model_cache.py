"""A fast-loading copy of a loaded model, kept in the user's cache directory.

Loading ``model.skops`` takes seconds (importing skops alone takes over a second, and the
file stores each vocabulary entry as its own array), which dominated the start-up of
``classify predict`` and of every parallel worker. After a model file has been loaded and
checked by :mod:`classifier.persistence`, its estimators are written here as JSON plus a
NumPy ``.npz`` archive, named by the SHA-256 of the model file; later loads of the same
file read that copy instead.

Only the object types persistence trusts are ever built (``__new__`` + ``__setstate__``
from JSON values and arrays; ``np.load`` with ``allow_pickle=False``), so the copy carries
no more risk than the model file. Anything that cannot be represented is simply not cached.
Set ``CLASSIFY_CACHE_DIR`` to move the cache, or to an empty string to disable it.
"""

from __future__ import annotations

import hashlib
import importlib
import io
import json
import os
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from classifier.persistence import TRUSTED_TYPES

#: Bump when the layout of cached files changes.
CACHE_VERSION = 1


class _Unsupported(Exception):
    """A value the cache cannot represent; the model is then not cached."""


def cache_dir() -> Path | None:
    """The cache directory, or None when caching is disabled."""
    configured = os.environ.get("CLASSIFY_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "classify"


def cache_path(model_file: Path) -> Path | None:
    """Where the cached copy of ``model_file`` lives (named by its content hash)."""
    directory = cache_dir()
    if directory is None:
        return None
    digest = hashlib.sha256(model_file.read_bytes()).hexdigest()
    return directory / f"model-v{CACHE_VERSION}-{digest}.zip"


def load_cached(model_file: Path) -> Any | None:
    """The cached estimators of ``model_file``, or None when there is no usable copy."""
    path = cache_path(model_file)
    if path is None or not path.exists():
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            tree = json.loads(archive.read("tree.json"))
            arrays = np.load(io.BytesIO(archive.read("arrays.npz")), allow_pickle=False)
            return _decode(tree, arrays)
    except Exception:  # unreadable or stale copy: fall back to the model file
        return None


def save_cached(model_file: Path, estimators: Any) -> None:
    """Write the cached copy of ``model_file``'s estimators; failures are ignored."""
    try:
        path = cache_path(model_file)
        if path is None or path.exists():
            return
        arrays: dict[str, np.ndarray] = {}
        tree = _encode(estimators, arrays)
        buffer = io.BytesIO()
        np.savez(buffer, **arrays)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        with os.fdopen(fd, "wb") as file, zipfile.ZipFile(file, "w") as archive:
            archive.writestr("tree.json", json.dumps(tree))
            archive.writestr("arrays.npz", buffer.getvalue())
        os.replace(tmp, path)
    except (_Unsupported, OSError):
        return


def _encode(value: Any, arrays: dict[str, np.ndarray]) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return {"float": float(value), "dtype": value.dtype.name}
    if isinstance(value, np.ndarray):
        if value.dtype.hasobject:
            raise _Unsupported("object array")
        key = f"a{len(arrays)}"
        arrays[key] = value
        return {"array": key}
    if isinstance(value, list | tuple):
        return {"list" if isinstance(value, list) else "tuple": [_encode(v, arrays) for v in value]}
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise _Unsupported("dict with non-string keys")
        return {"dict": {k: _encode(v, arrays) for k, v in value.items()}}
    if isinstance(value, type) and issubclass(value, np.generic):
        return {"dtype": np.dtype(value).name}
    name = f"{type(value).__module__}.{type(value).__qualname__}"
    if name not in TRUSTED_TYPES or not hasattr(value, "__getstate__"):
        raise _Unsupported(name)
    return {"object": name, "state": _encode(value.__getstate__(), arrays)}


def _decode(node: Any, arrays: Any) -> Any:
    if not isinstance(node, dict):
        return node
    if "array" in node:
        return arrays[node["array"]]
    if "list" in node:
        return [_decode(v, arrays) for v in node["list"]]
    if "tuple" in node:
        return tuple(_decode(v, arrays) for v in node["tuple"])
    if "dict" in node:
        return {k: _decode(v, arrays) for k, v in node["dict"].items()}
    if "float" in node:
        return np.dtype(node["dtype"]).type(node["float"])
    if "dtype" in node:
        return np.dtype(node["dtype"]).type
    name = node["object"]
    if name not in TRUSTED_TYPES:
        raise _Unsupported(name)
    module, _, qualname = name.rpartition(".")
    cls = getattr(importlib.import_module(module), qualname)
    obj = cls.__new__(cls)
    state = _decode(node["state"], arrays)
    if hasattr(obj, "__setstate__"):
        obj.__setstate__(state)
    else:
        obj.__dict__.update(state)
    return obj
