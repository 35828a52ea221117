import pytest

from classifier.preprocess import (
    DATE,
    FAILURE_PREFIX,
    MONEY,
    NUMBER,
    OUTCOME_PREFIX,
    PARTY,
    SECTION_PREFIX,
    SENTENCE_SEP,
    featurize,
    is_heading,
)
from tests.conftest import SEED_NEWS, SEEDS

SEED_NO_FAULT = SEEDS / "001_4da5e31a670b368b.txt"


def test_parties_numbers_dates_and_money_become_placeholders():
    (features,) = featurize(["On 3 January 2019 the Council paid Mrs X £1,500 after 6 weeks."])
    words = features.split()
    assert DATE in words and MONEY in words and NUMBER in words and PARTY in words
    assert "x" not in words and "1,500" not in features and "2019" not in features


def test_features_are_lemmas_and_keep_negation():
    (features,) = featurize(["The Council did not tell her about the delays."])
    assert "not" in features.split()
    assert "delay" in features.split()
    assert "tell" in features.split()


def _failure_tokens(features: str) -> list[str]:
    return [w for w in features.split() if w.startswith(FAILURE_PREFIX)]


def test_words_after_a_failure_get_a_failure_copy_and_narration_does_not():
    (failing,) = featurize(["The Council failed to tell Mrs X about the meeting."])
    assert _failure_tokens(failing) == ["_neg_tell", "_neg_meet"]
    (narration,) = featurize(["The Council told Mrs X about the meeting."])
    assert _failure_tokens(narration) == []


def test_a_failure_scope_ends_at_a_clause_break_and_skips_function_words():
    (features,) = featurize(["The officer did not return her calls, but she wrote to the team."])
    assert _failure_tokens(features) == ["_neg_return", "_neg_call"]


def test_a_failure_scope_ends_at_a_clause_word_without_a_comma():
    (features,) = featurize(["She didn't get a reply but she wrote to the team leader."])
    assert _failure_tokens(features) == ["_neg_get", "_neg_reply"]


def test_a_failure_scope_holds_five_content_words_and_skips_quotes():
    (features,) = featurize(['He never returned "urgent" telephone calls, emails or letters.'])
    assert _failure_tokens(features) == [
        "_neg_return",
        "_neg_urgent",
        "_neg_telephone",
        "_neg_call",
    ]  # the comma closes the scope before "emails"
    (longer,) = featurize(["He never returned urgent phone calls or emails or letters or texts."])
    assert len(_failure_tokens(longer)) == 5


def test_titles_and_remedies_do_not_open_a_failure_scope():
    # "Miss" has the lemma "miss", a failure word; before a name it is a title.
    (title,) = featurize(["Miss X asked for unsupervised contact with her eldest child."])
    assert _failure_tokens(title) == []
    (remedy,) = featurize(["The Council should apologise to Mrs X."])
    assert _failure_tokens(remedy) == []
    (admission,) = featurize(["The Council accepts it should have told Mrs X."])
    assert _failure_tokens(admission) == ["_neg_tell"]


def test_a_name_at_a_sentence_end_is_a_party():
    # The tokeniser keeps "X." together at the end of a sentence.
    (features,) = featurize(["The Council paid £200 to Mrs X."])
    assert features.split()[-1] == PARTY


def test_failure_scopes_on_a_seed_summary():
    # The summary of seed 002: "did not tell her it was assessing her, did not involve her in
    # the assessment, and did not invite her to the initial child protection conference."
    summary = next(
        line
        for line in (SEEDS / "002_d974820b931dba70.txt").read_text(encoding="utf-8").splitlines()
        if line.startswith("Summary:")
    )
    tokens = set(_failure_tokens(featurize([summary])[0]))
    assert {"_neg_tell", "_neg_involve", "_neg_assessment", "_neg_invite"} <= tokens
    assert "_neg_complain" not in tokens  # "She also complains about ..." is no failing


def test_sentences_are_kept_apart_and_section_is_appended():
    features = featurize(["Complaint handling", "It was late. This is fault."])
    assert SENTENCE_SEP in features[1]
    assert features[1].endswith(f"{SECTION_PREFIX}complaint {SECTION_PREFIX}handling")


def test_a_decisions_outcome_follows_every_later_paragraph():
    from classifier.model import split_features

    texts = SEED_NO_FAULT.read_text(encoding="utf-8").splitlines()
    texts = [t for t in texts if t.strip()]
    features = featurize(texts)
    header = next(i for i, t in enumerate(texts) if t.startswith("Decision :"))
    outcome = f"{OUTCOME_PREFIX}closed {OUTCOME_PREFIX}after"
    assert all(outcome not in f for f in features[:header])
    assert all(f.endswith(outcome) for f in features[header:])
    # Outcome tokens are context: every sentence of a paragraph carries them.
    _, sentences = split_features(features[-1])
    assert all(s.endswith(outcome) for s in sentences)


def test_news_reports_have_no_outcome_tokens():
    texts = [t for t in SEED_NEWS.read_text(encoding="utf-8").splitlines() if t.strip()]
    assert not any(OUTCOME_PREFIX in f for f in featurize(texts))


def test_headings_are_short_unpunctuated_lines():
    assert is_heading("What I found")
    assert is_heading("Complaint handling")
    assert not is_heading("1. Mrs X complains.")
    assert not is_heading("• Apologise to Mrs X")
    assert not is_heading("This is fault.")


def test_matcher_cues_mark_findings_and_fault_types():
    (hedged, found) = featurize(
        [
            "There is insufficient evidence of fault by the Council.",
            "This is fault. The Council took too long to respond to her stage two complaint.",
        ]
    )
    assert "_cue_no_fault" in hedged.split()
    first, second = found.split(SENTENCE_SEP)
    assert "_cue_fault" in first.split()
    assert {"_cue_delay", "_cue_complaint_handling"} <= set(second.split())


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("The Council misled her about the rent.", "_cue_contact"),
        ("It did not make Mr X aware of his right to appeal.", "_cue_contact"),
        ("The documents were lost.", "_cue_record_keeping"),
        ("The officer misrecorded the date of the visit.", "_cue_record_keeping"),
        # wrong information written into a document (the first is seed 002's own words)
        ("The Council used wrong dates in the child protection assessment.", "_cue_record_keeping"),
        ("It put false information and opinion in an assessment report.", "_cue_record_keeping"),
        ("He disputes the accuracy of a child and family assessment.", "_cue_record_keeping"),
        ("There was false information in the Care Plan.", "_cue_record_keeping"),
        ("She says the assessment was biased and contained lies.", "_cue_record_keeping"),
        ("Its final response did not address the points she raised.", "_cue_complaint_handling"),
        ("She has yet to receive the plan.", "_cue_delay"),
        ("The Council still has not decided the application.", "_cue_delay"),
    ],
)
def test_guide_worded_cues_fire(sentence, cue):
    assert cue in featurize([sentence])[0].split()


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("She can still receive support at home.", "_cue_delay"),
        ("I am aware the Council has a policy on this.", "_cue_contact"),
        ("Mr X lost his job in March.", "_cue_record_keeping"),
        ("The Council gave her wrong advice in a meeting.", "_cue_record_keeping"),
        ("The content of the letter upset her.", "_cue_record_keeping"),
        ("Officers gave Mr X wrong advice in a planning meeting.", "_cue_record_keeping"),
        ("He is not complaining about the content of the plan.", "_cue_record_keeping"),
    ],
)
def test_cues_do_not_fire_on_near_misses(sentence, cue):
    assert cue not in featurize([sentence])[0].split()


def test_one_token_cue_lookups_agree_with_the_matcher_on_the_seeds():
    """sentence_cues looks one-token patterns up instead of matching them: same cues."""
    import bisect

    from spacy.matcher import Matcher

    from classifier.cue_patterns import CUE_PREFIX, CUES, sentence_cues
    from classifier.preprocess import get_nlp
    from tests.conftest import SEEDS

    nlp = get_nlp()
    matcher = Matcher(nlp.vocab)
    for name, patterns in CUES.items():
        matcher.add(name, patterns)
    texts = [
        line
        for path in sorted(SEEDS.glob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    for doc in nlp.pipe(texts):
        sentences = list(doc.sents)
        starts = [sent.start for sent in sentences]
        expected: list[set[str]] = [set() for _ in sentences]
        for match_id, start, end in matcher(doc):
            i = bisect.bisect_right(starts, start) - 1
            if end <= sentences[i].end:
                expected[i].add(CUE_PREFIX + nlp.vocab.strings[match_id])
        assert [set(cues) for cues in sentence_cues(doc)] == expected, doc.text
