"""Loading a saved model: peak memory and time of ``Network.load`` against what a user
of the other tools does to get the same weights back, each in a fresh process.

    python benchmarks/bench_load_model.py [--layers 784,2000,2000,10] [--quick]

Rows: ``neuronlab Network.load`` (members checked, then decompressed in blocks
straight into the network's parameter vector), ``np.load`` of the same ``.npz`` with
every member read (what the loader did before, less its two copies), scikit-learn's
``MLPClassifier`` of the same sizes through ``pickle`` (its usual way to a file), and
PyTorch's ``torch.load`` of an ``nn.Sequential`` ``state_dict`` when torch is
installed (``pip install torch==2.13.0``). Peak memory is the process's peak resident
size above its size after the imports (Linux ``VmHWM``, reset through ``clear_refs``),
as a multiple of the parameters' float64 size.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

#: name → (imports and file, done before the measurement; the loading itself)
LOADERS = {
    "neuronlab Network.load": (
        "from neuronlab import Network\nF = D / 'model.npz'",
        "net = Network.load(F)",
    ),
    "np.load, every member": (
        "F = D / 'model.npz'",
        "with np.load(F, allow_pickle=False) as z:\n    arrays = {k: z[k] for k in z.files}",
    ),
    "scikit-learn MLPClassifier, pickle": (
        "import pickle, sklearn.neural_network\nF = D / 'mlp.pkl'",
        "mlp = pickle.loads(F.read_bytes())",
    ),
    "PyTorch state_dict, torch.load": (
        "import torch\nF = D / 'model.pt'",
        "state = torch.load(F)",
    ),
}

CHILD = """
import sys, time
import numpy as np
from pathlib import Path
D = Path(sys.argv[1])
{setup}
def kib(key):
    for line in open("/proc/self/status"):
        if line.startswith(key):
            return int(line.split()[1])
open("/proc/self/clear_refs", "w").write("5")
base = kib("VmRSS:")
t = time.perf_counter()
{code}
print(time.perf_counter() - t, (kib("VmHWM:") - base) * 1024)
"""


def write_models(folder: Path, dims: list[int]) -> int:
    """The same weights as a neuronlab file, a pickled MLPClassifier and (when torch is
    installed) a PyTorch state_dict; returns the parameters' float64 bytes."""
    import pickle

    import numpy as np
    from sklearn.neural_network import MLPClassifier

    from neuronlab import Network

    net = Network(dims, output_activation="softmax", seed=0)
    net.save(folder / "model.npz")
    P = net.parameters
    L = len(dims) - 1
    mlp = MLPClassifier(hidden_layer_sizes=dims[1:-1])
    mlp.coefs_ = [P[f"W{l}"].T.copy() for l in range(1, L + 1)]
    mlp.intercepts_ = [P[f"b{l}"].ravel().copy() for l in range(1, L + 1)]
    mlp.classes_ = np.arange(dims[-1])
    mlp.n_layers_, mlp.n_outputs_, mlp.out_activation_ = L + 1, dims[-1], "softmax"
    (folder / "mlp.pkl").write_bytes(pickle.dumps(mlp))
    try:
        import torch
    except ImportError:
        pass
    else:
        layers = [torch.nn.Linear(i, o, dtype=torch.float64) for i, o in zip(dims, dims[1:])]
        for l, layer in enumerate(layers, start=1):
            layer.weight.data = torch.from_numpy(P[f"W{l}"].copy())
            layer.bias.data = torch.from_numpy(P[f"b{l}"].ravel().copy())
        torch.save(torch.nn.Sequential(*layers).state_dict(), folder / "model.pt")
    return int(net.theta.nbytes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layers", default="784,2000,2000,10", help="layer sizes")
    parser.add_argument("--quick", action="store_true", help="a 20,64,3 network")
    args = parser.parse_args(argv)
    try:
        dims = [int(d) for d in ("20,64,3" if args.quick else args.layers).split(",")]
    except ValueError:
        parser.error(f"--layers: expected sizes such as 784,2000,10, got {args.layers!r}")
    if len(dims) < 2 or min(dims) < 1:
        parser.error(f"--layers: expected at least two positive sizes, got {args.layers!r}")
    with tempfile.TemporaryDirectory() as tmp:
        nbytes = write_models(Path(tmp), dims)
        print(f"a {dims} network: {nbytes / 2**20:.1f} MiB of float64 parameters")
        print("| loader | seconds | peak memory | × the parameters |")
        print("|---|---|---|---|")
        ours = None
        for name, (setup, code) in LOADERS.items():
            child = CHILD.format(setup=setup, code=code)
            proc = subprocess.run(
                [sys.executable, "-c", child, tmp], capture_output=True, text=True
            )
            if proc.returncode != 0:
                print(f"| {name} | — | not run: {proc.stderr.strip().splitlines()[-1]} | |")
                continue
            seconds, peak = (float(x) for x in proc.stdout.split())
            ours = ours or seconds
            print(
                f"| {name} | {seconds:.3f} ({seconds / ours:.1f}× ours) | "
                f"{peak / 2**20:.1f} MiB | {peak / nbytes:.2f} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
