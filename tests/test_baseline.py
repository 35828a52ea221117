"""The keyword baseline."""

import numpy as np

from classifier.baseline import KEYWORDS, keyword_predict


def test_phrases_from_the_guide_give_their_labels():
    labels = ["complaint_handling", "contact", "delay", "record_keeping", "unknown"]
    texts = [
        "The Council took six months to respond to the stage two complaint.",
        "There is no evidence the Council kept Mrs X informed.",
        "The minutes of the meeting were inaccurate.",
        "Mr X later moved to Leeds.",
        "",
    ]
    assert keyword_predict(texts, labels).tolist() == [
        [1, 0, 1, 0, 0],
        [0, 1, 0, 0, 0],
        [0, 0, 0, 1, 0],
        [0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0],
    ]


def test_every_label_of_the_guide_has_phrases_and_empty_input_has_shape():
    assert set(KEYWORDS) == {"delay", "record_keeping", "contact", "complaint_handling"}
    assert keyword_predict([], ["delay"]).shape == (0, 1)
    assert keyword_predict(["DELAY"], ["delay"]).dtype == np.int_
