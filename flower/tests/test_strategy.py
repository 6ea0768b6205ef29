"""The app's strategies outside a running Flower (no SuperLink): every carried rule's
aggregate_train on seven fake replies returns global + rule(deltas), replies are taken in
partition order, and non-finite updates are dropped before a robust rule.

usage: python flower/tests/test_strategy.py <an exported app dir>
"""

import sys
from pathlib import Path

import numpy as np


def main() -> None:
    sys.path.insert(0, str(Path(sys.argv[1])))
    from flwr.app import ArrayRecord, ConfigRecord, Message, MetricRecord, RecordDict
    from flwr.supercore.task_identity import TaskIdentity
    from playground_app import rules
    from playground_app.strategy import make_strategy

    TaskIdentity.run_id = 1  # what a running ServerApp has; Message() needs it
    TaskIdentity.node_id = 1
    TaskIdentity.task_id = 1
    rng = np.random.default_rng(1)
    g = [rng.normal(size=(4, 3)).astype(np.float32), rng.normal(size=3).astype(np.float32)]
    flat_g = np.concatenate([a.ravel() for a in g])
    deltas = rng.normal(size=(7, flat_g.size)).astype(np.float32)
    deltas[6] += 30  # one outlier

    def replies(order, bad=None):
        out = []
        for k in order:
            w = flat_g + deltas[k]
            if k == bad:
                w = w * np.float32(np.nan)
            arrays = ArrayRecord([w[:12].reshape(4, 3), w[12:]])
            metrics = MetricRecord(
                {
                    "num-examples": 10 + k,
                    "train-loss": 1.0,
                    "partition-id": k,
                    "finite": int(k != bad),
                }
            )
            content = RecordDict({"arrays": arrays, "metrics": metrics})
            out.append(Message(content=content, dst_node_id=100 + k, message_type="train"))
        return out

    base = {
        "seed": 1,
        "clients": 7,
        "algorithm": {"clientFraction": 1},
        "byzantine": {"fraction": 1 / 7},
        "serverOptimizer": {"kind": "sgd", "learningRate": 1},
    }
    expect = {
        "multiKrum": lambda d: rules.multi_krum(d, 1, len(d) - 1)[0],
        "geometricMedian": rules.geometric_median,
        "bulyan": lambda d: rules.bulyan(d, 1),
        "meamed": lambda d: rules.meamed(d, 1),
        "centeredClipping": lambda d: rules.centered_clipping(d, 1.0, 1, None),
        "normClip": lambda d: rules.norm_clip_mean(d, [10 + k for k in range(len(d))], 1.0),
        "median": lambda d: np.median(d.astype(np.float64), axis=0),
        "krum": lambda d: rules.multi_krum(d, 1, 1)[0],
    }
    specs = {
        "centeredClipping": {"tau": 1.0, "iterations": 1},
        "normClip": {"threshold": 1.0},
    }
    node_of = {k: 100 + k for k in range(7)}
    for kind, fn in expect.items():
        scenario = dict(base, aggregator={"kind": kind, **specs.get(kind, {})})
        strategy = make_strategy(scenario, node_of, {6})
        list(strategy.configure_train(1, ArrayRecord(g), ConfigRecord(), None))
        arrays, _ = strategy.aggregate_train(1, replies([3, 0, 6, 2, 5, 1, 4]))
        got = np.concatenate([a.ravel() for a in arrays.to_numpy_ndarrays()])
        err = float(np.max(np.abs(got - (flat_g + fn(deltas)))))
        assert err < 1e-4, f"{kind}: strategy differs from the rule by {err}"
    # a NaN update is dropped before a robust rule
    scenario = dict(base, aggregator={"kind": "geometricMedian"})
    strategy = make_strategy(scenario, node_of, {6})
    list(strategy.configure_train(1, ArrayRecord(g), ConfigRecord(), None))
    arrays, _ = strategy.aggregate_train(1, replies(range(7), bad=2))
    got = np.concatenate([a.ravel() for a in arrays.to_numpy_ndarrays()])
    keep = [k for k in range(7) if k != 2]
    assert np.allclose(got, flat_g + rules.geometric_median(deltas[keep]), atol=1e-4)
    print(f"strategies: {len(expect)} rules aggregate as their functions; NaN update dropped")


if __name__ == "__main__":
    main()
