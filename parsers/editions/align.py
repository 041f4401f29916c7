"""The order-preserving pairing of two editions' entries, and the confidence of a pair."""

from __future__ import annotations

import math

# A pair is worth (score - PAIR_THRESHOLD); gaps cost nothing.
PAIR_THRESHOLD = 1.0


def align(scores: list[list[float]], threshold: float = PAIR_THRESHOLD) -> list[tuple[int, int]]:
    """Order-preserving pairing maximising the sum of (score - threshold); gaps are free.

    Needleman-Wunsch with zero gap costs: the best weighted common subsequence. A pair below
    the threshold is never taken (leaving both entries unpaired is worth more).
    """
    n = len(scores)
    m = len(scores[0]) if n else 0
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        row, prev, s_row = best[i], best[i - 1], scores[i - 1]
        for k in range(1, m + 1):
            gain = s_row[k - 1] - threshold
            diag = prev[k - 1] + gain if gain > 0 else -math.inf
            row[k] = max(prev[k], row[k - 1], diag)
    pairs: list[tuple[int, int]] = []
    i, k = n, m
    while i > 0 and k > 0:
        gain = scores[i - 1][k - 1] - threshold
        if gain > 0 and math.isclose(best[i][k], best[i - 1][k - 1] + gain):
            pairs.append((i - 1, k - 1))
            i, k = i - 1, k - 1
        elif best[i][k] == best[i - 1][k]:
            i -= 1
        else:
            k -= 1
    pairs.reverse()
    return pairs


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def confidence(score: float, margin: float) -> float:
    """0..1 from the pair's points and its lead over the best rival for either entry."""
    base = _sigmoid(0.8 * (score - 1.5))
    if margin < 1.5:
        base *= 0.6 + 0.4 * max(0.0, margin) / 1.5
    return round(base, 3)
