"""Decide which money amounts of a decision are remedies, and total them.

Rules work on one sentence (spaCy sentencizer) around each amount, with lemma cues:

* The *governor* of an amount is the nearest money verb or noun before it in the sentence
  ("pay", "payment", "refund", "offer", "award", "compensation"...; "waive", "owe", "charged",
  "incur", "ask", "seek"...), else the nearest one shortly after it ("£500 settlement",
  "the £250 the Council has offered"). A redress governor makes the amount a remedy unless the
  payer is the complainant ("he paid £206"), the governor is negated ("refused to pay"), it is
  what the complainant asked for ("She wants the Council to reimburse £5,000") or the amount
  is a non-redress sum ("arrears of £500", "a direct payment of £150", "£400 in benefit"),
  except a deposit, rent or premium the complainant lost, which paid back is a reimbursement
  ("pay Mr M the £800 deposit he lost").
* Without a governor an amount is a remedy when its sentence speaks of redress (apology,
  distress, time and trouble, compensation, recognition...) and no charge, fee or cost word is
  attached to it, or when it continues a remedy sentence ("A total of £100.").
* Ranges ("between £100 and £300", "£100-£300") are never remedies: a remedy is a definite sum.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING

from classifier.actions import find_actions
from classifier.cues import REQUESTS, is_request, lemma, sentences
from classifier.document import Action, Remedy
from classifier.money import MoneyMention, find_amounts
from classifier.preprocess import get_nlp
from classifier.segment import Paragraph

if TYPE_CHECKING:
    from spacy.matcher import Matcher
    from spacy.tokens import Doc, Span, Token

CURRENCY = "GBP"
PURPOSES = (
    "distress",
    "time and trouble",
    "uncertainty",
    "loss of opportunity",
    "financial loss",
    "other",
)

_PAY = {"pay", "payment", "compensate", "compensation", "award", "offer", "settlement", "settle"}
_PAY |= {"recommend", "redress", "goodwill"}
_REFUND = {"refund", "reimburse", "reimbursement", "repay", "repayment"}
_WEAK_PAY = {"receive", "give"}  # redress only when the sentence also speaks of redress
_NEGATIVE_LEMMAS = {"waive", "write", "reduce", "deduct", "discount", "cancel", "owe", "incur"}
_NEGATIVE_LEMMAS |= {"spend", "fund", "invoice", "dispute", "overpay", "remove", "withdraw"}
_NEGATIVE_LOWER = {"charged", "charging", "billed", "billing", "claim", "claims", "claimed"}
_NEGATIONS = {"not", "n't", "never", "no"}
_REFUSALS = {"refuse", "decline", "reject"}
# Sums that are never redress even when paid to the complainant.
_NON_REDRESS = {"arrears", "debt", "grant", "budget", "benefit", "allowance", "salary", "wage"}
_NON_REDRESS |= {"price", "overpayment", "tax", "loan", "deposit", "income", "saving", "asset"}
_NON_REDRESS |= {"capital", "rent", "premium", "limit", "value", "fostering"}
_NON_REDRESS |= {"contractor", "provider", "builder", "bailiff", "landlord", "supplier", "works"}
# Sums that are redress only when refunded or reimbursed.
_CHARGES = {"fee", "charge", "cost", "bill", "invoice", "expense", "fine", "penalty"}
_CHARGES |= {"contribution", "rate", "top-up"}
_REDRESS_WORDS = {"apology", "apologise", "apologize", "remedy", "compensation", "recognise"}
_REDRESS_WORDS |= {"recognition", "acknowledge", "distress", "trouble", "injustice", "redress"}
_REDRESS_WORDS |= {"symbolic", "settlement", "goodwill", "uncertainty", "frustration", "upset"}
_REDRESS_WORDS |= {"compensate", "recognize", "remedying"}
_PAYER_SKIP = {"has", "have", "had", "also", "already", "then", "been", "to", "would", "will"}
_PAYER_SKIP |= {"should", "must", "could", "needed", "need", "was", "were", "is", "are", "told"}
_PAYER_SKIP |= {"asked", "later", "subsequently", "previously", "still", "now", "not"}
_COMPLAINANT = {"he", "she", "they", "i", "you"}
_CLAUSE_STARTERS = {"and", "but", "that", "because", "as", "when", "so", "if", "after", "before"}
_CLAUSE_STARTERS |= {"then", "although", "while", "said", "says", "since", "where"}
_TITLES = ["mr", "mrs", "ms", "miss", "dr", "mx", "mr.", "mrs.", "ms.", "dr."]
_QUALIFIERS = {"over", "about", "around", "nearly", "almost", "approximately", "more", "than"}
_QUALIFIERS |= {"at", "least", "up", "to", "some", "roughly", "an", "extra", "additional"}
_RATE_UNITS = {"week", "month", "day", "year", "annum", "hour", "night", "term", "session"}
_RATE_UNITS |= {"visit", "collection", "occasion", "appointment"}
_TOTAL_WORDS = {"total", "totalling", "totaling", "altogether", "overall", "comprising"}
_TOTAL_WORDS |= {"calculates as", "calculated as", "amounting to"}
_RATE_WORDS = {"per", "a", "an", "each", "every"}
# Words that say how many people "£200 each" goes to, when no list of names does.
_HOW_MANY = {"both": 2, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
# Pronouns that stand for one payee in a list ("pays her and Mrs Y £200 each").
_ONE_PERSON = {"her", "him"}
_POSSESSIVES = {"his", "her", "their", "its"}
# Words after "to her" that show "her" is the payee, not a possessive ("£50 to her for ...").
_AFTER_PAYEE = {"for", "in", "to", "as", "and", "or", "by", "within", "of", "on", "at", "with"}
# Sums a complainant can lose and be paid back as redress, and the verbs of losing them.
_LOSABLE = {"deposit", "rent", "premium", "saving"}
_LOSSES = {"lose", "forfeit", "pay"}

_PURPOSE_PHRASES: tuple[tuple[str, str], ...] = (
    ("time and trouble", "time and trouble"),
    ("time, trouble", "time and trouble"),
    ("time and effort", "time and trouble"),
    ("inconvenience", "time and trouble"),
    ("trouble", "time and trouble"),
    ("distress", "distress"),
    ("upset", "distress"),
    ("anxiety", "distress"),
    ("stress", "distress"),
    ("worry", "distress"),
    ("frustration", "distress"),
    ("outrage", "distress"),
    ("hurt", "distress"),
    ("uncertain", "uncertainty"),
    ("opportunit", "loss of opportunity"),
    ("financial loss", "financial loss"),
    ("quantifiable loss", "financial loss"),
    ("out of pocket", "financial loss"),
    ("costs", "financial loss"),
    ("cost of", "financial loss"),
    ("fee", "financial loss"),
    ("expenses", "financial loss"),
    ("reimburse", "financial loss"),
    ("refund", "financial loss"),
)
_PURPOSE_INTRO = {"for", "to", "in", "as", "towards", "reflecting", "recognising"}


def paragraph_docs(paragraphs: Sequence[Paragraph], docs: Sequence[Doc] | None) -> list[Doc]:
    """Return one ``get_nlp()`` doc per paragraph, reusing ``docs`` when given."""
    if docs is not None:
        if len(docs) != len(paragraphs):
            raise ValueError("docs must hold exactly one doc per paragraph")
        return list(docs)
    return list(get_nlp().pipe(p.text for p in paragraphs))


def _complainant_paid(token: Token, sent: Span) -> bool | None:
    """For a "pay" verb: True if the complainant pays, None for a relative clause to skip."""
    if token.lower_ not in {"paid", "pay", "pays", "paying"}:
        return False
    i = token.i - 1
    while i >= sent.start and sent.doc[i].lower_ in _PAYER_SKIP:
        i -= 1
    if i < sent.start:
        return False
    subject = sent.doc[i]
    is_party = (len(subject.text) == 1 and subject.text.isupper() and subject.text != "I") or (
        subject.lower_ in _TITLES
    )
    if subject.lower_ not in _COMPLAINANT and not is_party:
        return False
    before = sent.doc[i - 1] if i - 1 >= sent.start else None
    if subject.lower_ in _COMPLAINANT and before is not None and before.is_alpha:
        if before.lower_ not in _CLAUSE_STARTERS and before.is_lower:
            return None  # "the costs he paid for": a relative clause, not the governor
    return True


def _governor_kind(token: Token, sent: Span) -> str | None:
    """Classify a token as a money cue: "pay", "refund", "weak", "negative" or None."""
    lem = lemma(token)
    lower = token.lower_
    if lem in _PAY or lower in {"payment", "payments"}:
        previous = token.doc[token.i - 1] if token.i > sent.start else None
        if lem == "payment" and previous is not None and previous.lower_ == "direct":
            return "negative"
        paid_by = _complainant_paid(token, sent)
        if paid_by is None:
            return None
        return "negative" if paid_by else "pay"
    if lem in _REFUND:
        return "refund"
    if lem in _WEAK_PAY:
        return "weak"
    if lem in _NEGATIVE_LEMMAS or lower in _NEGATIVE_LOWER or lem in REQUESTS:
        if lem == "write" and not _followed_by(token, "off"):
            return None
        return "negative"
    if lem == "lose" and _amount_follows(token):
        return "negative"  # "she lost £3,000", not "her lost opportunity"
    return None


def _amount_follows(token: Token) -> bool:
    """True when an amount comes right after ``token`` ("lost over £3,000")."""
    doc = token.doc
    i = token.i + 1
    while i < len(doc) and doc[i].lower_ in _QUALIFIERS:
        i += 1
    return i < len(doc) and (doc[i].text == "£" or doc[i].like_num)


def _followed_by(token: Token, word: str) -> bool:
    doc = token.doc
    return any(doc[j].lower_ == word for j in range(token.i + 1, min(token.i + 4, len(doc))))


def _find_governor(sent: Span, first: int, last: int) -> Token | None:
    """Nearest money cue before token ``first`` in ``sent``, else within 8 tokens after."""
    doc = sent.doc
    for i in range(first - 1, sent.start - 1, -1):
        if _governor_kind(doc[i], sent):
            return doc[i]
    for i in range(last, min(sent.end, last + 8)):
        if doc[i].text == "£" or doc[i].like_num:
            break
        if _governor_kind(doc[i], sent):
            return doc[i]
    return None


def _attached_words(sent: Span, first: int, last: int, governor: Token | None) -> set[str]:
    """Lemmas of the words describing the amount: a few before it and a few after it."""
    doc = sent.doc
    left_stop = governor.i + 1 if governor is not None and governor.i < first else sent.start
    words = {lemma(doc[i]) for i in range(max(left_stop, first - 6), first)}
    for i in range(last, min(sent.end, last + 4)):
        token = doc[i]
        if token.lower_ in {"for", "to", "towards", "because", "as", "which", "that", "and"}:
            break
        if token.is_punct and token.text not in {"-", "–"}:
            break
        words.add(lemma(token))
    return words


def _range_flags(sent: Span, items: list[tuple[MoneyMention, int, int]]) -> list[bool]:
    """Which amounts of a sentence are ends of a range ("£100-£300", "between £1 and £5")."""
    doc = sent.doc
    flags = [False] * len(items)
    for k in range(len(items) - 1):
        end, next_first = items[k][2], items[k + 1][1]
        between = [doc[i].lower_ for i in range(end, next_first)]
        if next_first < end or between in (["-"], ["–"], ["—"], ["to"], ["and"]):
            opener = [doc[i].lower_ for i in range(max(sent.start, items[k][1] - 3), items[k][1])]
            if between != ["and"] or "between" in opener:
                flags[k] = flags[k + 1] = True
    return flags


def _decide(sent: Span, first: int, last: int) -> tuple[bool, str | None, Token | None]:
    """Is the amount at tokens [first, last) of ``sent`` a remedy? Also its governor."""
    doc = sent.doc
    governor = _find_governor(sent, first, last)
    kind = _governor_kind(governor, sent) if governor is not None else None
    attached = _attached_words(sent, first, last, governor)
    redress_talk = any(lemma(t) in _REDRESS_WORDS for t in sent)
    if governor is None or kind is None:
        if attached & (_NON_REDRESS | _CHARGES) or is_request(doc[sent.start : first]):
            return False, None, None
        return redress_talk, None, None
    if kind == "negative":
        return False, kind, governor
    refused = _negated(governor, sent)
    requested = is_request(doc[sent.start : governor.i])
    non_redress = (
        kind != "refund"
        and bool(attached & _NON_REDRESS)
        and not (attached & _NON_REDRESS <= _LOSABLE and _lost_by_complainant(sent, last))
    )
    weak_only = kind == "weak" and not redress_talk
    return not (refused or requested or non_redress or weak_only), kind, governor


def _lost_by_complainant(sent: Span, last: int) -> bool:
    """True when the complainant's loss follows the amount: "the £800 deposit he lost".

    The caller accepts this only for sums in ``_LOSABLE``: paying back a lost deposit is a
    reimbursement, paying off arrears is not.
    """
    doc = sent.doc
    following = [doc[i] for i in range(last, min(sent.end, last + 4))]
    for k, token in enumerate(following):
        if token.lower_ in _COMPLAINANT or token.lower_ in _TITLES:
            if any(lemma(t) in _LOSSES for t in following[k + 1 : k + 3]):
                return True
    return False


def _negated(governor: Token, sent: Span) -> bool:
    """True when a negation governs the cue: "did not pay", "declined to make a payment"."""
    doc = sent.doc
    for i in range(governor.i - 1, max(sent.start, governor.i - 5) - 1, -1):
        token = doc[i]
        if token.is_punct or token.lower_ in {"and", "but", "or"}:
            return False
        if token.lower_ in _NEGATIONS:
            return True
        if lemma(token) in _REFUSALS and doc[i + 1].lower_ == "to":
            return True  # "refused to pay", not "Mr X rejected the offer of £300"
    return False


def _token_range(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    return (span.start, span.end) if span is not None else None


@functools.cache
def party_matcher() -> Matcher:
    """The (cached) Matcher of named parties: "Mrs X", "Mr and Mrs L", "Mr Ash and Mrs Birch"."""
    from spacy.matcher import Matcher

    matcher = Matcher(get_nlp().vocab)
    title = {"LOWER": {"IN": _TITLES}}
    name = {"TEXT": {"REGEX": r"^[A-Z][A-Za-z'’-]*\.?$"}}  # "Mrs L." ends a sentence
    and_ = {"LOWER": "and"}
    matcher.add(
        "PARTY", [[title, name], [title, and_, title, name], [title, name, and_, title, name]]
    )
    return matcher


def _parties(doc: Doc) -> list[Span]:
    from spacy.util import filter_spans

    spans = [doc[s:e] for _, s, e in party_matcher()(doc)]
    return sorted(filter_spans(spans), key=lambda s: s.start)


def _recipient(
    parties: list[Span], sent: Span, first: int, last: int, gov: Token | None
) -> str | None:
    doc = sent.doc
    if last + 1 < sent.end and doc[last].lower_ == "to":
        # "£300 to Mrs D and £300 to Mr D": a party named right after the amount is its own.
        after = [p for p in parties if p.start == last + 1]
        if after and not (after[0].end < len(doc) and doc[after[0].end].lower_ in {"'s", "’s"}):
            return after[0].text.rstrip(".")
        if doc[last + 1].lower_ in _TITLES or _possessive(doc, last + 1, sent.end):
            # "to Mr X's landlord", "to his mother": paid to someone else, named after all
            return None
    left_stop = gov.i if gov is not None and gov.i < first else sent.start
    before = [p for p in parties if left_stop <= p.start and p.end <= first]
    return before[-1].text.rstrip(".") if before else None


def _possessive(doc: Doc, i: int, end: int) -> bool:
    """Whether token ``i`` is a possessive before a noun: "his mother", "their son", but not
    "her" in "£50 to her for her time"."""
    word = doc[i].lower_
    if word not in _POSSESSIVES:
        return False
    if word != "her":
        return True
    following = doc[i + 1] if i + 1 < end else None
    return following is not None and following.is_alpha and following.lower_ not in _AFTER_PAYEE


def _purposes_in(text: str) -> list[str]:
    lowered = text.lower()
    found: list[str] = []
    for phrase, purpose in _PURPOSE_PHRASES:
        if phrase in lowered and purpose not in found:
            if phrase == "trouble" and "time and trouble" in found:
                continue
            found.append(purpose)
    return found


def _purposes(segments: list[str], index: int, kind: str | None) -> list[str]:
    """Purposes stated after amount ``index`` of a sentence, or shared with the next one."""
    purposes: list[str] = []
    for segment in segments[index:]:
        purposes = _purposes_in(segment)
        words = segment.lower().split()
        if purposes or (words and words[0] in _PURPOSE_INTRO):
            break
    if not purposes and segments[index].lower().split()[:1] in (["for"], ["to"], ["in"]):
        purposes = ["other"]
    if kind == "refund" and "financial loss" not in purposes:
        purposes.append("financial loss")
    return [p for p in PURPOSES if p in purposes]


def find_remedies(paragraphs: Sequence[Paragraph], docs: Sequence[Doc]) -> list[Remedy]:
    """Return the remedy amounts of a document in text order (one doc per paragraph)."""
    remedies: list[Remedy] = []
    for paragraph, doc in zip(paragraphs, docs, strict=True):
        mentions = find_amounts(doc, offset=paragraph.start, text=paragraph.text)
        if not mentions:
            continue
        parties = _parties(doc)
        sents = sentences(doc, paragraph.text)
        sent_of = {i: sent for sent in sents for i in range(sent.start, sent.end)}
        by_sentence: dict[int, list[tuple[MoneyMention, int, int]]] = {}
        for mention in mentions:
            span = _token_range(doc, mention.start - paragraph.start, mention.end - paragraph.start)
            if span is None:
                continue
            sent = sent_of[span[0]]
            by_sentence.setdefault(sent.start, []).append((mention, *span))
        previous_remedy_sentence = False
        for sent in sents:
            items = by_sentence.get(sent.start)
            if not items:
                previous_remedy_sentence = False
                continue
            ranges = _range_flags(sent, items)
            segments = _segments(sent, items)
            found = False
            for index, (mention, first, last) in enumerate(items):
                if ranges[index]:
                    continue
                is_remedy, kind, governor = _decide(sent, first, last)
                if not is_remedy and kind is None and previous_remedy_sentence:
                    is_remedy = _continues_remedy(sent, first, last)
                if not is_remedy:
                    continue
                payees, listed = _payees(parties, sent, first, last, governor)
                remedies.append(
                    Remedy(
                        amount=mention.amount,
                        currency=CURRENCY,
                        text=mention.text,
                        start=mention.start,
                        end=mention.end,
                        paragraph=paragraph.index,
                        recipient=listed or _recipient(parties, sent, first, last, governor),
                        purposes=_purposes(segments, index, kind),
                        payees=payees,
                    )
                )
                found = True
            previous_remedy_sentence = found
    return remedies


def _payees(
    parties: list[Span], sent: Span, first: int, last: int, governor: Token | None
) -> tuple[int, str | None]:
    """How many people are each paid the amount, and who they are, when a paying verb lists
    them before it: "pays her and Mrs Y £200 each" gives (2, "her and Mrs Y"), "pay Mr X,
    Mrs Y and Ms Z £50 each" 3, "pay Mr and Mrs L £100 each" 2, "pay them both £150 each" 2.

    Otherwise (1, None): no "each" right after the amount, a rate ("£50 each month"), no
    paying verb before the amount, or fewer than two people named between them. People are
    the named parties (:func:`party_matcher`; "Mr and Mrs L" is two), "her" and "him"; a
    count word ("both", "three") wins. The list stops at an earlier amount ("pay Mr X £100
    and Mrs Y £100 each" pays Mrs Y alone).
    """
    doc = sent.doc
    if last >= sent.end or doc[last].lower_ != "each":
        return 1, None
    if any(t.lower_.rstrip("s") in _RATE_UNITS for t in doc[last + 1 : min(last + 3, sent.end)]):
        return 1, None
    if governor is None or governor.i >= first:
        return 1, None
    start = governor.i + 1
    for i in range(first - 1, start - 1, -1):
        if doc[i].is_currency or any(c.isdigit() for c in doc[i].text):
            start = i + 1  # the list of this amount begins after an earlier one
            break
    named = [p for p in parties if start <= p.start and p.end <= first]
    pronouns = [t for t in doc[start:first] if t.lower_ in _ONE_PERSON]
    counted = [t for t in doc[start:first] if t.lower_ in _HOW_MANY]
    people = sum(1 + sum(t.lower_ == "and" for t in p) for p in named) + len(pronouns)
    count = _HOW_MANY[counted[0].lower_] if counted else people
    if count < 2:
        return 1, None
    if counted:  # "them both", "the three children": from the word before the count
        word = counted[0].i
        return count, doc[word - 1 if word > start else word : first].text
    marks = [*(t.i for t in pronouns), *(p.start for p in named)]
    ends = [*(t.i + 1 for t in pronouns), *(p.end for p in named)]
    return count, doc[min(marks) : max(ends)].text.rstrip(".")


def _continues_remedy(sent: Span, first: int, last: int) -> bool:
    """An amount in a sentence with no money cue right after a remedy sentence."""
    return not _attached_words(sent, first, last, None) & (_NON_REDRESS | _CHARGES)


def _segments(sent: Span, items: list[tuple[MoneyMention, int, int]]) -> list[str]:
    """Text after each amount up to the next amount (or the end of the sentence)."""
    doc = sent.doc
    segments = []
    for k, (_, _, last) in enumerate(items):
        end = items[k + 1][1] if k + 1 < len(items) else sent.end
        segments.append(doc[last:end].text if last < end else "")
    return segments


def remedy_total(remedies: Sequence[Remedy], text: str = "") -> float:
    """Total of the distinct payments among ``remedies``.

    Rule: (1) the same value mentioned again (summary, then agreed actions; a refund named
    twice) is one payment, unless the two mentions name different recipients; (2) an amount
    equal to the sum of two or more other distinct amounts is their total and its parts are
    dropped ("£1,000 made up of £600 ... and £400 ..." gives 1000); (3) when ``text`` is given
    and an amount is introduced as a total ("a total of £100", "totalling", "which it
    calculates as"), rates in the same paragraph ("£50 per month", "£1,000 for each term")
    are dropped as parts of it. Rates otherwise count once. An amount paid to each of several
    people counts once per payee (``Remedy.payees``).
    """
    distinct: list[Remedy] = []
    for remedy in remedies:
        same = next((k for k, seen in enumerate(distinct) if _same_payment(remedy, seen)), None)
        if same is None:
            distinct.append(remedy)
        elif remedy.payees > distinct[same].payees:
            distinct[same] = remedy  # "£200" then "£200 each" to two people: one payment each
    if text:
        distinct = _drop_rates_with_total(distinct, text)
    parts: set[int] = set()
    # One value per payee, so that "£200 each" to two people and "a total of £400" are parts
    # and their total.
    values = [r.amount for r in distinct for _ in range(r.payees)]
    for k, value in enumerate(values):
        subset = _subset_summing_to(value, [(j, v) for j, v in enumerate(values) if j != k])
        if subset and k not in parts:
            parts.update(subset)
    return round(sum(v for j, v in enumerate(values) if j not in parts), 2)


def _same_payment(a: Remedy, b: Remedy) -> bool:
    if abs(a.amount - b.amount) > 0.005:
        return False
    return a.recipient is None or b.recipient is None or a.recipient == b.recipient


def _drop_rates_with_total(remedies: list[Remedy], text: str) -> list[Remedy]:
    def before(r: Remedy) -> str:
        return text[max(0, r.start - 25) : r.start].lower()

    def is_rate(r: Remedy) -> bool:
        """A rate: "£50 per month", "£1,000 for each term", "£50 for every missed collection"."""
        words = text[r.end : r.end + 40].lower().split()[:4]
        rate_words = _RATE_WORDS
        if words[:1] == ["for"]:  # "for each term", not "for a year of uncertainty"
            words, rate_words = words[1:], {"per", "each", "every"}
        if not words or words[0] not in rate_words:
            return False
        return any(w.strip(".,;").rstrip("s") in _RATE_UNITS for w in words[1:3])

    totals = {r.paragraph for r in remedies if any(w in before(r) for w in _TOTAL_WORDS)}
    return [r for r in remedies if not (r.paragraph in totals and is_rate(r))]


def _subset_summing_to(target: float, values: list[tuple[int, float]]) -> set[int] | None:
    """Indices of two or more ``values`` (smaller than ``target``) summing to ``target``."""
    smaller = [(j, v) for j, v in values if v < target - 0.005][:16]
    best: set[int] | None = None

    def search(start: int, remaining: float, chosen: list[int]) -> None:
        nonlocal best
        if best is not None:
            return
        if abs(remaining) < 0.005 and len(chosen) >= 2:
            best = set(chosen)
            return
        for n in range(start, len(smaller)):
            j, v = smaller[n]
            if v <= remaining + 0.005:
                search(n + 1, remaining - v, [*chosen, j])

    search(0, target, [])
    return best


def analyse_remedies(
    text: str, paragraphs: Sequence[Paragraph], docs: Sequence[Doc] | None = None
) -> tuple[list[Remedy], float, list[Action]]:
    """Remedies, their total and the non-monetary actions of one document.

    ``docs`` are optional pre-made ``get_nlp()`` docs of the paragraphs (one each, in order);
    without them the paragraphs are processed here once.
    """
    paragraph_docs_ = paragraph_docs(paragraphs, docs)
    remedies = find_remedies(paragraphs, paragraph_docs_)
    actions = find_actions(paragraphs, paragraph_docs_, remedies)
    return remedies, remedy_total(remedies, text), actions
