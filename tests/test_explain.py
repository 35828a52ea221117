"""Explanations: terms come from the paragraph and weights add up to the model's logit."""

import json
import math

import numpy as np
import pytest
from typer.testing import CliRunner

from classifier.analyse import Analyzer
from classifier.cli import app
from classifier.model import split_features
from classifier.preprocess import featurize
from classifier.reading import SourceText, read_source
from tests.conftest import SEED_DECISION

runner = CliRunner()


@pytest.fixture(scope="module")
def explained(shipped_model):
    return Analyzer(shipped_model, explain=True).analyse(read_source(str(SEED_DECISION)))


def _whole_features(result):
    features = featurize([p.text for p in result.paragraphs])
    return [split_features(f)[0] for f in features]


def _contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return any(haystack[k : k + n] == needle for k in range(len(haystack) - n + 1))


def test_every_predicted_label_is_explained(explained):
    for p in explained.paragraphs:
        assert set(p.explanation) == set(p.labels)
    assert any(p.explanation for p in explained.paragraphs)


def test_terms_occur_in_the_paragraph(explained):
    whole = _whole_features(explained)
    for p, features in zip(explained.paragraphs, whole, strict=True):
        for explanation in p.explanation.values():
            assert explanation.terms
            for term in explanation.terms:
                assert term.weight > 0
                assert _contains(features.split(" "), term.term.split(" ")), term.term
                if term.words is not None:
                    assert term.words in p.text
                else:
                    tokens = term.term.split(" ")
                    assert any(t.startswith(("_sec_", "_cue_")) for t in tokens), term.term


def test_weights_add_up_to_the_model_logit(explained, shipped_model):
    faults = shipped_model.faults
    whole = _whole_features(explained)
    labelled = [(p, w) for p, w in zip(explained.paragraphs, whole, strict=True) if p.labels]
    logits = faults.faults_.decision_function(faults.features_.transform([w for _, w in labelled]))
    columns = list(shipped_model.labels)
    for (p, _), row in zip(labelled, logits, strict=True):
        for label, e in p.explanation.items():
            assert math.isclose(e.logit, row[columns.index(label)], abs_tol=1e-3)
            parts = e.intercept + sum(t.weight for t in e.terms) + e.other_terms
            assert math.isclose(parts, e.logit, abs_tol=1e-2)
            assert e.terms == sorted(e.terms, key=lambda t: -t.weight)


def test_lsa_parts_of_the_words_add_up_to_the_lsa_columns(explained, shipped_model):
    """Each word's share of the LSA dimensions, summed, is the paragraph's LSA row."""
    from classifier.explain import _lsa_terms, _vocabulary

    features = shipped_model.faults.features_
    vocabulary = _vocabulary(features)
    assert vocabulary.lsa is not None, "the shipped model has LSA dimensions"
    first, pipeline = vocabulary.lsa.first, vocabulary.lsa.pipeline
    width = pipeline.named_steps["svd"].n_components
    whole = _whole_features(explained)
    matrix = features.transform(whole).toarray()
    for row, text in zip(matrix, whole, strict=True):
        parts = _lsa_terms(text, vocabulary)
        total = sum(parts.values()) if parts else np.zeros(width)
        assert np.allclose(total, row[first : first + width], atol=1e-5)


def test_delay_paragraph_is_explained_by_delay(explained):
    p = next(p for p in explained.paragraphs if "delays in the Council responding" in p.text)
    top = [t.term for t in p.explanation["delay"].terms[:3]]
    assert "delay" in top
    delay = next(t for t in p.explanation["delay"].terms if t.term == "delay")
    assert delay.words == "delays"


def test_no_explanation_unless_asked(analyzer):
    result = analyzer.analyse(SourceText(source="t", text="The Council delayed.", encoding="utf-8"))
    assert result.paragraphs[0].explanation is None
    assert "explanation" not in result.to_dict()["paragraphs"][0]


def test_predict_json_with_explain():
    result = runner.invoke(app, ["predict", str(SEED_DECISION), "--format", "json", "--explain"])
    assert result.exit_code == 0, result.output
    paragraphs = json.loads(result.stdout)["paragraphs"]
    labelled = [p for p in paragraphs if p["labels"]]
    assert labelled and all(set(p["explanation"]) == set(p["labels"]) for p in labelled)
    term = labelled[0]["explanation"][labelled[0]["labels"][0]]["terms"][0]
    assert set(term) == {"term", "weight", "words"}


def test_explain_command_one_paragraph(explained):
    p = next(p for p in explained.paragraphs if "delays in the Council responding" in p.text)
    result = runner.invoke(app, ["explain", str(SEED_DECISION), "--paragraph", str(p.index)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"{SEED_DECISION}"
    assert lines[1].startswith(f"paragraph {p.index} ")
    delay = next(line for line in lines if line.strip().startswith("delay "))
    assert "'delay'" in delay and "delays" in delay


def test_explain_command_all_labelled_paragraphs(explained):
    result = runner.invoke(app, ["explain", str(SEED_DECISION)])
    assert result.exit_code == 0, result.output
    headers = [line for line in result.stdout.splitlines() if line.startswith("paragraph ")]
    assert len(headers) == len(explained.labelled_paragraphs())


def test_explain_command_paragraph_out_of_range():
    result = runner.invoke(app, ["explain", str(SEED_DECISION), "--paragraph", "9999"])
    assert result.exit_code == 2
    assert "paragraph 9999" in result.stderr
