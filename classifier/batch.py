"""Batch prediction machinery: chunks of documents, analysed here or in parallel workers.

Inputs are cut into chunks; each chunk is read and analysed by :func:`analyse_chunk` with
one :meth:`~classifier.analyse.Analyzer.analyse_batch` call, in this process or in worker
processes through joblib (its ``loky`` process pool, or a Dask cluster through joblib's Dask
backend). Workers load the model once each. Results come back chunk by chunk in input
order, so output can be written as it arrives and memory does not grow with the batch.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from classifier.errors import InputError
from classifier.reading import DEFAULT_MAX_BYTES, ReadError, SourceText, iter_sources_safe

if TYPE_CHECKING:
    from distributed import Client

    from classifier.analyse import Analyzer
    from classifier.document import DocumentResult

BACKENDS = ("loky", "dask")

#: Documents per chunk: large enough that per-task overhead and per-call fixed costs of the
#: model stay small, small enough to keep memory flat (see benchmarks/README.md).
DEFAULT_CHUNK_SIZE = 64


#: A chunk item: a path to read, or a text already read (standard input).
Item = str | SourceText

_analyzers: dict[tuple[str, bool], Analyzer] = {}
#: One chunk at a time per process: spaCy's tokenizer and the Matchers are not
#: safe to share between threads (Dask workers may run several tasks at once).
_lock = threading.Lock()


def worker_analyzer(model_dir: str | Path | None, explain: bool) -> Analyzer:
    """The analyzer of ``model_dir`` in this process, loaded on first use."""
    key = (str(model_dir or ""), explain)
    analyzer = _analyzers.get(key)
    if analyzer is None:
        from classifier.analyse import Analyzer
        from classifier.trained import load_trained_model

        analyzer = _analyzers[key] = Analyzer(load_trained_model(model_dir), explain=explain)
    return analyzer


def analyse_chunk(
    items: Sequence[Item],
    model_dir: str | Path | None,
    per_document: Callable[[DocumentResult], Any] | None = None,
    explain: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> list[Any]:
    """Read and analyse one chunk; one outcome per item, in order.

    An outcome is the item's :class:`DocumentResult`, or ``per_document(result)`` when
    given (rendering where the analysis runs, so that only its output is sent back), or a
    :class:`ReadError`. Runs in worker processes (or Dask worker threads, one chunk at a
    time).
    """
    paths = [i for i in items if not isinstance(i, SourceText)]
    from_paths = iter(iter_sources_safe(paths, max_bytes))
    read = [i if isinstance(i, SourceText) else next(from_paths) for i in items]
    sources = [r for r in read if isinstance(r, SourceText)]
    from joblib import parallel_config

    # Nested joblib calls (scikit-learn's FeatureUnion) run inline: on a Dask worker they
    # would otherwise wait for threads that wait for this chunk's lock.
    with _lock, parallel_config(backend="sequential"):
        results = worker_analyzer(model_dir, explain).analyse_batch(sources)
    done = iter(map(per_document, results) if per_document is not None else results)
    return [next(done) if isinstance(r, SourceText) else r for r in read]


def chunked(items: Sequence[Item], size: int) -> Iterator[list[Item]]:
    """Consecutive chunks of at most ``size`` items."""
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


@dataclass(frozen=True)
class BatchOptions:
    """How to run a batch: worker count, joblib backend, Dask scheduler, chunk size.

    ``jobs`` None means one process for ``loky`` and every worker thread for ``dask``.
    """

    jobs: int | None = None
    backend: str = "loky"
    scheduler: str | None = None
    chunk_size: int = DEFAULT_CHUNK_SIZE
    max_bytes: int = DEFAULT_MAX_BYTES

    def __post_init__(self) -> None:
        if self.backend not in BACKENDS:
            raise InputError(f"unknown backend {self.backend!r}; choose from loky, dask")
        if self.backend == "dask" and not self.scheduler:
            raise InputError("--backend dask needs --scheduler ADDRESS")
        if self.jobs is not None and self.jobs < 1:
            raise InputError("--jobs must be at least 1")
        if self.chunk_size < 1:
            raise InputError("--chunk-size must be at least 1")
        if self.max_bytes < 1:
            raise InputError("--max-bytes must be at least 1")

    @property
    def in_process(self) -> bool:
        """True when the batch runs in this process, without joblib."""
        return self.backend == "loky" and (self.jobs or 1) == 1

    def chunk_size_for(self, n_items: int) -> int:
        """Chunk size for ``n_items``: smaller for small batches, so every worker gets work."""
        if self.in_process:
            return self.chunk_size
        workers = self.jobs or 1
        return max(1, min(self.chunk_size, math.ceil(n_items / (2 * workers))))


def run_batch(
    items: Sequence[Item],
    model_dir: str | Path | None = None,
    options: BatchOptions | None = None,
    per_document: Callable[[DocumentResult], Any] | None = None,
    explain: bool = False,
) -> Iterator[Any]:
    """Analyse ``items`` (paths, or texts already read), yielding outcomes in input order.

    See :func:`analyse_chunk` for the outcomes; ``per_document`` must be picklable (a
    module-level function) to run in worker processes.
    """
    options = options or BatchOptions()
    chunks = chunked(items, options.chunk_size_for(len(items)))
    if options.in_process:
        for chunk in chunks:
            yield from analyse_chunk(chunk, model_dir, per_document, explain, options.max_bytes)
        return
    with _parallel(options) as parallel:
        from joblib import delayed

        tasks = (
            delayed(analyse_chunk)(chunk, model_dir, per_document, explain, options.max_bytes)
            for chunk in chunks
        )
        for outcomes in parallel(tasks):
            yield from outcomes


@contextmanager
def _parallel(options: BatchOptions) -> Iterator[Any]:
    """A joblib ``Parallel`` yielding results in order, on the chosen backend."""
    from joblib import Parallel, parallel_config

    with ExitStack() as stack:
        params: dict[str, Any] = {}
        n_jobs = options.jobs
        if options.backend == "dask":
            params["client"] = stack.enter_context(_dask_client(str(options.scheduler)))
            n_jobs = n_jobs or -1
        stack.enter_context(parallel_config(backend=options.backend, n_jobs=n_jobs, **params))
        yield Parallel(return_as="generator", batch_size=1, pre_dispatch="2*n_jobs")


@contextmanager
def _dask_client(address: str) -> Iterator[Client]:
    try:
        from distributed import Client
    except ImportError:
        raise InputError(
            "--backend dask needs dask and distributed: pip install -e '.[dask]'"
        ) from None
    try:
        client = Client(address, set_as_default=False)
    except OSError as exc:
        raise InputError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    try:
        yield client
    finally:
        client.close()


def iter_results(
    outcomes: Iterable[Any],
    on_error: Callable[[ReadError], None],
    on_done: Callable[[], None] | None = None,
) -> Iterator[Any]:
    """The results among ``outcomes``; each :class:`ReadError` goes to ``on_error``.

    ``on_done`` is called once per outcome (for progress).
    """
    for outcome in outcomes:
        if on_done is not None:
            on_done()
        if isinstance(outcome, ReadError):
            on_error(outcome)
        else:
            yield outcome
