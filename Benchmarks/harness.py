"""What every benchmark case shares: running our Swift bench binary, timing the
Python peer, measuring peak memory, and the records the driver prints.

A record is one line of `make bench-json`:
    {"case": str, "impl": str, "seconds": median, "bytes": int, ...extras}
"bytes" is the size of the data the case processes (the stream or message
read or written, the uncompressed input of a codec, the blob decoded), so
bytes / seconds is the throughput.
"""
import gc, json, os, subprocess, tempfile, time
from dataclasses import dataclass

import pyarrow as pa


@dataclass
class Settings:
    """How the driver runs: our binary and how many runs each side gets."""
    binary: str
    quick: bool = False

    def rounds(self, rounds):
        return 1 if self.quick else rounds

    def reps(self, reps):
        return min(reps, 3) if self.quick else reps

    def swift(self, *args):
        """Runs our bench binary; its stdout is one JSON object."""
        out = subprocess.run([self.binary, *map(str, args)], check=True, capture_output=True, text=True).stdout
        return json.loads(out)


def median(xs):
    return sorted(xs)[len(xs) // 2]


def runs(fn, reps, clock=time.thread_time_ns):
    """reps timed calls of fn: (wall times, CPU times by `clock`, last result).
    The CPU clock is the calling thread's by default: single-threaded peers;
    pass time.process_time_ns for peers that use a thread pool."""
    wall, cpu = [], []
    result = None
    for _ in range(reps):
        t0 = time.perf_counter_ns()
        c0 = clock()
        result = fn()
        cpu.append(clock() - c0)
        wall.append(time.perf_counter_ns() - t0)
    return wall, cpu, result


def _status(key):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024
    return 0


def peak_extra(fn):
    """Resident memory fn adds at its peak in this process, over one call.

    Freed memory is returned first (gc, pyarrow's pool), then the kernel's
    high-water mark is reset to the current resident size (Linux clear_refs
    "5"): VmHWM after minus VmRSS before is the most fn held at once beyond
    what was resident. The Swift binary measures itself the same way
    (Benchmarks/Sources/arrowipc-bench/Memory.swift). Returns (bytes, result);
    bytes is None where /proc does not allow it."""
    gc.collect()
    pa.default_memory_pool().release_unused()
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        before = _status("VmRSS")
    except OSError:
        return None, fn()
    result = fn()
    return max(0, _status("VmHWM") - before), result


def record(case, impl, seconds, size, **extra):
    return {"case": case, "impl": impl, "seconds": seconds, "bytes": size, **extra}


class TempFiles:
    """A temporary folder for the inputs handed to the Swift binary."""

    def __enter__(self):
        self._dir = tempfile.TemporaryDirectory(prefix="arrowipc-bench-")
        return self

    def __exit__(self, *exc):
        self._dir.cleanup()

    def write(self, name, data):
        path = os.path.join(self._dir.name, name)
        with open(path, "wb") as f:
            f.write(data)
        return path

    def path(self, name):
        return os.path.join(self._dir.name, name)
