"""Analyse documents: segment, preprocess, classify, and build one result per document."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from classifier.document import DocumentResult, ModelInfo, ParagraphResult
from classifier.preprocess import featurize_docs, get_nlp
from classifier.reading import SourceText
from classifier.segment import segment
from classifier.trained import TrainedModel


class Analyzer:
    """Turns decoded documents into :class:`DocumentResult` objects with one model."""

    def __init__(self, model: TrainedModel) -> None:
        self.model = model

    def analyse(self, source: SourceText) -> DocumentResult:
        """Analyse one decoded document."""
        paragraphs = segment(source.text)
        texts = [p.text for p in paragraphs]
        docs = list(get_nlp().pipe(texts, batch_size=256))
        features = featurize_docs(docs, texts)
        proba = self.model.faults.predict_proba(features)
        thresholds = self.model.faults.thresholds_
        labels = self.model.labels
        results = [
            ParagraphResult(
                index=p.index,
                start=p.start,
                end=p.end,
                text=p.text,
                labels=[lab for lab, s, t in zip(labels, row, thresholds, strict=True) if s >= t],
                scores={lab: round(float(s), 4) for lab, s in zip(labels, row, strict=True)},
            )
            for p, row in zip(paragraphs, proba, strict=True)
        ]
        return DocumentResult(
            source=source.source,
            encoding=source.encoding,
            model=ModelInfo(name=self.model.name, version=self.model.version),
            paragraphs=results,
            text=source.text,
        )

    def analyse_many(self, sources: Iterable[SourceText]) -> Iterator[DocumentResult]:
        """Analyse documents one after another, yielding each result as soon as it is ready."""
        for source in sources:
            yield self.analyse(source)
