"""Flame blob decoding: FlameCache (Swift) vs the Python a flamepy user runs,
on the same blobs, timed in this run.

Cases:
  pickle_decode       a flamepy FLM\\x00 blob of a dict holding 100,000 mixed plain
                      values; ours: FlameBlobDecoder().decode  vs cpython: pickle.loads
  flame_decode_table  a flamepy FLM\\x02 blob of the 1,000,000-row benchmark table
                      (read_bench.py's); ours: FlameBlobDecoder().decode
                      vs flamepy: flamepy.core.cache._deserialize_object_data
Peers and ours alternate over ROUNDS rounds; each side reports the median of its
rounds' medians. With --json, one {"case", "impl", "seconds", "bytes"} per line.

Usage: flame_bench.py PATH-TO-arrowipc-bench [--json]
"""
import json, os, pickle, subprocess, sys, tempfile, time

import numpy as np
import flamepy.core.cache as fc

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import read_bench  # noqa: E402  (the 1,000,000-row table)

REPS = 7
ROUNDS = 3


def median_ns(fn):
    times = []
    for _ in range(REPS):
        t0 = time.perf_counter_ns()
        fn()
        times.append(time.perf_counter_ns() - t0)
    return sorted(times)[REPS // 2]


def mixed_dict():
    rng = np.random.default_rng(11)
    words = ["alpha", "beta", "gamma", "délta", "", "x" * 40]
    out = {}
    for i in range(100_000):
        k = i % 6
        if k == 0:
            v = int(rng.integers(-2**40, 2**40))
        elif k == 1:
            v = float(rng.random())
        elif k == 2:
            v = words[i % len(words)] + str(i)
        elif k == 3:
            v = [i, float(i) / 3, None]
        elif k == 4:
            v = {"id": i, "ok": bool(i % 2)}
        else:
            v = (i, "t")
        out[f"key{i}"] = v
    return out


def main():
    binary = sys.argv[1]
    cases = []
    for case, value, peer_impl, peer in [
        ("pickle_decode", mixed_dict(), "cpython", lambda blob: pickle.loads(blob[4:])),
        ("flame_decode_table", read_bench.table(), "flamepy", fc._deserialize_object_data),
    ]:
        blob = fc._serialize_object_data(value)
        with tempfile.NamedTemporaryFile(suffix=".blob", delete=False) as f:
            f.write(blob)
            path = f.name
        theirs, ours = [], []
        for _ in range(ROUNDS):
            theirs.append(median_ns(lambda: peer(blob)))
            out = subprocess.run([binary, "flame", path, str(REPS)], check=True, capture_output=True, text=True).stdout
            ours.append(json.loads(out)["median_ns"])
        os.unlink(path)
        mid = lambda xs: sorted(xs)[len(xs) // 2]
        cases.append((case, peer_impl, mid(theirs), mid(ours), len(blob)))
    if "--json" in sys.argv:
        for case, impl, theirs, mine, size in cases:
            print(json.dumps({"case": case, "impl": "swift", "seconds": mine / 1e9, "bytes": size}))
            print(json.dumps({"case": case, "impl": impl, "seconds": theirs / 1e9, "bytes": size}))
        return
    print(f"flame blobs, median of {ROUNDS} alternating rounds of {REPS}-run medians")
    for case, impl, theirs, mine, size in cases:
        print(f"  {case:19s} {size / 1e6:7.1f} MB  FlameCache {mine / 1e6:9.2f} ms   {impl}: {theirs / 1e6:9.2f} ms"
              f"   ratio ours/peer = {mine / theirs:.3f}")


if __name__ == "__main__":
    main()
