"""``--format jsonl``: one object per document per line, written as each is ready."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from classifier.document import DocumentResult


def render(results: Iterable[DocumentResult], stream: TextIO) -> None:
    """Write one compact JSON line per document, flushing after each."""
    for result in results:
        stream.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
        stream.flush()
