"""Non-monetary remedies: apologies, training, procedure reviews, reassessments, record
corrections and service provision, each with its paragraph and deadline when stated.

An action is reported only in a remedy context: its sentence agrees, recommends or orders
("agreed to", "should", "will", "recommend", "to remedy"), holds a money remedy, or it is an
item under a lead-in such as "The Council has agreed to:". Requests by the complainant ("Mrs X
wants an apology") and criticism ("should have apologised") are not actions.

Deadlines ("within four weeks", "within 3 months of the final decision") come from the action's
sentence, from its lead-in, or from a later sentence that sets one for what precedes it ("The
Council should complete the above within four weeks").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from classifier.cues import is_request, lemma, sentences
from classifier.document import Action, Remedy
from classifier.preprocess import get_nlp
from classifier.segment import Paragraph

if TYPE_CHECKING:
    from spacy.matcher import Matcher
    from spacy.tokens import Doc, Span, Token

ACTION_TYPES = (
    "apology",
    "training",
    "procedure_review",
    "reassessment",
    "record_correction",
    "service_provision",
)

_CONTEXT_LEMMAS = {"agree", "recommend", "should", "will", "must", "undertake", "remedy", "offer"}
_CONTEXT_LEMMAS |= {"recommendation"}
# A superset, on the raw paragraph text, of the context lemmas (a fast pre-check only).
_CONTEXT_HINT = re.compile(
    r"agree|recommend|should|will|must|undertak|remed|offer|put things", re.I
)
_LEAD_IN_LEMMAS = _CONTEXT_LEMMAS | {"following", "complete", "action", "resolve"}
_MARKER = re.compile(r"^\s*(?:[-•*·–]|\(?[0-9]{1,2}[.)]|\(?[a-z][.)]|\(?[ivx]+[.)])\s*")
_IMPERATIVES = {
    "apologise", "apologize", "pay", "make", "remind", "provide", "review", "arrange", "carry",
    "complete", "reassess", "amend", "correct", "update", "consider", "offer", "write", "share",
    "ensure", "issue", "produce", "reconsider", "refund", "reimburse", "train", "deliver",
    "hold", "place", "remove", "add", "send", "take", "act", "introduce", "circulate",
    "backdate", "appoint", "create", "develop", "set", "meet", "contact", "explain", "confirm",
    "allocate", "identify", "put", "give", "agree", "decide", "assess", "start", "re-assess",
}  # fmt: skip
_STAFF = {"staff", "officer", "employee", "team", "manager", "worker", "colleague", "caseworker"}
_STAFF |= {"practitioner", "adviser", "advisor", "assessor"}
_PROCEDURES = {"procedure", "process", "policy", "practice", "guidance", "literature", "leaflet"}
_PROCEDURES |= {"website", "template", "letter", "system", "arrangement", "protocol"}
_PROCEDURES |= {"approach", "criterion", "criteria", "information", "checklist", "framework"}
_CHANGE = {"review", "amend", "change", "update", "improve", "revise", "rewrite", "strengthen"}
_PERSONAL_REVIEW = {"need", "care", "plan", "case", "application", "eligibility", "decision"}
_PERSONAL_REVIEW |= {"banding", "entitlement", "claim", "support", "package", "assessment"}
_PERSONAL_REVIEW |= {"appeal", "priority", "charge", "charging", "contribution", "bill"}
_RECORD_VERBS = {"amend", "correct", "update", "remove", "delete", "rectify", "annotate", "add"}
_RECORD_VERBS |= {"place", "expunge", "erase", "put", "attach"}
_RECORDS = {"record", "file", "note", "minute", "history", "register", "database", "chronology"}
_PROVIDE = {"arrange", "provide", "secure", "deliver", "commission", "find", "allocate", "start"}
_PROVIDE |= {"resume", "reinstate", "offer", "source", "fund", "put", "install", "complete"}
_SERVICES = {"service", "care", "support", "accommodation", "placement", "education", "tuition"}
_SERVICES |= {"provision", "respite", "package", "therapy", "transport", "equipment"}
_SERVICES |= {"adaptation", "repair", "works", "worker", "assistant", "advocate", "session"}
_SERVICES |= {"place", "home", "property", "sessions", "hour", "mentor", "counselling"}
_REVIEW_PHRASES = (
    "make changes",
    "service improvement",
    "prevent recurrence",
    "prevent a recurrence",
    "prevent similar",
    "prevent this happening",
    "improve its service",
    "improve its practice",
    "improve its procedures",
    "action plan",
    "tighter controls",
    "learning",
    "lessons",
)
_TRAILING = {"above", "these", "this", "actions", "action", "recommendations", "remedy", "all"}
_TRAILING |= {"remedies", "steps", "them"}
_ACTOR_SKIP = {"also", "will", "would", "can", "may", "must", "should", "do", "does", "then"}
_FAILURE = {"fail", "fails", "failed", "failing", "delayed", "delaying", "omitted", "neglected"}
_FAILURE |= {"refused", "refusing", "refusal", "declined", "declining"}
_GENERIC_ACTORS = {"councils", "authorities", "organisations", "law", "guidance", "act"}
_GENERIC_ACTORS |= {"complainant", "somebody", "someone"}
_COMPLAINANTS = {"he", "she", "they"}
_VIEWS = {"say", "think", "feel", "believe", "consider", "want", "allege", "argue", "claim"}
_UNITS = ["day", "days", "week", "weeks", "month", "months", "year", "years"]


@functools.cache
def deadline_matcher() -> Matcher:
    """The (cached) Matcher of "within <number> [working] days/weeks/months/years"."""
    from spacy.matcher import Matcher

    matcher = Matcher(get_nlp().vocab)
    number = {"LIKE_NUM": True}
    article = {"LOWER": {"IN": ["a", "an"]}}
    kind = {"LOWER": {"IN": ["working", "calendar", "school", "clear"]}, "OP": "?"}
    unit = {"LOWER": {"IN": _UNITS}}
    matcher.add("DEADLINE", [[{"LOWER": "within"}, n, kind, unit] for n in (number, article)])
    return matcher


def _deadline(sent: Span, text: str) -> str | None:
    """The first deadline of a sentence (whose text is ``text``), extended to "... of the
    final decision" when given."""
    doc = sent.doc
    if "within" not in text.lower():
        return None
    for _, start, end in deadline_matcher()(sent):
        first, last = sent.start + start, sent.start + end
        if last < sent.end and doc[last].lower_ == "of":
            for j in range(last + 1, min(sent.end, last + 9)):
                if doc[j].lower_ in {"decision", "statement", "report", "letter"}:
                    last = j + 1
                    break
        return doc[first:last].text
    return None


def _stripped(text: str) -> str:
    return _MARKER.sub("", text, count=1)


def _first_word(paragraph: Paragraph) -> str:
    words = _stripped(paragraph.text).split()
    return words[0] if words else ""


def _is_item(paragraph: Paragraph) -> bool:
    word = _first_word(paragraph)
    if not word:
        return False
    base = word.lower().strip(",.;:")
    return word[0].islower() or base in _IMPERATIVES or base.rstrip("s") in _IMPERATIVES


def _lead_in_scopes(paragraphs: Sequence[Paragraph], docs: Sequence[Doc]) -> dict[int, Span]:
    """Map the index of each paragraph listed under a remedy lead-in to the lead-in sentence."""
    scope: dict[int, Span] = {}
    for k, paragraph in enumerate(paragraphs):
        if not paragraph.text.rstrip().endswith(":"):
            continue
        lead = sentences(docs[k], paragraph.text)[-1]
        if not any(lemma(t) in _LEAD_IN_LEMMAS for t in lead) or is_request(lead):
            continue
        if k in scope:
            lead = scope[k]  # a nested lead-in ("Remind staff of:") keeps the outer one
        for j in range(k + 1, min(len(paragraphs), k + 15)):
            if not _is_item(paragraphs[j]):
                break
            scope[j] = lead
    return scope


def _in_remedy_context(sent: Span, text: str, has_remedy: bool, listed: bool) -> bool:
    if listed or has_remedy:
        return True
    return "put things right" in text.lower() or any(lemma(t) in _CONTEXT_LEMMAS for t in sent)


def _blocked(sent: Span, trigger: Token) -> bool:
    """True when the trigger is requested, negated, criticised ("should have apologised"),
    reported as a failure ("failed to provide") or is the complainant's view or the law."""
    doc = sent.doc
    words = [t.lower_ for t in doc[max(sent.start, trigger.i - 3) : trigger.i]]
    if "have" in words and any(w in words for w in ("should", "would", "could", "might")):
        return True
    earlier = doc[sent.start : trigger.i]
    if any(t.lower_ in {"not", "n't", "never"} for t in earlier[-6:]):
        return True
    for token in reversed(earlier):
        if lemma(token) in _CONTEXT_LEMMAS:
            break
        if token.lower_ in _FAILURE:
            return True  # "failed to provide", "delayed offering", "its refusal to reassess"
    if any(lemma(t) == "complain" or t.lower_ in _GENERIC_ACTORS for t in earlier):
        return True  # the complaint or the law, not a remedy: "councils must arrange"
    opening = [lemma(t) for t in sent[:6]]
    if opening and (opening[0] in _COMPLAINANTS or opening[0] in {"mr", "mrs", "ms", "miss"}):
        if any(w in _VIEWS for w in opening):
            return True  # "She does not think...", "Mrs X said..."
    actor = [w for w in words if w not in _ACTOR_SKIP]
    if actor and actor[-1] in {"we", "i", "ombudsman"}:
        return True  # the Ombudsman's own work: "We provide a free service"
    return is_request(earlier)


def _near(sent: Span, i: int, words: set[str], ahead: int, behind: int = 0) -> bool:
    doc = sent.doc
    window = doc[max(sent.start, i - behind) : min(sent.end, i + ahead + 1)]
    return any(lemma(t) in words or t.lower_ in words for t in window if t.i != i)


def _types(sent: Span, text: str) -> list[tuple[str, Token]]:
    """The action types a sentence (whose text is ``text``) states, with their triggers."""
    found: dict[str, Token] = {}
    lowered = text.lower()
    for token in sent:
        lem = lemma(token)
        lower = token.lower_
        if lem in {"apologise", "apologize", "apology"}:
            found.setdefault("apology", token)
        if lem == "train" or lower == "training" or lower == "reminder":
            found.setdefault("training", token)
        if lem == "remind" and _near(sent, token.i, _STAFF, 6):
            found.setdefault("training", token)
        if lem in _CHANGE and _near(sent, token.i, _PROCEDURES, 6):
            if not (lem == "review" and _personal(sent, token)):
                found.setdefault("procedure_review", token)
        if lem in {"reassess", "re-assess", "reassessment", "re-assessment", "reconsider"}:
            found.setdefault("reassessment", token)
        if lem == "review" and _personal(sent, token):
            found.setdefault("reassessment", token)
        if lower in {"new", "fresh", "further"} and _near(sent, token.i, {"assessment"}, 2):
            found.setdefault("reassessment", token)
        if lem in _RECORD_VERBS and _near(sent, token.i, _RECORDS, 15):
            found.setdefault("record_correction", token)
        if lem in _PROVIDE and _near(sent, token.i, _SERVICES, 6) and not _is_record(sent, token):
            if "service improvement" in lowered:
                continue
            if "training" not in found:  # "remind staff of the importance of providing..."
                found.setdefault("service_provision", token)
    if "procedure_review" not in found:
        for phrase in _REVIEW_PHRASES:
            if phrase in lowered:
                char = sent.start_char + lowered.index(phrase)
                token = next(t for t in sent if t.idx + len(t.text) > char)
                found["procedure_review"] = token
                break
    return [(kind, found[kind]) for kind in ACTION_TYPES if kind in found]


def _personal(sent: Span, review: Token) -> bool:
    """ "review Mr X's care plan", "review her needs", not "review its procedures"."""
    doc = sent.doc
    window = doc[review.i + 1 : min(sent.end, review.i + 5)]
    owner = any(t.lower_ in {"his", "her", "their", "mr", "mrs", "ms", "miss"} for t in window)
    return owner and any(lemma(t) in _PERSONAL_REVIEW for t in window)


def _is_record(sent: Span, token: Token) -> bool:
    return _near(sent, token.i, _RECORDS, 15) and lemma(token) in {"put", "place"}


def find_actions(
    paragraphs: Sequence[Paragraph], docs: Sequence[Doc], remedies: Sequence[Remedy] = ()
) -> list[Action]:
    """Return the non-monetary remedies of a document in text order (one doc per paragraph)."""
    remedy_offsets = [r.start for r in remedies]
    scopes = _lead_in_scopes(paragraphs, docs)
    items: list[Action] = []
    for paragraph, doc in zip(paragraphs, docs, strict=True):
        lead = scopes.get(paragraph.index)
        in_paragraph = any(paragraph.start <= o < paragraph.end for o in remedy_offsets)
        if lead is None and not in_paragraph and not _CONTEXT_HINT.search(paragraph.text):
            continue  # cheap pre-check: no remedy context can occur in this paragraph
        lead_deadline = _deadline(lead, lead.text) if lead is not None else None
        for sent in sentences(doc, paragraph.text):
            text = paragraph.text[sent.start_char : sent.end_char]
            start = paragraph.start + sent.start_char
            has_remedy = any(start <= o < start + len(text) for o in remedy_offsets)
            types = _types(sent, text)
            deadline = _deadline(sent, text)
            if not types:
                if deadline and _in_remedy_context(sent, text, False, False):
                    _apply_trailing(items, sent, deadline, paragraph.index)
                continue
            if not _in_remedy_context(sent, text, has_remedy, lead is not None):
                continue
            for kind, trigger in types:
                if not _blocked(sent, trigger):
                    action = Action(
                        kind, paragraph.index, _stripped(text), deadline or lead_deadline
                    )
                    items.append(action)
    return items


def _apply_trailing(items: list[Action], sent: Span, deadline: str, paragraph: int) -> None:
    """A deadline for "the above" goes to the preceding undated actions (up to 15 paragraphs)."""
    if not any(t.lower_ in _TRAILING for t in sent):
        return
    for item in reversed(items):
        if paragraph - item.paragraph > 15 or item.deadline is not None:
            break
        item.deadline = deadline
