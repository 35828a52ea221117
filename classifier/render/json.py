"""``--format json``: one pretty-printed object for one input, a list for several."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from classifier.document import DocumentResult


def render(results: Iterable[DocumentResult], stream: TextIO) -> None:
    """Write one JSON object (or a list of them when there are several documents)."""
    objects = [r.to_dict() for r in results]
    payload = objects[0] if len(objects) == 1 else objects
    json.dump(payload, stream, ensure_ascii=False, indent=2)
    stream.write("\n")
