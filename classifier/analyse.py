"""Analyse documents: segment, preprocess, classify, and build one result per document."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from classifier.document import DocumentResult, ModelInfo, ParagraphResult
from classifier.preprocess import featurize_docs, get_nlp
from classifier.reading import SourceText
from classifier.segment import Paragraph, segment
from classifier.trained import TrainedModel

if TYPE_CHECKING:
    import numpy as np

    from classifier.fast_preprocess import FastFeaturizer
    from classifier.fast_vectorize import FastScorer


class Analyzer:
    """Turns decoded documents into :class:`DocumentResult` objects with one model."""

    def __init__(self, model: TrainedModel) -> None:
        self.model = model
        self._fast: tuple[FastFeaturizer, FastScorer] | None | bool = False

    def analyse(self, source: SourceText) -> DocumentResult:
        """Analyse one decoded document."""
        paragraphs = segment(source.text)
        texts = [p.text for p in paragraphs]
        docs = list(get_nlp().pipe(texts, batch_size=256))
        features = featurize_docs(docs, texts)
        return self._result(source, paragraphs, self.model.faults.predict_proba(features))

    def analyse_batch(self, sources: Sequence[SourceText]) -> list[DocumentResult]:
        """Analyse several documents at once; the results equal :meth:`analyse`'s.

        All paragraphs of the batch are scored together, through the fast exact path of
        :mod:`classifier.fast_preprocess` and :mod:`classifier.fast_vectorize` when the
        model's pipeline supports it.
        """
        if len(sources) == 1:  # not worth setting up the fast path's tables
            return [self.analyse(sources[0])]
        paragraphs = [segment(source.text) for source in sources]
        proba = self._batch_proba([source.text for source in sources], paragraphs)
        results, start = [], 0
        for source, paras in zip(sources, paragraphs, strict=True):
            results.append(self._result(source, paras, proba[start : start + len(paras)]))
            start += len(paras)
        return results

    def analyse_many(self, sources: Iterable[SourceText]) -> Iterator[DocumentResult]:
        """Analyse documents one after another, yielding each result as soon as it is ready."""
        for source in sources:
            yield self.analyse(source)

    def _fast_path(self) -> tuple[FastFeaturizer, FastScorer] | None:
        if self._fast is False:
            from classifier.fast_preprocess import FastFeaturizer
            from classifier.fast_vectorize import FastScorer

            scorer = FastScorer.for_pipeline(self.model.faults.pipeline_)
            self._fast = (FastFeaturizer(), scorer) if scorer is not None else None
        return self._fast  # type: ignore[return-value]

    def _batch_proba(self, texts: list[str], paragraphs: list[list[Paragraph]]) -> np.ndarray:
        """Pooled probabilities of every paragraph of the batch, in order."""
        fast = self._fast_path()
        if fast is None:
            features = []
            for paras in paragraphs:
                para_texts = [p.text for p in paras]
                features += featurize_docs(get_nlp().pipe(para_texts), para_texts)
        else:
            featurizer, scorer = fast
            batch = featurizer.encode(texts, paragraphs)
            if batch.safe and batch.n_paragraphs:
                return scorer.pooled_proba(batch)
            features = batch.feature_strings()
        return self.model.faults.predict_proba(features)

    def _result(
        self, source: SourceText, paragraphs: list[Paragraph], proba: np.ndarray
    ) -> DocumentResult:
        labels = self.model.labels
        thresholds = self.model.faults.thresholds_.tolist()
        results = []
        for p, row in zip(paragraphs, proba.tolist(), strict=True):
            found = [lab for lab, s, t in zip(labels, row, thresholds, strict=True) if s >= t]
            results.append(
                ParagraphResult(
                    index=p.index,
                    start=p.start,
                    end=p.end,
                    text=p.text,
                    labels=found,
                    scores=dict(zip(labels, [round(s, 4) for s in row], strict=True)),
                )
            )
        return DocumentResult(
            source=source.source,
            encoding=source.encoding,
            model=ModelInfo(name=self.model.name, version=self.model.version),
            paragraphs=results,
            text=source.text,
        )
