"""ClientApp: one playground client per SuperNode, chosen by the node config `partition-id`.

Trains on exactly the playground's partition of the bundled data with the playground's batch
order for (round, client); a Byzantine client (by partition id) then sends its attack.
"""

import numpy as np
from flwr.app import ArrayRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp

from .attacks import crafted_delta, label_map
from .task import byzantine_clients, client_data, scenario_from_config, train

app = ClientApp()


def _partition_id(context: Context) -> int:
    if "partition-id" not in context.node_config:
        raise ValueError(
            "this SuperNode has no `partition-id`: start it with "
            "--node-config 'partition-id=<k> num-partitions=<K>'"
        )
    return int(context.node_config["partition-id"])


@app.query()
def query(msg: Message, context: Context) -> Message:
    record = RecordDict({"partition": MetricRecord({"partition-id": _partition_id(context)})})
    return Message(content=record, reply_to=msg)


@app.train()
def train_fn(msg: Message, context: Context) -> Message:
    scenario = scenario_from_config(dict(context.run_config))
    k = _partition_id(context)
    server_round = int(msg.content["config"]["server-round"])
    global_arrays = msg.content["arrays"].to_numpy_ndarrays()
    ds, indices = client_data(scenario, k)
    byzantine = k in byzantine_clients(scenario)
    attack = scenario["byzantine"]["attack"]
    flip = label_map(attack, ds.num_classes) if byzantine else None
    weights, loss = train(scenario, ds, global_arrays, server_round, k, indices, flip)
    if byzantine:
        g = np.concatenate([a.ravel() for a in global_arrays])
        w = np.concatenate([a.ravel() for a in weights])
        position = int(msg.content["config"]["attack-position"])
        sent = g + crafted_delta(attack, w - g, scenario["seed"], server_round, position)
        weights, at = [], 0
        for a in global_arrays:
            weights.append(sent[at : at + a.size].reshape(a.shape).astype(np.float32))
            at += a.size
    finite = all(bool(np.isfinite(a).all()) for a in weights)
    metrics = MetricRecord(
        {
            "num-examples": len(indices),
            "train-loss": loss if np.isfinite(loss) else 0.0,
            "partition-id": k,
            "finite": int(finite),
        }
    )
    content = RecordDict({"arrays": ArrayRecord(weights), "metrics": metrics})
    return Message(content=content, reply_to=msg)
