"""The server optimizers, ported from src/lib/sim/optimize: the rule proposes a model, the
optimizer turns the proposal's delta = proposed - before into the step.

- SGD with a server learning rate, and the adaptive FedAdagrad / FedAdam / FedYogi of Reddi et
  al. 2021, "Adaptive Federated Optimization", arXiv:2003.00295, Algorithm 2: m starts at 0, v at
  tau^2, no bias correction (Flower's FedAdam/FedYogi/FedAdagrad start v at 0 and its FedAdam
  corrects the bias, so these run here, not on Flower's classes).
- Momentum (FedAvgM, Hsu, Qi, Brown 2019, arXiv:1909.06335): v <- beta*v + delta,
  x <- x + eta*v. With the mean this is exactly Flower's FedAvgM, which the app then uses.
"""

import numpy as np


class ServerOptimizer:
    def __init__(self, spec: dict) -> None:
        self.spec = spec
        self.m: np.ndarray | None = None
        self.v: np.ndarray | None = None

    def step(self, x: np.ndarray, delta: np.ndarray) -> np.ndarray:
        """The new model from x (float32) along delta (float64), as float32."""
        s = self.spec
        kind = s["kind"]
        eta = s["learningRate"]
        if kind == "sgd":
            return (x + eta * delta).astype(np.float32)
        if kind == "momentum":
            self.m = delta.copy() if self.m is None else s["beta"] * self.m + delta
            return (x + eta * self.m).astype(np.float32)
        b1, b2, tau = s["beta1"], s["beta2"], s["tau"]
        if self.m is None:
            self.m = np.zeros_like(delta)
            self.v = np.full_like(delta, tau * tau)
        self.m = b1 * self.m + (1 - b1) * delta
        d2 = delta * delta
        if kind == "adam":
            self.v = b2 * self.v + (1 - b2) * d2
        elif kind == "yogi":
            self.v = self.v - (1 - b2) * d2 * np.sign(self.v - d2)
        elif kind == "adagrad":
            self.v = self.v + d2
        else:
            raise ValueError(f"serverOptimizer.kind = {kind!r} is not supported by this export")
        return (x + eta * self.m / (np.sqrt(self.v) + tau)).astype(np.float32)


def create_server_optimizer(spec: dict) -> ServerOptimizer | None:
    """None when the optimizer is the identity (sgd with learning rate 1): plain FedAvg."""
    if spec["kind"] == "sgd" and spec["learningRate"] == 1:
        return None
    return ServerOptimizer(spec)
