"""Where the time of batch prediction goes: microseconds per document, stage by stage.

Run from the repository root after ``benchmarks/bench.py`` (same corpus, built again here)::

    python benchmarks/stages.py

It replays, in this process and chunk by chunk, what ``classify predict --jobs 1 --format
jsonl`` does (see ``Analyzer.analyse_batch`` and ``classifier.fast_vectorize``), timing
each stage, next to spaCy's tokenisation alone of the same documents.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
import scipy.sparse as sp

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import make_corpus  # noqa: E402

from classifier.batch import DEFAULT_CHUNK_SIZE, worker_analyzer  # noqa: E402
from classifier.fast_vectorize import _Rows, _rows, _unique_rows  # noqa: E402
from classifier.reading import read_source  # noqa: E402
from classifier.render.jsonl import line  # noqa: E402
from classifier.segment import segment  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = [str(p) for p in make_corpus(Path(tmp) / "all", args.docs)]
        analyzer = worker_analyzer(None)
        featurizer, scorer = analyzer._fast_path()
        word, char = scorer._counters
        spent: dict[str, float] = defaultdict(float)
        clock = time.perf_counter()

        def lap(stage: str) -> None:
            nonlocal clock
            now = time.perf_counter()
            spent[stage] += now - clock
            clock = now

        for start in range(0, len(paths), DEFAULT_CHUNK_SIZE):
            clock = time.perf_counter()
            sources = [read_source(p) for p in paths[start : start + DEFAULT_CHUNK_SIZE]]
            paragraphs = [segment(s.text) for s in sources]
            lap("read and segment")
            batch = featurizer.encode([s.text for s in sources], paragraphs)
            lap("tokenise + feature tokens")
            par, sent, counts = _rows(batch)
            n = par.n_rows
            joined = _Rows(
                np.concatenate([par.tokens, sent.tokens]),
                np.concatenate([par.row, sent.row + n]),
                n + sent.n_rows,
            )
            unique, inverse = _unique_rows(joined)
            lap("texts (paragraphs, sentences), dedup")
            word_counts = word.counts(unique, batch.vocab)
            char_counts = char.counts(unique, batch.vocab)
            lap("n-gram count matrices")
            tfidf = [
                word.vectorizer._tfidf.transform(word_counts, copy=False),
                char.vectorizer._tfidf.transform(char_counts, copy=False),
            ]
            proba = scorer._classifier.predict_proba(sp.hstack(tfidf).tocsr())[inverse]
            bounds = np.cumsum(np.concatenate([[0], counts]))
            pooled = (proba[:n] + np.maximum.reduceat(proba[n:], bounds[:-1], axis=0)) / 2
            lap("model: TF-IDF + logistic regression (scikit-learn)")
            results, first = [], 0
            for source, paras in zip(sources, paragraphs, strict=True):
                results.append(analyzer._result(source, paras, pooled[first : first + len(paras)]))
                first += len(paras)
            lap("result objects")
            lines = [line(r) for r in results]
            lap("JSON lines")
            del lines

        import spacy

        texts = [Path(p).read_text(encoding="utf-8") for p in paths]
        nlp = spacy.blank("en")
        start = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=256):
            pass
        floor = time.perf_counter() - start

    total = sum(spent.values())
    print("| stage | us/doc | share |\n|---|---|---|")
    for stage, seconds in spent.items():
        print(f"| {stage} | {seconds / args.docs * 1e6:.0f} | {seconds / total:.0%} |")
    print(f"| **total** | **{total / args.docs * 1e6:.0f}** | |")
    print(f"| spaCy tokenisation alone (floor) | {floor / args.docs * 1e6:.0f} | |")


if __name__ == "__main__":
    main()
