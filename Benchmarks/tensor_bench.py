"""Tensor benchmark: ArrowTensor (Swift) vs pyarrow and flamepy on one 4096x4096
Float32 tensor (64 MiB), all timed in this run on the same bytes.

Cases (per side, the median over ROUNDS alternating rounds of REPS-run medians):
  decode_view   ours: Tensor<Float>(decoding:)        vs pa.ipc.read_tensor(pa.BufferReader(buf))
  decode_copy   ours: + toArray(order: .c)            vs np.array(pa.ipc.read_tensor(...).to_numpy())
  encode        ours: TensorEncoder.encode([Float])   vs flamepy.core.cache._serialize_numpy(a)
                (write_tensor into a BufferOutputStream + to_pybytes, after a 4-byte type tag)
If flamepy is not installed, the same three pyarrow calls it makes are timed
instead and labelled so. Prints each ratio ours / peer (below 1: we are faster);
with --json, one {"case", "impl", "seconds", "bytes"} object per line instead.

Usage: tensor_bench.py PATH-TO-arrowipc-bench [--rows R] [--json]
  --rows R  a R x 4096 tensor instead of 4096 x 4096 (`make bench-json` also
            runs 16384 x 4096, the second size of the benchmark table)
"""
import json, os, subprocess, sys, tempfile, time
import numpy as np
import pyarrow as pa

REPS = 11
ROUNDS = 5
N = 4096
ROWS = N

try:
    from flamepy.core.cache import _serialize_numpy
    FLAMEPY = "flamepy._serialize_numpy"
except Exception:  # flamepy is optional: time the same pyarrow calls it makes
    def _serialize_numpy(arr):
        tensor = pa.Tensor.from_numpy(arr)
        sink = pa.BufferOutputStream()
        sink.write(b"\x00\x00\x00\x01")
        pa.ipc.write_tensor(tensor, sink)
        return sink.getvalue().to_pybytes()
    FLAMEPY = "flamepy-equivalent (flamepy not installed)"


def median_ns(fn):
    times = []
    for _ in range(REPS):
        t0 = time.perf_counter_ns()
        fn()
        times.append(time.perf_counter_ns() - t0)
    return sorted(times)[REPS // 2]


def main():
    binary = sys.argv[1]
    rows = int(sys.argv[sys.argv.index("--rows") + 1]) if "--rows" in sys.argv else ROWS
    a = np.random.default_rng(7).random((rows, N), dtype=np.float32)
    sink = pa.BufferOutputStream()
    pa.ipc.write_tensor(pa.Tensor.from_numpy(a), sink)
    buf = sink.getvalue()
    with tempfile.NamedTemporaryFile(suffix=".tensor", delete=False) as f:
        f.write(buf.to_pybytes())
        path = f.name
    # Other processes share the CPUs: alternate the peer and us in ROUNDS rounds
    # and report, per side, the median of the rounds' medians.
    rounds = {"py_view": [], "py_copy": [], "py_encode": [], "ours": []}
    for _ in range(ROUNDS):
        rounds["py_view"].append(median_ns(lambda: pa.ipc.read_tensor(pa.BufferReader(buf))))
        rounds["py_copy"].append(median_ns(lambda: np.array(pa.ipc.read_tensor(pa.BufferReader(buf)).to_numpy())))
        rounds["py_encode"].append(median_ns(lambda: _serialize_numpy(a)))
        out = subprocess.run([binary, "tensor", path, str(REPS)], check=True, capture_output=True, text=True).stdout
        rounds["ours"].append(json.loads(out))
    os.unlink(path)
    mid = lambda xs: sorted(xs)[len(xs) // 2]
    py_view, py_copy, py_encode = mid(rounds["py_view"]), mid(rounds["py_copy"]), mid(rounds["py_encode"])
    ours = {k: mid([r[k] for r in rounds["ours"]]) for k in rounds["ours"][0] if k.endswith("_ns")}
    ours["identical"] = all(r["identical"] for r in rounds["ours"])
    ours["elements"] = rounds["ours"][0]["elements"]
    cases = [
        ("tensor_decode_view", "pyarrow", "pa.ipc.read_tensor", py_view, ours["decode_view_ns"]),
        ("tensor_decode_copy", "pyarrow", "np.array(read_tensor().to_numpy())", py_copy, ours["decode_copy_ns"]),
        ("tensor_encode", "flamepy" if FLAMEPY.startswith("flamepy.") else "pyarrow", FLAMEPY, py_encode, ours["encode_ns"]),
    ]
    if "--json" in sys.argv:
        # One object per line, the format of `make bench-json`.
        for case, impl, _, theirs, mine in cases:
            print(json.dumps({"case": case, "impl": "swift", "seconds": mine / 1e9, "bytes": len(buf)}))
            print(json.dumps({"case": case, "impl": impl, "seconds": theirs / 1e9, "bytes": len(buf)}))
        return
    print(f"tensor {rows}x{N} float32 ({len(buf) / 2**20:.1f} MiB message), median of {ROUNDS} alternating rounds of {REPS}-run medians")
    for case, _, peer, theirs, mine in cases:
        print(f"  {case:19s} ArrowTensor {mine / 1e3:10.1f} us   {peer}: {theirs / 1e3:10.1f} us   ratio ours/peer = {mine / theirs:.3f}")
    print(f"  decode_copy from a buffer 4 bytes off alignment: {ours['decode_copy_unaligned_ns'] / 1e3:.1f} us")

if __name__ == "__main__":
    main()
