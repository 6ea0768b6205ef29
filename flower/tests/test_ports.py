"""The Python ports against the playground's TypeScript: the generator draw for draw, and the
custom rules on the same vectors (flower/tests/prepare.ts writes vectors.json).

usage: python flower/tests/test_ports.py <prepare-out-dir> <an exported app dir>
"""

import json
import sys
from pathlib import Path

import numpy as np


def main() -> None:
    out, app = Path(sys.argv[1]), Path(sys.argv[2])
    sys.path.insert(0, str(app))
    from playground_app import rules
    from playground_app.optimizers import create_server_optimizer
    from playground_app.rng import create_rng

    ref = json.loads((out / "vectors.json").read_text())
    rng = create_rng(ref["seed"])
    assert [rng.next() for _ in range(5)] == ref["next"], "rng.next differs"
    assert create_rng(5).fork("x").shuffle(list(range(10))) == ref["shuffle"], "shuffle differs"
    assert create_rng(9).fork("select/2").sample(20, 6) == ref["sample"], "sample differs"
    r = create_rng(77)
    normal = [r.normal() for _ in range(5)]
    assert np.allclose(normal, ref["normal"], rtol=0, atol=1e-12), "normal differs"

    vs = np.asarray(ref["vectors"], dtype=np.float32)
    checks = {
        "multiKrum": rules.multi_krum(vs, 1, 3)[0],
        "geometricMedian": rules.geometric_median(vs),
        "medianOfMeans": rules.median_of_means(
            vs, 3, create_rng(4).fork("aggregate/1"), "geometric"
        ),
        "bulyan": rules.bulyan(vs, 1),
        "meamed": rules.meamed(vs, 1),
        "centeredClipping": rules.centered_clipping(vs, 1.0, 3, vs[1]),
        "normClip": rules.norm_clip_mean(vs, [1, 2, 3, 4, 5, 6, 7], 1.0),
    }
    for name, got in checks.items():
        want = np.asarray(ref[name], dtype=np.float32)
        err = float(np.max(np.abs(got - want)))
        assert err < 1e-5, f"{name}: max |python - typescript| = {err}"
    # the rules the app hands to Flower's own strategies give the playground's answer
    from flwr.app import ArrayRecord, RecordDict
    from flwr.serverapp.strategy.fedtrimmedavg import trim_mean
    from flwr.serverapp.strategy.multikrum import select_multikrum

    contents = [RecordDict({"arrays": ArrayRecord([v])}) for v in vs]
    chosen = select_multikrum(contents, num_malicious_nodes=1, num_nodes_to_select=1)[0]
    assert contents.index(chosen) == ref["krumSelected"], "Flower's Krum picks another update"
    for name, got in (("trimmedMean", trim_mean(vs, 0.2)), ("median", np.median(vs, axis=0))):
        err = float(np.max(np.abs(got - np.asarray(ref[name], dtype=np.float32))))
        assert err < 1e-5, f"Flower's {name}: max |flower - typescript| = {err}"

    for kind, ref_opt in ref["optimizers"].items():
        opt = create_server_optimizer(ref_opt["spec"])
        x = vs[0]
        for d in vs[1:4]:
            x = opt.step(x, d.astype(np.float64) - x.astype(np.float64))
        err = float(np.max(np.abs(x - np.asarray(ref_opt["x"], dtype=np.float32))))
        assert err < 1e-5, f"server optimizer {kind}: max |python - typescript| = {err}"
    print(
        "ports: rng (next, fork, shuffle, sample, normal), 7 custom rules, "
        "Flower's Krum / trimmed mean / median, 4 server optimizers: all match"
    )


if __name__ == "__main__":
    main()
