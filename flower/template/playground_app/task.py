"""The playground's experiment in plain Python: scenario config, data, model, training, plan.

Everything here reproduces src/lib of the Distributed Learning Playground for one exported
scenario: the bundled 10,000-digit MNIST file (or the blobs toy set), the model as a list of
layers with Glorot-uniform kernels drawn from the seeded stream `init`, mini-batch SGD with
softmax cross-entropy whose batch order is drawn from the stream `train/<round>/<client>`, and
the per-round client sample from the stream `select/<round>`. The MLP runs on NumPy float32;
the CNN on PyTorch (imported only when the scenario asks for it).
"""

import base64
import json
import math
import zlib
from functools import cache
from pathlib import Path

import numpy as np

from .rng import create_rng

HERE = Path(__file__).parent

# Fields whose values the precomputed partition depends on: overriding them needs a re-export
# (unless `export.dataset-source = "flwr-datasets"`, which partitions the full MNIST itself).
PLAN_FIELDS = ("seed", "dataset", "clients", "partition.")
SOURCES = ("bundled", "flwr-datasets")


# --------------------------------------------------------------------------- scenario config


def _parse_value(key: str, value):
    if key == "model.hidden" or key == "model.filters":
        text = str(value).strip()
        return [int(x) for x in text.split(",") if x.strip()] if text else []
    if value == "auto":
        return None
    return value


def scenario_from_config(run_config: dict) -> dict:
    """The nested scenario from the flattened run config (keys `a.b.c`); `auto` means absent."""
    source = str(run_config.get("export.dataset-source", "bundled"))
    if source not in SOURCES:
        raise ValueError(f"export.dataset-source = {source!r}: must be one of {SOURCES}")
    out: dict = {"_source": source}
    for key, value in run_config.items():
        if key.startswith("export."):
            continue
        parts = key.split(".")
        node = out
        for p in parts[:-1]:
            node = node.setdefault(p, {})
        parsed = _parse_value(key, value)
        if parsed is not None:
            node[parts[-1]] = parsed
    return out


def _flatten(d: dict, prefix: str = "") -> dict:
    flat = {}
    for k, v in d.items():
        if isinstance(v, dict):
            flat.update(_flatten(v, f"{prefix}{k}."))
        else:
            flat[f"{prefix}{k}"] = v
    return flat


@cache
def load_plan() -> dict:
    """What the playground computed at export time: the partition, the Byzantine clients, checks."""
    with open(HERE / "plan.json", encoding="utf-8") as f:
        return json.load(f)


def check_overrides(scenario: dict) -> None:
    """Refuses an override that the shipped partition cannot carry, naming the field."""
    if scenario["_source"] == "flwr-datasets":
        return
    exported = _flatten(load_plan()["scenario"])
    now = _flatten({k: v for k, v in scenario.items() if k != "_source"})
    for key in sorted(set(exported) | set(now)):
        if not key.startswith(PLAN_FIELDS):
            continue
        if exported.get(key) != now.get(key):
            raise ValueError(
                f"run config `{key}` = {now.get(key)!r} differs from the exported "
                f"{exported.get(key)!r}: the client partition (plan.json) was computed by the "
                "playground's partitioner at export time; export again from the playground (or "
                "`npm run export:flower`) with the new value"
            )


# --------------------------------------------------------------------------- data


class Dataset:
    def __init__(self, name, input_shape, num_classes, x_train, y_train, x_test, y_test):
        self.name = name
        self.input_shape = tuple(input_shape)
        self.num_classes = num_classes
        self.x_train, self.y_train = x_train, y_train
        self.x_test, self.y_test = x_test, y_test


def _parse_mnist_bin(buf: bytes) -> Dataset:
    """The layout of scripts/build-data.mjs: header, labels, then pixels (0..255)."""
    if buf[:8] != b"DLPMNIST":
        raise ValueError("mnist.json does not hold a DLPMNIST file")
    n_train, n_test, rows, cols = np.frombuffer(buf, dtype="<u4", count=4, offset=12)
    n_train, n_test, px = int(n_train), int(n_test), int(rows * cols)
    n = n_train + n_test
    body = np.frombuffer(buf, dtype=np.uint8, offset=32)
    labels = body[:n].astype(np.int64)
    pixels = body[n : n + n * px].reshape(n, px)
    x = (pixels.astype(np.float32) / np.float32(255)).reshape(n, int(rows), int(cols), 1)
    return Dataset(
        "mnist", (int(rows), int(cols), 1), 10,
        x[:n_train], labels[:n_train], x[n_train:], labels[n_train:],
    )


def _make_blobs(n_train: int = 2000, n_test: int = 500) -> Dataset:
    """makeBlobs(createRng(7)) of src/lib/sim/core/dataset.ts."""
    rng = create_rng(7)
    centres = [(-1, -1), (1, -1), (-1, 1), (1, 1)]

    def make(n):
        x = np.zeros((n, 2), dtype=np.float32)
        y = np.zeros(n, dtype=np.int64)
        for i in range(n):
            c = i % 4
            y[i] = c
            x[i, 0] = centres[c][0] + 0.55 * rng.normal()
            x[i, 1] = centres[c][1] + 0.55 * rng.normal()
        return x, y

    xtr, ytr = make(n_train)
    xte, yte = make(n_test)
    return Dataset("blobs", (2,), 4, xtr, ytr, xte, yte)


@cache
def load_dataset(name: str) -> Dataset:
    if name == "blobs":
        return _make_blobs()
    with open(HERE / "mnist.json", encoding="utf-8") as f:
        packed = json.load(f)
    return _parse_mnist_bin(zlib.decompress(base64.b64decode(packed["data"])))


def _full_mnist(scenario: dict):
    """`export.dataset-source = "flwr-datasets"`: the full MNIST (60,000 + 10,000) from the
    Hugging Face hub through flwr-datasets (`pip install "flwr-datasets[vision]"`; needs the
    network), partitioned by flwr-datasets' partitioner of the same kind. That is a new partition,
    so the curves are not the playground's."""
    try:
        from flwr_datasets import FederatedDataset
        from flwr_datasets.partitioner import (
            DirichletPartitioner,
            IidPartitioner,
            ShardPartitioner,
        )
    except ImportError as e:
        raise ImportError(
            'export.dataset-source = "flwr-datasets" needs `pip install "flwr-datasets[vision]"`'
        ) from e
    k, spec = scenario["clients"], scenario["partition"]
    if spec["kind"] == "dirichlet":
        part = DirichletPartitioner(
            num_partitions=k, partition_by="label", alpha=spec["alpha"], seed=scenario["seed"]
        )
    elif spec["kind"] == "shards":
        part = ShardPartitioner(
            num_partitions=k,
            partition_by="label",
            num_shards_per_partition=spec["shardsPerClient"],
            seed=scenario["seed"],
        )
    else:
        part = IidPartitioner(num_partitions=k)
    return FederatedDataset(dataset="ylecun/mnist", partitioners={"train": part})


def _arrays(split) -> tuple[np.ndarray, np.ndarray]:
    x = np.stack([np.asarray(im, dtype=np.float32) for im in split["image"]]) / np.float32(255)
    return x.reshape(-1, 28, 28, 1), np.asarray(split["label"], dtype=np.int64)


@cache
def _full_partition(scenario_json: str, k: int) -> Dataset:
    scenario = json.loads(scenario_json)
    fds = _full_mnist(scenario)
    x, y = _arrays(fds.load_partition(k, "train"))
    xt, yt = _arrays(fds.load_split("test"))
    return Dataset("mnist", (28, 28, 1), 10, x, y, xt, yt)


def client_data(scenario: dict, k: int) -> tuple[Dataset, np.ndarray]:
    """Client k's training data and its sample indices into it."""
    if scenario["_source"] == "flwr-datasets":
        ds = _full_partition(json.dumps(scenario, sort_keys=True), k)
        return ds, np.arange(len(ds.y_train), dtype=np.int64)
    return load_dataset(scenario["dataset"]), np.asarray(load_plan()["partition"][k], np.int64)


def test_data(scenario: dict) -> Dataset:
    """The held-out split the server evaluates on after every round."""
    if scenario["_source"] == "flwr-datasets":
        return _full_partition(json.dumps(scenario, sort_keys=True), 0)
    return load_dataset(scenario["dataset"])


def byzantine_clients(scenario: dict) -> set[int]:
    """The stream `byzantine` picks round(fraction * K) clients, as the engine does."""
    k = scenario["clients"]
    count = math.floor(scenario["byzantine"]["fraction"] * k + 1e-9 + 0.5)
    return set(create_rng(scenario["seed"]).fork("byzantine").sample(k, count))


# --------------------------------------------------------------------------- model


def layers_of(model: dict, input_shape: tuple, num_classes: int) -> list[dict]:
    """layersOf of src/lib/sim/core/model-spec.ts."""
    if model["kind"] == "mlp":
        flat = [{"kind": "flatten"}] if len(input_shape) > 1 else []
        hidden = [{"kind": "dense", "units": u, "activation": "relu"} for u in model["hidden"]]
        return flat + hidden + [{"kind": "dense", "units": num_classes, "activation": "linear"}]
    f1, f2 = model["filters"]
    return [
        {"kind": "conv2d", "filters": f1, "kernel": 5},
        {"kind": "maxpool", "size": 2},
        {"kind": "conv2d", "filters": f2, "kernel": 3},
        {"kind": "maxpool", "size": 2},
        {"kind": "flatten"},
        {"kind": "dense", "units": 64, "activation": "relu"},
        {"kind": "dense", "units": num_classes, "activation": "linear"},
    ]


def weight_shapes(layers: list[dict], input_shape: tuple) -> list[tuple]:
    """The tfjs variable shapes in order: dense kernel [in, out] and bias [out]; conv kernel
    [kh, kw, cin, cout] and bias [cout]."""
    shape = list(input_shape)
    shapes = []
    for layer in layers:
        if layer["kind"] == "flatten":
            shape = [math.prod(shape)]
        elif layer["kind"] == "dense":
            shapes += [(math.prod(shape), layer["units"]), (layer["units"],)]
            shape = [layer["units"]]
        elif layer["kind"] == "conv2d":
            h, w, c = shape
            kk = layer["kernel"]
            shapes += [(kk, kk, c, layer["filters"]), (layer["filters"],)]
            shape = [h, w, layer["filters"]]
        elif layer["kind"] == "maxpool":
            h, w, c = shape
            shape = [h // layer["size"], w // layer["size"], c]
    return shapes


def glorot_init(shapes: list[tuple], seed: int) -> list[np.ndarray]:
    """glorotInit of src/lib/ml/weights.ts on the stream `init`: kernels U(-l, l) in variable
    order, l = sqrt(6 / (fanIn + fanOut)); biases zero."""
    rng = create_rng(seed).fork("init")
    out = []
    for shape in shapes:
        n = math.prod(shape)
        if len(shape) >= 2:
            receptive = math.prod(shape[:-2])
            limit = math.sqrt(6 / (receptive * shape[-2] + receptive * shape[-1]))
            vals = np.fromiter(((2 * rng.next() - 1) * limit for _ in range(n)), np.float64, n)
            out.append(vals.astype(np.float32).reshape(shape))
        else:
            out.append(np.zeros(shape, dtype=np.float32))
    return out


def fnv1a(arrays: list[np.ndarray]) -> int:
    """FNV-1a of the float32 bytes: the same number the exporter wrote into plan.json."""
    h = 0x811C9DC5
    data = np.concatenate([a.astype(np.float32).ravel() for a in arrays]).view(np.uint8)
    # vectorised in chunks would change nothing; this runs once per run
    for b in data.tobytes():
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return h


def initial_weights(scenario: dict) -> list[np.ndarray]:
    ds = load_dataset("blobs" if scenario["dataset"] == "blobs" else "mnist")
    layers = layers_of(scenario["model"], ds.input_shape, ds.num_classes)
    return glorot_init(weight_shapes(layers, ds.input_shape), scenario["seed"])


# --------------------------------------------------------------------------- sampling, batches


def clients_per_round(fraction: float, clients: int) -> int:
    """m = max(floor(C*K), 1), as clientsPerRound in src/lib/sim/algorithms/sampling.ts."""
    return max(math.floor(fraction * clients + 1e-9), 1)


def select_clients(scenario: dict, server_round: int) -> list[int]:
    """The clients of a round: stream `select/<round>`, sample of m out of K, sorted."""
    k = scenario["clients"]
    m = clients_per_round(scenario["algorithm"]["clientFraction"], k)
    rng = create_rng(scenario["seed"]).fork(f"select/{server_round}")
    return sorted(rng.sample(k, m))


def batch_orders(scenario: dict, server_round: int, client: int, indices: np.ndarray):
    """Yields each mini-batch's sample indices, as TfTrainer.train draws them."""
    alg = scenario["algorithm"]
    n = len(indices)
    batch = n if alg["batchSize"] == "full" else min(int(alg["batchSize"]), n)
    rng = create_rng(scenario["seed"]).fork(f"train/{server_round}/{client}")
    order = [int(i) for i in indices]
    for _ in range(alg["localEpochs"]):
        rng.shuffle(order)
        for start in range(0, n, batch):
            yield np.asarray(order[start : start + batch], dtype=np.int64)


# --------------------------------------------------------------------------- training


def _softmax_xent_grad(logits: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    z = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(z)
    p = e / e.sum(axis=1, keepdims=True)
    b = logits.shape[0]
    loss = float(-np.mean(z[np.arange(b), y] - np.log(e.sum(axis=1))))
    g = p
    g[np.arange(b), y] -= 1
    return loss, (g / np.float32(b)).astype(np.float32)


def mlp_logits(weights: list[np.ndarray], x: np.ndarray) -> np.ndarray:
    h = x.reshape(x.shape[0], -1)
    pairs = len(weights) // 2
    for i in range(pairs):
        h = h @ weights[2 * i] + weights[2 * i + 1]
        if i < pairs - 1:
            h = np.maximum(h, 0)
    return h


def mlp_step(weights: list[np.ndarray], x: np.ndarray, y: np.ndarray, lr: np.float32) -> float:
    """One SGD step of the MLP on a batch (mean softmax cross-entropy), in place, float32."""
    acts = [x.reshape(x.shape[0], -1)]
    pairs = len(weights) // 2
    for i in range(pairs):
        z = acts[-1] @ weights[2 * i] + weights[2 * i + 1]
        acts.append(np.maximum(z, 0) if i < pairs - 1 else z)
    loss, g = _softmax_xent_grad(acts[-1], y)
    for i in range(pairs - 1, -1, -1):
        gw = acts[i].T @ g
        gb = g.sum(axis=0)
        if i > 0:
            g = (g @ weights[2 * i].T) * (acts[i] > 0)
        weights[2 * i] -= lr * gw
        weights[2 * i + 1] -= lr * gb
    return loss


def train(
    scenario: dict,
    ds: Dataset,
    weights: list[np.ndarray],
    server_round: int,
    client: int,
    indices: np.ndarray,
    label_map=None,
) -> tuple[list[np.ndarray], float]:
    """Local training of one client in one round; returns the new weights and the mean loss."""
    labels = ds.y_train if label_map is None else label_map(ds.y_train)
    lr = np.float32(scenario["algorithm"]["learningRate"])
    batches = batch_orders(scenario, server_round, client, indices)
    if scenario["model"]["kind"] == "cnn":
        from .cnn import train_cnn

        return train_cnn(weights, ds.x_train, labels, batches, lr)
    w = [a.astype(np.float32, copy=True) for a in weights]
    losses = [mlp_step(w, ds.x_train[idx], labels[idx], lr) for idx in batches]
    return w, float(np.mean(losses)) if losses else float("nan")


def evaluate(scenario: dict, weights: list[np.ndarray]) -> tuple[float, float]:
    """Accuracy and mean loss on the held-out test split (all of it, as the playground's CLI)."""
    ds = test_data(scenario)
    if scenario["model"]["kind"] == "cnn":
        from .cnn import cnn_logits

        logits = cnn_logits(weights, ds.x_test)
    else:
        logits = mlp_logits(weights, ds.x_test)
    z = logits - logits.max(axis=1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    loss = float(-np.mean(logp[np.arange(len(ds.y_test)), ds.y_test]))
    acc = float(np.mean(np.argmax(logits, axis=1) == ds.y_test))
    return acc, loss
