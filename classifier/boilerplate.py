"""Recognise page furniture in extracted decision text: navigation, print and share links,
logo text and cookie-banner text that a saved or copied web page brings along.

Deliberately conservative: a line is furniture only if, once whitespace is collapsed and case
ignored, it is one of a fixed list of short phrases, or it is a line of at most 400 characters
that starts with the wording of a cookie banner ("These cookies ...", "Google Analytics
cookies ...", "In using Google Analytics ...") and mentions the website, browser or analytics.
A paragraph of a decision statement is never furniture, even when it talks about privacy or
printing.
"""

from __future__ import annotations

import re

_PHRASES = frozenset(
    {
        "back to top",
        "return to top",
        "print this page",
        "print page",
        "share this page",
        "share this decision",
        "skip to main content",
        "skip to content",
        "lgo logogram",
        "lgsco logo",
        "review your privacy settings",
        "privacy settings",
        "cookie settings",
        "cookie preferences",
        "manage cookies",
        "manage cookie settings",
        "required cookies",
        "necessary cookies",
        "analytical cookies",
        "analytics cookies",
        "functional cookies",
        "marketing cookies",
        "view required cookies",
        "view necessary cookies",
        "view analytical cookies",
        "view analytics cookies",
        "accept cookies",
        "accept all cookies",
        "reject cookies",
        "reject all cookies",
        "accept recommended settings",
        "save and close",
        "we recommend you set these 'on'.",
        "we recommend you set these ‘on’.",
        "opens in a new window",
        "was this page helpful?",
        "was this page useful?",
    }
)

_COOKIE_LEAD = re.compile(
    r"(these cookies|(google )?analytics cookies|(required|necessary) cookies|"
    r"in using google analytics|we use (cookies|google analytics)|"
    r"(this|our) (website|site) uses cookies|we('d| would) like to (set|use) [a-z ]{0,30}cookies)\b"
)
_WEB_WORD = re.compile(r"\b(website|site|browser|analytics|visitors|online)\b")
_MAX_COOKIE_LINE = 400


def _normalise(text: str) -> str:
    return " ".join(text.split()).casefold()


def is_boilerplate(paragraph_text: str) -> bool:
    """Whether ``paragraph_text`` (one stripped line) is page furniture, not decision text."""
    line = _normalise(paragraph_text)
    if line in _PHRASES:
        return True
    return (
        len(line) <= _MAX_COOKIE_LINE
        and _COOKIE_LEAD.match(line) is not None
        and _WEB_WORD.search(line) is not None
    )
