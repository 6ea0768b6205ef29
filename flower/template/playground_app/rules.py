"""Aggregation rules that Flower does not ship with the playground's semantics, ported from
src/lib/sim/robust/aggregate (free functions over float32 update vectors, one row per client).

- Multi-Krum (Blanchard, El Mhamdi, Guerraoui, Stainer 2017, NeurIPS): the UNWEIGHTED mean of
  the `select` best Krum scores (Flower's MultiKrum weights the selected models by examples).
- Geometric median by Weiszfeld (1937) with the Vardi & Zhang 2000 step (PNAS 97).
- Geometric median of means (Chen, Su, Xu 2017, arXiv:1705.05491): random groups from the
  round's stream `aggregate/<round>`, the median of the group means.
- Bulyan (El Mhamdi, Guerraoui, Rouault 2018, arXiv:1802.07927): Krum applied theta = n - 2f
  times to the SHRINKING set (scores recomputed each time, as the paper; Flower's Bulyan picks the
  theta best scores of one Multi-Krum pass), then per coordinate the mean of the beta = theta - 2f
  values closest to the median.
- MeaMed (Xie, Koyejo, Gupta 2018, arXiv:1802.10116): per coordinate the mean of the n - f values
  closest to the median.
- Centered clipping (Karimireddy, He, Jaggi 2021, arXiv:2012.10333): start at the previous
  round's aggregate, average the updates clipped to radius tau around it, L times.
- Norm clipping (Sun, Kairouz, Suresh, McMahan 2019, arXiv:1911.07963): scale every update longer
  than tau down to tau, then the n_k-weighted mean.
"""

import numpy as np

from .rng import Rng


def coordinate_median(vs: np.ndarray) -> np.ndarray:
    return np.median(vs.astype(np.float64), axis=0).astype(np.float32)


def krum_neighbours(n: int, f: int) -> int:
    return min(max(n - f - 2, 1), n - 1)


def krum_scores(vs: np.ndarray, f: int) -> np.ndarray:
    x = vs.astype(np.float64)
    n = len(x)
    d = np.array([[float(np.sum((x[i] - x[j]) ** 2)) for j in range(n)] for i in range(n)])
    m = krum_neighbours(n, f)
    return np.array([np.sort(np.delete(d[i], i))[:m].sum() for i in range(n)])


def multi_krum(vs: np.ndarray, f: int, select: int) -> tuple[np.ndarray, list[int]]:
    scores = krum_scores(vs, f)
    order = sorted(range(len(vs)), key=lambda i: (scores[i], i))
    chosen = order[: min(max(select, 1), len(vs))]
    return vs[chosen].astype(np.float64).mean(axis=0).astype(np.float32), chosen


def geometric_median(vs: np.ndarray, max_iterations: int = 500, tol: float = 1e-7) -> np.ndarray:
    x = vs.astype(np.float64)
    n = len(x)
    z = np.median(x, axis=0)
    z = z.astype(np.float32).astype(np.float64)
    if n <= 2:
        return z.astype(np.float32)
    for _ in range(max_iterations):
        dist = np.sqrt(((x - z) ** 2).sum(axis=1))
        max_dist = dist.max()
        if max_dist == 0:
            break
        on_point = dist <= 1e-14 * max_dist
        eta = int(on_point.sum())
        w = np.where(on_point, 0.0, 1.0 / np.where(on_point, 1.0, dist))
        total = w.sum()
        t = (w[:, None] * x).sum(axis=0)
        if eta == 0:
            nxt = t / total
        else:
            r = float(np.sqrt(((t - total * z) ** 2).sum()))
            if r <= eta:
                break
            a = eta / r
            nxt = (1 - a) * (t / total) + a * z
        step = float(np.sqrt(((nxt - z) ** 2).sum()))
        z = nxt
        if step <= tol * float(np.sort(dist)[n >> 1]):
            break
    return z.astype(np.float32)


def draw_groups(n: int, k: int, rng: Rng) -> list[list[int]]:
    g = min(max(int(k), 1), n)
    order = rng.shuffle(list(range(n)))
    groups, start = [], 0
    for j in range(g):
        size = n // g + (1 if j < n % g else 0)
        groups.append(sorted(order[start : start + size]))
        start += size
    return groups


def median_of_means(vs: np.ndarray, k: int, rng: Rng, inner: str) -> np.ndarray:
    groups = draw_groups(len(vs), k, rng)
    means = np.stack(
        [vs[g].astype(np.float64).mean(axis=0).astype(np.float32) for g in groups]
    )
    return geometric_median(means) if inner == "geometric" else coordinate_median(means)


def _closest_mean(column: np.ndarray, med: float, keep: int, ids: list[int]) -> float:
    """Mean of the `keep` values closest to `med` (ties: the lower client index `ids[k]` first)."""
    order = sorted(range(len(column)), key=lambda k: (abs(column[k] - med), ids[k]))
    return float(sum(column[k] for k in order[:keep]) / keep)


def bulyan(vs: np.ndarray, f: int) -> np.ndarray:
    n = len(vs)
    theta, beta = n - 2 * f, n - 4 * f
    if beta < 1:
        raise ValueError(f"bulyan needs n >= 4f + 3 (n = {n}, f = {f})")
    remaining, selected = list(range(n)), []
    while len(selected) < theta:
        scores = krum_scores(vs[remaining], f)
        best = min(range(len(scores)), key=lambda k: (scores[k], k))
        selected.append(remaining.pop(best))
    x = vs[selected].astype(np.float64)
    med = np.median(x, axis=0)
    return np.array(
        [_closest_mean(x[:, c], med[c], beta, selected) for c in range(x.shape[1])],
        dtype=np.float32,
    )


def meamed(vs: np.ndarray, f: int) -> np.ndarray:
    x = vs.astype(np.float64)
    med = np.median(x, axis=0)
    keep = len(x) - f
    return np.array(
        [_closest_mean(x[:, c], med[c], keep, list(range(len(x)))) for c in range(x.shape[1])],
        dtype=np.float32,
    )


def centered_clipping(
    vs: np.ndarray, tau: float, iterations: int, center: np.ndarray | None
) -> np.ndarray:
    x = vs.astype(np.float64)
    v = np.zeros(x.shape[1]) if center is None else center.astype(np.float64)
    for _ in range(iterations):
        norms = np.sqrt(((x - v) ** 2).sum(axis=1))
        scale = np.where(norms > tau, tau / np.where(norms > 0, norms, 1), 1.0)
        v = v + (scale[:, None] * (x - v)).sum(axis=0) / len(x)
    return v.astype(np.float32)


def norm_clip_mean(vs: np.ndarray, weights: list[float], tau: float) -> np.ndarray:
    clipped = []
    for v in vs:
        norm = float(np.sqrt((v.astype(np.float64) ** 2).sum()))
        scaled = (v.astype(np.float64) * (tau / norm)).astype(np.float32)
        clipped.append(scaled if norm > tau else v)
    w = np.asarray(weights, dtype=np.float64) / float(sum(weights))
    return (np.stack(clipped).astype(np.float64) * w[:, None]).sum(axis=0).astype(np.float32)
