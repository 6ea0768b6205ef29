"""The playground's round on Flower's strategies: FedAvg *given* an aggregation rule.

`Playground` is a mixin over a Flower strategy (FedAvg, FedMedian, FedTrimmedAvg, Krum) that
replaces Flower's random node sampling by the playground's own sample of the round (stream
`select/<round>`), sends each sampled partition to the SuperNode that holds it, tells each
Byzantine client its rank among the round's attackers, sorts the replies by partition id (the
playground sums in client order), drops non-finite updates before a robust rule (the mean takes
them in, as in the playground, and the run diverges) and evaluates centrally only (the playground
evaluates the global model on the held-out test split after every round).
Rules whose Flower counterpart differs run in `PlaygroundRule` on the deltas w_k - w.
"""

import math
from collections.abc import Iterable
from logging import INFO

import numpy as np
from flwr.app import (
    ArrayRecord,
    ConfigRecord,
    Message,
    MessageType,
    MetricRecord,
    RecordDict,
)
from flwr.common import log
from flwr.serverapp import Grid
from flwr.serverapp.strategy import FedAvg, FedAvgM, FedMedian, FedTrimmedAvg, Krum

from . import rules
from .optimizers import create_server_optimizer
from .rng import create_rng
from .task import select_clients

_FINITE = "finite"


def _flat(arrays: list[np.ndarray]) -> np.ndarray:
    return np.concatenate([a.astype(np.float32).ravel() for a in arrays])


def _unflat(flat: np.ndarray, like: list[np.ndarray]) -> list[np.ndarray]:
    out, at = [], 0
    for a in like:
        out.append(flat[at : at + a.size].reshape(a.shape).astype(np.float32))
        at += a.size
    return out


class Playground:
    """Sampling, routing and reply handling of the playground's synchronous round."""

    def setup(self, scenario: dict, node_of: dict[int, int], byzantine: set[int]) -> None:
        self.scenario = scenario
        self.node_of = node_of
        self.byzantine = byzantine
        self.global_arrays: list[np.ndarray] = []
        self.selected: dict[int, list[int]] = {}
        self.previous: np.ndarray | None = None  # the last aggregate (centered clipping's centre)
        # the server optimizer, unless a Flower strategy (FedAvgM) already applies it
        own = isinstance(self, FedAvgM)
        self.optimizer = None if own else create_server_optimizer(scenario["serverOptimizer"])

    def configure_train(
        self, server_round: int, arrays: ArrayRecord, config: ConfigRecord, grid: Grid
    ) -> Iterable[Message]:
        selected = select_clients(self.scenario, server_round)
        self.selected[server_round] = selected
        self.global_arrays = arrays.to_numpy_ndarrays()
        if isinstance(self, FedAvgM) and self.current_arrays is None:
            self.current_arrays = arrays
        log(INFO, "configure_train: playground sample, round %s: %s", server_round, selected)
        attackers = [k for k in selected if k in self.byzantine]
        messages = []
        for k in selected:
            cfg = ConfigRecord(dict(config))
            cfg["server-round"] = server_round
            cfg["attack-position"] = attackers.index(k) if k in attackers else -1
            record = RecordDict({self.arrayrecord_key: arrays, self.configrecord_key: cfg})
            messages.append(
                Message(content=record, message_type=MessageType.TRAIN, dst_node_id=self.node_of[k])
            )
        return messages

    def configure_evaluate(self, server_round, arrays, config, grid) -> Iterable[Message]:
        return []

    def _sorted_replies(self, replies: Iterable[Message]) -> list[Message]:
        def pid(m: Message) -> int:
            if m.has_error():
                return 1 << 30
            return int(next(iter(m.content.metric_records.values()))["partition-id"])

        ok = sorted(replies, key=pid)
        if self.scenario["aggregator"]["kind"] == "mean":
            return ok
        kept = []
        for m in ok:
            if not m.has_error() and not int(m.content.metric_records["metrics"][_FINITE]):
                log(INFO, "aggregate_train: partition %s sent non-finite values: discarded", pid(m))
                continue
            kept.append(m)
        return kept

    def aggregate_train(self, server_round: int, replies: Iterable[Message]):
        arrays, metrics = self._aggregate(server_round, self._sorted_replies(replies))
        if arrays is None or self.optimizer is None:
            return arrays, metrics
        before = _flat(self.global_arrays)
        proposed = _flat(arrays.to_numpy_ndarrays())
        delta = proposed.astype(np.float64) - before.astype(np.float64)
        step = self.optimizer.step(before, delta)
        return ArrayRecord(_unflat(step, self.global_arrays)), metrics

    def _aggregate(self, server_round: int, replies: list[Message]):
        """The rule's proposal: the Flower strategy's own aggregation."""
        return super().aggregate_train(server_round, replies)


class PlaygroundFedAvg(Playground, FedAvg):
    """mean: Flower's FedAvg (the n_k-weighted mean of the returned models) - the same rule."""


class PlaygroundFedAvgM(Playground, FedAvgM):
    """mean + momentum: Flower's FedAvgM (v <- beta*v + delta, x <- x + eta*v), as here."""


class PlaygroundFedMedian(Playground, FedMedian):
    """median: Flower's FedMedian (np.median of the models; = w + the median of the deltas)."""


class PlaygroundFedTrimmedAvg(Playground, FedTrimmedAvg):
    """trimmedMean: Flower's FedTrimmedAvg (drops int(beta*n) at each end, unweighted)."""


class PlaygroundKrum(Playground, Krum):
    """krum: Flower's Krum (n - f - 2 neighbours, one model selected: weighting is moot)."""


class PlaygroundRule(Playground, FedAvg):
    """The rules whose Flower counterpart differs or is missing, on the deltas w_k - w."""

    def _aggregate(self, server_round: int, replies: list[Message]):
        valid, _ = self._check_and_log_replies(replies, is_train=True)
        if not valid:
            return None, None
        g = _flat(self.global_arrays)
        deltas = np.stack(
            [_flat(m.content[self.arrayrecord_key].to_numpy_ndarrays()) - g for m in valid]
        )
        spec = self.scenario["aggregator"]
        q = min(round_byzantine(self.scenario), len(self.selected[server_round]))
        f = spec.get("f", q)
        if spec["kind"] == "multiKrum":
            agg, _ = rules.multi_krum(deltas, f, spec.get("select", max(len(deltas) - f, 1)))
        elif spec["kind"] == "geometricMedian":
            agg = rules.geometric_median(deltas)
        elif spec["kind"] == "medianOfMeans":
            rng = create_rng(self.scenario["seed"]).fork(f"aggregate/{server_round}")
            agg = rules.median_of_means(deltas, spec["groups"], rng, spec["inner"])
        elif spec["kind"] == "bulyan":
            agg = rules.bulyan(deltas, f)
        elif spec["kind"] == "meamed":
            agg = rules.meamed(deltas, min(f, len(deltas) - 1))
        elif spec["kind"] == "centeredClipping":
            agg = rules.centered_clipping(deltas, spec["tau"], spec["iterations"], self.previous)
        elif spec["kind"] == "normClip":
            samples = [float(m.content["metrics"]["num-examples"]) for m in valid]
            agg = rules.norm_clip_mean(deltas, samples, spec["threshold"])
        else:
            raise ValueError(f"aggregator.kind = {spec['kind']!r} is not supported by this export")
        self.previous = agg
        arrays = ArrayRecord(_unflat((g + agg).astype(np.float32), self.global_arrays))
        metrics = self.train_metrics_aggr_fn([m.content for m in valid], self.weighted_by_key)
        return arrays, metrics


def round_byzantine(scenario: dict) -> int:
    """B, the Byzantine clients of the population: round(fraction * K)."""
    return math.floor(scenario["byzantine"]["fraction"] * scenario["clients"] + 1e-9 + 0.5)


def train_loss(contents: list[RecordDict], weight_key: str) -> MetricRecord:
    """The n_k-weighted mean training loss of a round (the other reply metrics are bookkeeping)."""
    metrics = [next(iter(c.metric_records.values())) for c in contents]
    total = sum(float(m[weight_key]) for m in metrics)
    loss = sum(float(m["train-loss"]) * float(m[weight_key]) for m in metrics) / total
    return MetricRecord({"train-loss": loss})


def make_strategy(scenario: dict, node_of: dict[int, int], byzantine: set[int]):
    spec = scenario["aggregator"]
    common = {
        "fraction_evaluate": 0.0,
        "min_available_nodes": len(node_of),
        "train_metrics_aggr_fn": train_loss,
    }
    kind = spec["kind"]
    opt = scenario["serverOptimizer"]
    if kind == "mean" and opt["kind"] == "momentum":
        strategy = PlaygroundFedAvgM(
            server_learning_rate=opt["learningRate"], server_momentum=opt["beta"], **common
        )
    elif kind == "mean":
        strategy = PlaygroundFedAvg(**common)
    elif kind == "median":
        strategy = PlaygroundFedMedian(**common)
    elif kind == "trimmedMean":
        strategy = PlaygroundFedTrimmedAvg(beta=spec["beta"], **common)
    elif kind == "krum":
        q = min(round_byzantine(scenario), len(select_clients(scenario, 1)))
        strategy = PlaygroundKrum(num_malicious_nodes=spec.get("f", q), **common)
    else:
        strategy = PlaygroundRule(**common)
    strategy.setup(scenario, node_of, byzantine)
    return strategy
