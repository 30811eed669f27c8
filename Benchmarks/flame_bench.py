"""Flame blob decoding: FlameCache (Swift) vs the Python a flamepy user runs,
on the same blobs (scale 1 only: the issue's second size is for the others).

  pickle_decode       a flamepy FLM\\x00 blob of a dict holding 100,000 mixed plain
                      values; ours: FlameBlobDecoder().decode  vs cpython: pickle.loads
  flame_decode_table  a flamepy FLM\\x02 blob of the 1,000,000-row benchmark table
                      (read_bench.py's); ours: FlameBlobDecoder().decode
                      vs flamepy: flamepy.core.cache._deserialize_object_data
Peers and ours alternate in rounds; medians are over all runs of a side.
"""
import pickle

import numpy as np

from harness import median, peak_extra, record, runs, TempFiles
import read_bench

try:
    import flamepy.core.cache as fc
except ImportError:
    fc = None


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


def run(settings, scale):
    if scale != 1 or fc is None:  # flamepy writes the blobs: without it there is nothing to decode
        return []
    rounds, reps = settings.rounds(3), settings.reps(7)
    records = []
    for case, value, impl, peer, size in [
        ("pickle_decode", mixed_dict(), "cpython", lambda blob: pickle.loads(blob[4:]), "100k values"),
        ("flame_decode_table", read_bench.table(1_000_000), "flamepy", fc._deserialize_object_data, "1M rows"),
    ]:
        blob = fc._serialize_object_data(value)
        peer_peak = peak_extra(lambda: peer(blob))[0]
        theirs, ours = [], []
        our_peak = 0
        with TempFiles() as files:
            path = files.write("input.blob", blob)
            for _ in range(rounds):
                theirs += runs(lambda: peer(blob), reps)[0]
                out = settings.swift("flame", path, reps)
                ours += out["times_ns"]
                our_peak = max(our_peak, out["peak_extra_bytes"])
        records.append(record(case, "swift", median(ours) / 1e9, len(blob), shape=size, peak_rss_extra=our_peak))
        records.append(record(case, impl, median(theirs) / 1e9, len(blob), shape=size, peak_rss_extra=peer_peak))
    return records


CASES = ["pickle_decode", "flame_decode_table"]
