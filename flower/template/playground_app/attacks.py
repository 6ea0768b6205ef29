"""The Byzantine clients' attacks as a client-side wrapper, ported from src/lib/sim/robust/attacks.

A Byzantine client (chosen by partition id: the playground's stream `byzantine` picked them at
export time) trains honestly, then sends what its attack says instead of its update
delta = w - global; a label-flip attacker trains on y -> C - 1 - y and sends its model untouched.
Papers: sign flip (Karimireddy, He, Jaggi 2021, arXiv:2012.10333), Gaussian noise (Blanchard et
al. 2017, NeurIPS), scaling (Bhagoji et al. 2019, arXiv:1811.12470), constant/zero (Lin, Du, Liu
2019, arXiv:1911.12560), faulty device, label flipping (Fung, Yoon, Beschastnikh 2018,
arXiv:1808.04866).
"""

import numpy as np

from .rng import create_rng


def label_map(attack: dict, num_classes: int):
    if attack["kind"] != "labelFlip":
        return None
    return lambda y: (num_classes - 1) - y


def _faulty(n: int, kind: str) -> np.ndarray:
    if kind == "nan":
        return np.full(n, np.nan, dtype=np.float32)
    sign = np.where(np.arange(n) % 2 == 1, -1, 1).astype(np.float32)
    return sign * np.float32(np.inf if kind == "infinity" else 1e30)


def crafted_delta(
    attack: dict, delta: np.ndarray, seed: int, server_round: int, position: int
) -> np.ndarray:
    """What the attacker sends, as a flat float32 delta. `position` is its rank among the round's
    attackers (by client id): the Gaussian attack draws from the round's one stream
    `attack/<round>` after the attackers before it."""
    kind = attack["kind"]
    n = delta.size
    if kind == "signFlip":
        return (-attack["scale"] * delta).astype(np.float32)
    if kind == "scaling":
        return (attack["factor"] * delta).astype(np.float32)
    if kind == "constant":
        return np.full(n, attack["value"], dtype=np.float32)
    if kind == "faulty":
        return _faulty(n, attack["value"])
    if kind == "gaussian":
        rng = create_rng(seed).fork(f"attack/{server_round}")
        for _ in range(position * n):
            rng.normal()
        return np.fromiter(
            (attack["sigma"] * rng.normal() for _ in range(n)), np.float64, n
        ).astype(np.float32)
    if kind == "labelFlip":
        return delta
    raise ValueError(f"byzantine.attack.kind = {kind!r} is not supported by this export")
