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


#: A form label standing alone on its line: "Report to:", "Wards Affected:", "Minutes:".
_FIELD_ALONE = re.compile(r"[A-Za-z][A-Za-z' ]{0,38}:-?")
#: A form label and a value that starts with a number: "Contact: 01803 861323",
#: "Meeting: 20/09/2024 - Cabinet (Item 54)".
_FIELD_NUMBER = re.compile(r"(?P<field>[A-Za-z][A-Za-z' ]{0,30}):\s*(?P<value>\d.*)")
_LOWER_WORD = re.compile(r"\b[a-z]{3,}\b")
_MAX_FIELD_LINE = 80


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


def is_form_field(paragraph_text: str) -> bool:
    """Whether a line is a field of a council page's form (committee reports and minutes): a
    label of at most four words alone with its colon ("Report to:", "Wards Affected:"), or a
    label of at most three words with a value that starts with a number and holds no
    lower-case word ("Contact: 01803 861323", "Meeting: 20/09/2024 - Cabinet (Item 54)").
    A headline such as "Delays: 18 months' wait for care" is not one (its value has words).
    """
    line = " ".join(paragraph_text.split())
    if len(line) > _MAX_FIELD_LINE:
        return False
    if _FIELD_ALONE.fullmatch(line):
        return len(line.split()) <= 4
    match = _FIELD_NUMBER.fullmatch(line)
    return (
        match is not None
        and len(match["field"].split()) <= 3
        and _LOWER_WORD.search(match["value"]) is None
    )
