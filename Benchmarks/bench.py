"""The benchmark driver: every case, ours (impl "swift") against the tool a user
would otherwise pick, on the same data, in this one run.

    bench.py [--json | --markdown] [--quick] [--cases a,b] [--scale 1|10|both] [--binary PATH]
    bench.py --from FILE [--markdown]

  (default)   one table: case, size, impl, median seconds, ratio swift / peer,
              throughput, peak memory; notes (CPU-time ratios, checks) below it
  --json      one object per line, nothing else on stdout:
              {"case": str, "impl": str, "seconds": median, "bytes": int, ...extras}
  --markdown  the table as Markdown (for docs/performance.md)
  --quick     one round of at most 3 runs per side (a smoke test, not figures)
  --cases     case names (stream_read, zstd_compress, ...) or groups (read,
              write, tensor, zstd, lz4, flame); default: all
  --scale     1: the first size; 10: the second size (10M rows, a 16384x4096
              tensor, 640 MiB of codec input; the flame cases have none);
              both (default)
  --binary    our bench executable (default .build/release/arrowipc-bench
              beside this file; `make bench` builds it)
  --from      print the table of a saved --json run instead of running

Each case lives in its own module (read_bench.py, ...), whose run(settings,
scale) returns records; harness.py holds the timing and memory measuring they
share. Progress goes to stderr.
"""
import argparse, json, os, platform, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import harness  # noqa: E402
import read_bench, write_bench, tensor_bench, zstd_bench, lz4_bench, flame_bench  # noqa: E402

GROUPS = {
    "read": read_bench,
    "write": write_bench,
    "tensor": tensor_bench,
    "zstd": zstd_bench,
    "lz4": lz4_bench,
    "flame": flame_bench,
}


def parse():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true")
    out.add_argument("--markdown", action="store_true")
    p.add_argument("--quick", action="store_true")
    p.add_argument("--cases", default="")
    p.add_argument("--scale", choices=["1", "10", "both"], default="both")
    p.add_argument("--binary", default=os.path.join(HERE, ".build", "release", "arrowipc-bench"))
    p.add_argument("--from", dest="saved")
    args = p.parse_args()
    known = set(GROUPS) | {case for module in GROUPS.values() for case in module.CASES}
    args.cases = [c for c in args.cases.split(",") if c]
    unknown = [c for c in args.cases if c not in known]
    if unknown:
        p.error(f"unknown case(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    if not args.saved and not os.access(args.binary, os.X_OK):
        p.error(f"{args.binary} is not an executable: swift build -c release --package-path Benchmarks")
    return args


GROUP_OF = {case: group for group, module in GROUPS.items() for case in module.CASES}


def selected(args, case):
    return not args.cases or GROUP_OF.get(case) in args.cases or case in args.cases


def environment():
    import numpy, pyarrow, zstandard, lz4
    parts = [f"{os.cpu_count()} CPUs", f"load {os.getloadavg()[0]:.1f}", platform.machine(),
             f"Python {platform.python_version()}", f"pyarrow {pyarrow.__version__}", f"numpy {numpy.__version__}",
             f"zstandard {zstandard.__version__} (libzstd {zstandard.ZSTD_VERSION[0]}.{zstandard.ZSTD_VERSION[1]}."
             f"{zstandard.ZSTD_VERSION[2]})", f"lz4 {lz4.__version__} (liblz4 {lz4.library_version_string()})"]
    try:
        from importlib.metadata import version
        parts.append(f"flamepy {version('flamepy')}")
    except Exception:
        parts.append("flamepy not installed")
    return ", ".join(parts)


def fmt_time(s):
    for unit, scale in (("s", 1), ("ms", 1e-3), ("µs", 1e-6)):
        if s >= scale:
            return f"{s / scale:.3g} {unit}" if s / scale < 100 else f"{s / scale:.0f} {unit}"
    return f"{s * 1e9:.0f} ns"


def fmt_ratio(x):
    return f"{x:.2f}" if x >= 0.1 else f"{x:.2g}"


def fmt_mb(n):
    return "-" if n is None else f"{n / 1e6:.1f}"


def peer_finder(records):
    """The peer's record of the same case and size as a given record."""
    peers = {(r["case"], r.get("shape")): r for r in records if r["impl"] != "swift"}
    return lambda r: peers.get((r["case"], r.get("shape")))


def rows_of(records):
    """Table rows: one per record, the ratio on our row (ours / the peer's)."""
    peer_of = peer_finder(records)
    out = []
    for r in records:
        peer = peer_of(r)
        ratio = fmt_ratio(r['seconds'] / peer['seconds']) if r["impl"] == "swift" and peer else ""
        out.append([r["case"], r.get("shape", ""), r["impl"], fmt_time(r['seconds']), ratio,
                    f"{r['bytes'] / r['seconds'] / 1e6:.0f}", fmt_mb(r.get("peak_rss_extra"))])
    return out


HEADER = ["case", "size", "impl", "median", "swift/peer", "MB/s", "peak MB"]


def notes(records):
    """What the table has no column for: CPU-time ratios, checks, second figures."""
    peer_of = peer_finder(records)
    lines = []
    for r in records:
        if r["impl"] != "swift":
            continue
        peer = peer_of(r)
        said = []
        if peer and "cpu_seconds" in r and "cpu_seconds" in peer:
            said.append(f"CPU time ratio {r['cpu_seconds'] / peer['cpu_seconds']:.2f}")
        if peer and "compressed_bytes" in r:
            said.append(f"size ratio {r['compressed_bytes'] / peer['compressed_bytes']:.3f} "
                        f"(compression ratio {r['bytes'] / r['compressed_bytes']:.3f})")
        if "fresh_array_seconds" in r and peer:
            said.append(f"into a new array each time {fmt_time(r['fresh_array_seconds'])}, "
                        f"ratio {r['fresh_array_seconds'] / peer['seconds']:.2f}")
        if "decode_copy_unaligned_seconds" in r:
            said.append(f"from a buffer 4 bytes off alignment {fmt_time(r['decode_copy_unaligned_seconds'])}")
        if "identical_to_pyarrow" in r:
            said.append(f"bytes identical to pyarrow's: {r['identical_to_pyarrow']}")
        if said:
            lines.append(f"{r['case']} {r.get('shape', '')}: " + "; ".join(said))
    return lines


def by_case(records):
    """Records in the order cases first appear, each case's sizes together."""
    first = {}
    for r in records:
        first.setdefault(r["case"], len(first))
    return sorted(records, key=lambda r: first[r["case"]])


def print_table(records, markdown):
    records = by_case(records)
    rows = rows_of(records)
    if markdown:
        print("| " + " | ".join(HEADER) + " |")
        print("|" + "---|" * len(HEADER))
        for row in rows:
            row[0] = f"`{row[0]}`"
            print("| " + " | ".join(row) + " |")
        print()
        for line in notes(records):
            print(f"- {line}")
        return
    widths = [max(len(str(x)) for x in col) for col in zip(HEADER, *rows)]
    right = {3, 4, 5, 6}
    line = lambda cells: "  ".join(c.rjust(w) if i in right else c.ljust(w)
                                   for i, (c, w) in enumerate(zip(cells, widths)))
    print(line(HEADER))
    print(line(["-" * w for w in widths]))
    last = None
    for row in rows:
        if last is not None and row[0] != last:
            print()
        last = row[0]
        print(line(row))
    print()
    for note in notes(records):
        print(note)
    print("\nswift/peer below 1: ours is faster. peak MB: resident memory one run adds at its peak "
          "(VmHWM after minus VmRSS before, high-water mark reset first; see harness.peak_extra).")


def main():
    args = parse()
    if args.saved:
        with open(args.saved) as f:
            records = [json.loads(line) for line in f if line.strip()]
        print_table([r for r in records if selected(args, r["case"])], args.markdown)
        return
    settings = harness.Settings(binary=args.binary, quick=args.quick)
    scales = {"1": [1], "10": [10], "both": [1, 10]}[args.scale]
    env = environment()
    print(f"# {env}", file=sys.stderr)
    started = time.time()
    records = []
    for group, module in GROUPS.items():
        wanted = [case for case in module.CASES if selected(args, case)]
        if not wanted:
            continue
        for scale in scales:
            t0 = time.time()
            produced = [r for r in module.run(settings, scale) if r["case"] in wanted]
            print(f"# {group} at scale {scale}: {len(produced)} records in {time.time() - t0:.0f} s, "
                  f"load {os.getloadavg()[0]:.1f}", file=sys.stderr, flush=True)
            if args.json:
                for r in produced:
                    print(json.dumps(r), flush=True)
            records += produced
    if not args.json:
        print(f"{env}; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
              f"{time.time() - started:.0f} s, load at end {os.getloadavg()[0]:.1f}"
              + (" (--quick: smoke test, not figures)" if args.quick else ""))
        print()
        print_table(records, args.markdown)


if __name__ == "__main__":
    main()
