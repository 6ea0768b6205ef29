"""The playground's CNN on PyTorch, with the tfjs weight layout (NHWC, kernels [kh, kw, cin, cout]).

conv 5x5 'same' + ReLU, max-pool 2x2, conv 3x3 'same' + ReLU, max-pool 2x2, flatten in (h, w, c)
order as tfjs does, dense 64 + ReLU, dense logits; plain SGD on the mean softmax cross-entropy.
"""

import numpy as np

try:
    import torch
    import torch.nn.functional as F
except ImportError as e:  # the MLP needs no framework; the CNN does
    raise ImportError(
        "This scenario uses the CNN, which runs on PyTorch: `pip install torch` "
        "(CPU wheels: --index-url https://download.pytorch.org/whl/cpu)"
    ) from e

torch.set_num_threads(1)


def _to_torch(weights: list[np.ndarray]) -> list["torch.Tensor"]:
    k1, b1, k2, b2, w3, b3, w4, b4 = weights
    conv = [torch.tensor(k).permute(3, 2, 0, 1).contiguous() for k in (k1, k2)]
    ts = [conv[0], torch.tensor(b1), conv[1], torch.tensor(b2)]
    ts += [torch.tensor(w) for w in (w3, b3, w4, b4)]
    return [t.float().requires_grad_(True) for t in ts]


def _to_numpy(ts: list["torch.Tensor"]) -> list[np.ndarray]:
    out = [t.detach() for t in ts]
    out[0] = out[0].permute(2, 3, 1, 0)
    out[2] = out[2].permute(2, 3, 1, 0)
    return [np.ascontiguousarray(t.numpy(), dtype=np.float32) for t in out]


def _forward(ts: list["torch.Tensor"], x: np.ndarray) -> "torch.Tensor":
    k1, b1, k2, b2, w3, b3, w4, b4 = ts
    h = torch.from_numpy(np.ascontiguousarray(x)).permute(0, 3, 1, 2)
    h = F.max_pool2d(F.relu(F.conv2d(h, k1, b1, padding=k1.shape[-1] // 2)), 2)
    h = F.max_pool2d(F.relu(F.conv2d(h, k2, b2, padding=k2.shape[-1] // 2)), 2)
    h = h.permute(0, 2, 3, 1).reshape(h.shape[0], -1)
    return F.relu(h @ w3 + b3) @ w4 + b4


def train_cnn(weights, x_train, labels, batches, lr):
    ts = _to_torch(weights)
    losses = []
    for idx in batches:
        loss = F.cross_entropy(_forward(ts, x_train[idx]), torch.from_numpy(labels[idx]))
        grads = torch.autograd.grad(loss, ts)
        with torch.no_grad():
            for t, g in zip(ts, grads, strict=True):
                t -= float(lr) * g
        losses.append(float(loss))
    return _to_numpy(ts), float(np.mean(losses)) if losses else float("nan")


def cnn_logits(weights, x) -> np.ndarray:
    ts = _to_torch(weights)
    with torch.no_grad():
        return np.concatenate(
            [_forward(ts, x[i : i + 500]).numpy() for i in range(0, len(x), 500)]
        )
