"""Tensors: ArrowTensor (Swift) vs pyarrow and flamepy on one R x 4096 Float32
tensor (4096 x 4096 = 64 MiB at scale 1, 16384 x 4096 at scale 10).

  tensor_decode_view  ours: Tensor<Float>(decoding:)       vs pa.ipc.read_tensor(pa.BufferReader(buf))
  tensor_decode_copy  ours: + toArray(order: .c)           vs np.array(pa.ipc.read_tensor(...).to_numpy())
  tensor_encode       ours: TensorEncoder.encode([Float])  vs flamepy.core.cache._serialize_numpy(a)
                      (write_tensor into a BufferOutputStream + to_pybytes, after a 4-byte type tag)
If flamepy is not installed, the same pyarrow calls it makes are timed instead
under impl "pyarrow". Extras: our decode_copy from a buffer 4 bytes off
alignment (as after flamepy's type tag), and whether our encoding equals
pyarrow's bytes.
"""
import numpy as np
import pyarrow as pa

from harness import median, peak_extra, record, runs, TempFiles

COLUMNS = 4096

try:
    from flamepy.core.cache import _serialize_numpy
    ENCODE_PEER = "flamepy"
except ImportError:  # flamepy is optional: time the same pyarrow calls it makes
    def _serialize_numpy(arr):
        sink = pa.BufferOutputStream()
        sink.write(b"\x00\x00\x00\x01")
        pa.ipc.write_tensor(pa.Tensor.from_numpy(arr), sink)
        return sink.getvalue().to_pybytes()
    ENCODE_PEER = "pyarrow"


def run(settings, scale):
    rows = 4096 * (4 if scale == 10 else 1)  # 16384 x 4096: the second size (4x the elements)
    rounds, reps = settings.rounds(5 if scale == 1 else 3), settings.reps(11 if scale == 1 else 5)
    a = np.random.default_rng(7).random((rows, COLUMNS), dtype=np.float32)
    sink = pa.BufferOutputStream()
    pa.ipc.write_tensor(pa.Tensor.from_numpy(a), sink)
    buf = sink.getvalue()
    peers = [
        ("tensor_decode_view", "pyarrow", "decode_view", lambda: pa.ipc.read_tensor(pa.BufferReader(buf))),
        ("tensor_decode_copy", "pyarrow", "decode_copy",
         lambda: np.array(pa.ipc.read_tensor(pa.BufferReader(buf)).to_numpy())),
        ("tensor_encode", ENCODE_PEER, "encode", lambda: _serialize_numpy(a)),
    ]
    peer_peaks = {key: peak_extra(fn)[0] for _, _, key, fn in peers}
    peer = {key: [] for _, _, key, _ in peers}
    ours = {key: [] for key in ("decode_view", "decode_copy", "decode_copy_unaligned", "encode")}
    identical = True
    with TempFiles() as files:
        path = files.write("input.tensor", buf)
        # Other processes share the CPUs: alternate the peers and us in rounds.
        for _ in range(rounds):
            for _, _, key, fn in peers:
                peer[key] += runs(fn, reps)[0]
            out = settings.swift("tensor", path, reps)
            for key in ours:
                ours[key] += out[key + "_ns"]
            identical = identical and out["identical"]
            our_peaks = {key: out[key + "_peak_extra_bytes"] for key in ("decode_view", "decode_copy", "encode")}
    shape = f"{rows}x{COLUMNS}"
    records = []
    extras = {"decode_view": {},
              "decode_copy": {"decode_copy_unaligned_seconds": median(ours["decode_copy_unaligned"]) / 1e9},
              "encode": {"identical_to_pyarrow": identical}}
    for case, impl, key, _ in peers:
        records.append(record(case, "swift", median(ours[key]) / 1e9, len(buf), shape=shape,
                              peak_rss_extra=our_peaks[key], **extras[key]))
        records.append(record(case, impl, median(peer[key]) / 1e9, len(buf), shape=shape,
                              peak_rss_extra=peer_peaks[key]))
    return records


CASES = ["tensor_decode_view", "tensor_decode_copy", "tensor_encode"]
