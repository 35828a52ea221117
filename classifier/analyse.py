"""Analyse documents: segment, preprocess, classify, analyse, one result per document."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from classifier.boilerplate import is_boilerplate
from classifier.document import DocumentResult, ModelInfo, ParagraphResult
from classifier.explain import explain_paragraphs
from classifier.findings import admission_sentences, closed_early, faults_found
from classifier.metadata import extract_metadata
from classifier.model import Scores
from classifier.preprocess import featurize_docs, get_nlp
from classifier.reading import SourceText
from classifier.remedies import analyse_remedies
from classifier.segment import Paragraph, segment
from classifier.trained import TrainedModel
from classifier.withholding import is_decision, withholds_labels

if TYPE_CHECKING:
    from spacy.tokens import Doc


def _rounded(names: Sequence[str], row: Sequence[float]) -> dict[str, float]:
    return {name: round(float(s), 4) for name, s in zip(names, row, strict=True)}


class Analyzer:
    """Turns decoded documents into :class:`DocumentResult` objects with one model.

    With ``explain``, each paragraph also gets the explanation of its labels.
    """

    def __init__(self, model: TrainedModel, explain: bool = False) -> None:
        self.model = model
        self.explain = explain

    def _paragraph_results(
        self, paragraphs: Sequence[Paragraph], scores: Scores, *, decision: bool
    ) -> list[ParagraphResult]:
        """Labels, scores and findings per paragraph.

        Boilerplate gets no label or finding, nor, in a decision statement (``decision``),
        does a section heading such as "Complaint handling", nor, on another page, a form
        field such as "Report to:" (:mod:`classifier.withholding`): the labelling guide gives
        headers and furniture none, and none of the labelled corpus's heading lines or form
        fields has one. Their scores are still reported.
        """
        faults = self.model.faults
        labels, finding_classes = self.model.labels, faults.finding_classes
        findings = faults.findings_of(scores)
        results = []
        for i, p in enumerate(paragraphs):
            suppressed = withholds_labels(p.text, decision=decision)
            row = scores.labels[i]
            chosen = [
                lab for lab, s, t in zip(labels, row, faults.thresholds_, strict=True) if s >= t
            ]
            results.append(
                ParagraphResult(
                    index=p.index,
                    start=p.start,
                    end=p.end,
                    text=p.text,
                    labels=[] if suppressed else chosen,
                    scores=_rounded(labels, row),
                    finding="none" if suppressed else findings[i],
                    finding_scores=(
                        _rounded(finding_classes, scores.findings[i])
                        if scores.findings is not None
                        else {}
                    ),
                    boilerplate=is_boilerplate(p.text),
                )
            )
        return results

    def analyse(self, source: SourceText) -> DocumentResult:
        """Analyse one decoded document."""
        return self.analyse_batch([source])[0]

    def analyse_batch(self, sources: Sequence[SourceText]) -> list[DocumentResult]:
        """Analyse several documents; the results equal :meth:`analyse`'s one by one.

        spaCy runs over all their paragraphs in one ``pipe`` and the model scores them in one
        call (one TF-IDF transform, one matrix product per head), which is where batching
        saves time.
        """
        paragraphs = [segment(source.text) for source in sources]
        texts = [[p.text for p in paras] for paras in paragraphs]
        flat_docs = iter(get_nlp().pipe((t for doc in texts for t in doc), batch_size=256))
        docs = [[next(flat_docs) for _ in doc] for doc in texts]
        features = [featurize_docs(d, t) for d, t in zip(docs, texts, strict=True)]
        flat_features = [f for doc in features for f in doc]
        scores = self.model.faults.score(flat_features) if flat_features else None
        results, start = [], 0
        for source, paras, doc_docs, doc_features in zip(
            sources, paragraphs, docs, features, strict=True
        ):
            end = start + len(paras)
            doc_scores = scores.rows(start, end) if paras else None
            results.append(self._result(source, paras, doc_docs, doc_features, doc_scores))
            start = end
        return results

    def _result(
        self,
        source: SourceText,
        paragraphs: Sequence[Paragraph],
        docs: Sequence[Doc],
        features: Sequence[str],
        scores: Scores | None,
    ) -> DocumentResult:
        """The result of one document from its paragraphs, spaCy docs, features and scores."""
        faults = self.model.faults
        remedies, total, actions = analyse_remedies(source.text, paragraphs, docs)
        metadata = extract_metadata(source.text)
        results: list[ParagraphResult] = []
        found: list[str] = []
        if scores is not None:
            results = self._paragraph_results(paragraphs, scores, decision=is_decision(metadata))
            if self.explain:
                explained = explain_paragraphs(faults, features, docs, [r.labels for r in results])
                for result, explanation in zip(results, explained, strict=True):
                    result.explanation = explanation
            found = faults_found(
                scores,
                [r.finding for r in results],
                [r.labels for r in results],
                self.model.labels,
                faults.thresholds_,
                faults.finding_classes,
                remedy_paragraphs={a.paragraph for a in actions} | {r.paragraph for r in remedies},
                has_payment=bool(remedies),
                outcome=metadata.outcome,
                admissions=(
                    admission_sentences(features) if closed_early(metadata.outcome) else None
                ),
            )
        return DocumentResult(
            source=source.source,
            encoding=source.encoding,
            model=ModelInfo(name=self.model.name, version=self.model.version),
            paragraphs=results,
            faults_found=found,
            remedies=remedies,
            remedy_total=float(total),
            actions=actions,
            metadata=metadata,
            text=source.text,
        )
