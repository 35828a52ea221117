"""A hash table from int64 keys to int64 values, looked up for whole arrays at once.

``numpy.searchsorted`` costs a binary search per key; this open-addressing table answers
most lookups with one multiply, one shift and one gather.
"""

from __future__ import annotations

import numpy as np

_EMPTY = np.int64(-(2**63))
_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing


class IntTable:
    """Maps int64 keys to int64 values; ``get`` returns ``default`` for missing keys."""

    def __init__(self, keys: np.ndarray | None = None, values: np.ndarray | None = None) -> None:
        self._bits = 4
        self._keys = np.full(1 << self._bits, _EMPTY, dtype=np.int64)
        self._values = np.zeros(1 << self._bits, dtype=np.int64)
        self._size = 0
        self._max_probe = 0
        if keys is not None and values is not None:
            self.add(np.asarray(keys, dtype=np.int64), np.asarray(values, dtype=np.int64))

    def __len__(self) -> int:
        return self._size

    def _slots(self, keys: np.ndarray) -> np.ndarray:
        with np.errstate(over="ignore"):
            mixed = keys.astype(np.uint64) * _MULTIPLIER
        return (mixed >> np.uint64(64 - self._bits)).astype(np.int64)

    def add(self, keys: np.ndarray, values: np.ndarray) -> None:
        """Add (or overwrite) ``keys`` with ``values``; the key -2**63 is reserved."""
        if (keys == _EMPTY).any():
            raise ValueError("IntTable cannot store the key -2**63")
        if (self._size + keys.size) * 3 > self._keys.size:
            self._grow(self._size + keys.size)
        mask = self._keys.size - 1
        for key, value, slot in zip(
            keys.tolist(), values.tolist(), self._slots(keys).tolist(), strict=True
        ):
            probe = 0
            while True:
                at = (slot + probe) & mask
                current = self._keys[at]
                if current == _EMPTY or current == key:
                    self._size += current == _EMPTY
                    self._keys[at], self._values[at] = key, value
                    self._max_probe = max(self._max_probe, probe)
                    break
                probe += 1

    def _grow(self, needed: int) -> None:
        used = self._keys != _EMPTY
        keys, values = self._keys[used], self._values[used]
        while (1 << self._bits) < needed * 4:
            self._bits += 1
        self._keys = np.full(1 << self._bits, _EMPTY, dtype=np.int64)
        self._values = np.zeros(1 << self._bits, dtype=np.int64)
        self._size = 0
        self._max_probe = 0
        self.add(keys, values)

    def get(self, keys: np.ndarray, default: int = -1) -> np.ndarray:
        """The value of each key, ``default`` where a key is missing."""
        keys = np.asarray(keys, dtype=np.int64)
        result = np.full(keys.shape, default, dtype=np.int64)
        slots = self._slots(keys)
        pending = np.arange(keys.size)
        mask = self._keys.size - 1
        for probe in range(self._max_probe + 1):
            at = (slots[pending] + probe) & mask
            found = self._keys[at] == keys[pending]
            result[pending[found]] = self._values[at[found]]
            pending = pending[~found & (self._keys[at] != _EMPTY)]
            if not pending.size:
                break
        return result
