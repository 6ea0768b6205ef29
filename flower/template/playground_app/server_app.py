"""ServerApp: the playground's scenario on Flower (see README.md and scenario.json).

Reads the scenario from the run config, asks every SuperNode which partition it holds (the
SuperNode's node config `partition-id`), checks that the initial weights are bit for bit the
playground's, runs the strategy for `rounds` rounds and evaluates the global model on the
held-out test split after every round (`playground-metrics.jsonl` in the working directory when
`export.metrics-file` is set).
"""

import json
import time
from logging import INFO

from flwr.app import (
    ArrayRecord,
    ConfigRecord,
    Context,
    Message,
    MessageType,
    MetricRecord,
    RecordDict,
)
from flwr.common import log
from flwr.serverapp import Grid, ServerApp

from .strategy import make_strategy
from .task import (
    byzantine_clients,
    check_overrides,
    evaluate,
    fnv1a,
    initial_weights,
    load_plan,
    scenario_from_config,
)

app = ServerApp()


def partition_map(grid: Grid, clients: int, timeout: float) -> dict[int, int]:
    """partition id -> node id, by a query to every connected SuperNode."""
    deadline = time.time() + timeout
    while len(list(grid.get_node_ids())) < clients:
        if time.time() > deadline:
            raise RuntimeError(
                f"only {len(list(grid.get_node_ids()))} of {clients} SuperNodes connected"
            )
        time.sleep(0.5)
    nodes = list(grid.get_node_ids())
    queries = [
        Message(content=RecordDict(), message_type=MessageType.QUERY, dst_node_id=n)
        for n in nodes
    ]
    node_of: dict[int, int] = {}
    for reply in grid.send_and_receive(queries, timeout=timeout):
        if reply.has_error():
            raise RuntimeError(f"node {reply.metadata.src_node_id}: {reply.error.reason}")
        pid = int(reply.content["partition"]["partition-id"])
        node_of[pid] = reply.metadata.src_node_id
    missing = sorted(set(range(clients)) - set(node_of))
    if missing:
        raise RuntimeError(
            f"no SuperNode holds partition(s) {missing}: start {clients} SuperNodes with "
            "--node-config 'partition-id=<k> num-partitions=<K>' (or options.num-supernodes)"
        )
    return node_of


@app.main()
def main(grid: Grid, context: Context) -> None:
    run_config = dict(context.run_config)
    scenario = scenario_from_config(run_config)
    check_overrides(scenario)
    plan = load_plan()
    weights = initial_weights(scenario)
    exported = plan["scenario"]
    if scenario["seed"] == exported["seed"] and scenario["model"] == exported["model"]:
        got = fnv1a(weights)
        if got != plan["initHash"]:
            raise RuntimeError(f"initial weights hash {got} != the playground's {plan['initHash']}")
        log(INFO, "initial weights: bit for bit the playground's (FNV-1a %s)", got)
    node_of = partition_map(grid, scenario["clients"], float(run_config["export.timeout"]))
    byzantine = byzantine_clients(scenario)
    same = scenario["byzantine"]["fraction"] == exported["byzantine"]["fraction"]
    if scenario["_source"] == "bundled" and same and byzantine != set(plan["byzantine"]):
        raise RuntimeError(f"Byzantine clients {sorted(byzantine)} != the playground's")
    strategy = make_strategy(scenario, node_of, byzantine)
    metrics_file = str(run_config.get("export.metrics-file", ""))
    started = time.time()

    def evaluate_fn(server_round: int, arrays: ArrayRecord) -> MetricRecord:
        acc, loss = evaluate(scenario, arrays.to_numpy_ndarrays())
        if metrics_file and server_round > 0:
            row = {
                "round": server_round,
                "accuracy": round(acc, 4),
                "loss": round(loss, 4),
                "selected": strategy.selected.get(server_round, []),
                "wallSeconds": round(time.time() - started, 3),
            }
            with open(metrics_file, "a", encoding="utf-8") as f:
                f.write(json.dumps(row) + "\n")
        return MetricRecord({"accuracy": acc, "loss": loss})

    strategy.start(
        grid=grid,
        initial_arrays=ArrayRecord(weights),
        num_rounds=scenario["rounds"],
        timeout=float(run_config["export.timeout"]),
        train_config=ConfigRecord(),
        evaluate_fn=evaluate_fn,
    )
