"""The playground's seeded random source, ported bit for bit from src/lib/sim/core/rng.ts.

mulberry32 (Tommy Ettinger, public domain) with the same fork rule, so that the Flower app draws
the same client sampling, initial weights, batch order and attack noise as the playground for one
seed. Every value is kept in [0, 2**32) and masked after each step: the bit patterns are those of
JavaScript's Math.imul, >>> and ^.
"""

from __future__ import annotations

import math

_M = 0xFFFFFFFF


def _imul(a: int, b: int) -> int:
    return (a * b) & _M


def hash_string(s: str) -> int:
    """FNV-1a over UTF-16 code units, as hashString in rng.ts (labels are ASCII)."""
    h = 0x811C9DC5
    for ch in s:
        h = _imul(h ^ ord(ch), 0x01000193)
    return h


class Rng:
    """One stream: next() in [0, 1), int, normal, shuffle, sample, fork."""

    def __init__(self, seed: int) -> None:
        self.seed = seed & _M
        self._a = self.seed
        self._spare: float | None = None

    def next(self) -> float:
        self._a = (self._a + 0x6D2B79F5) & _M
        t = self._a
        t = _imul(t ^ (t >> 15), t | 1)
        t ^= (t + _imul(t ^ (t >> 7), t | 61)) & _M
        return ((t ^ (t >> 14)) & _M) / 4294967296

    def int(self, n: int) -> int:
        return math.floor(self.next() * n)

    def normal(self) -> float:
        if self._spare is not None:
            s = self._spare
            self._spare = None
            return s
        u = 0.0
        while u == 0.0:
            u = self.next()
        v = self.next()
        r = math.sqrt(-2 * math.log(u))
        self._spare = r * math.sin(2 * math.pi * v)
        return r * math.cos(2 * math.pi * v)

    def shuffle(self, items: list) -> list:
        """Fisher-Yates in place, from the end, as rng.shuffle."""
        for i in range(len(items) - 1, 0, -1):
            j = math.floor(self.next() * (i + 1))
            items[i], items[j] = items[j], items[i]
        return items

    def sample(self, n: int, k: int) -> list[int]:
        """k distinct indices of range(n) in random order, as rng.sample."""
        idx = list(range(n))
        m = min(k, n)
        for i in range(m):
            j = i + math.floor(self.next() * (n - i))
            idx[i], idx[j] = idx[j], idx[i]
        return idx[:m]

    def fork(self, label: str | int) -> Rng:
        return Rng(hash_string(str(label)) ^ _imul(self.seed, 0x9E3779B1))


def create_rng(seed: int) -> Rng:
    return Rng(seed)
