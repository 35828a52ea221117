"""Small helpers for the words of messages and reports."""

from __future__ import annotations


def plural(n: int, noun: str) -> str:
    """``n`` and ``noun``, plural unless ``n`` is 1: "1 document", "3 documents"."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
