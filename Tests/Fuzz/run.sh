#!/usr/bin/env bash
# Builds the libFuzzer target (library sources + FuzzTarget.swift, one module,
# with AddressSanitizer) and fuzzes for FUZZ_SECONDS (default 300), starting from
# the fixtures, the hostile inputs of ../shared/hostile/ when present (one per
# class of issue 10: body-free lengths, shared FlatBuffer tables, reused footer
# blocks, lying compressed sizes, overflowing deltas), and, when ARROW_TEST_DATA
# is set, the clusterfuzz regression files.
# Crashes are written to .build-fuzz/crashes/ and make the run fail.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=.build-fuzz
rm -rf "$out/src" && mkdir -p "$out/src" "$out/corpus" "$out/crashes"
for f in Sources/ArrowMemory/*.swift Sources/ArrowFlatBuffers/*.swift Sources/ArrowCompression/*.swift $(find Sources/ArrowIPC -name '*.swift') Sources/ArrowTensor/*.swift; do
    # One module: drop the imports of our own modules.
    sed -E '/^(@_exported )?import Arrow(Memory|FlatBuffers|Compression|IPC)$/d' "$f" > "$out/src/$(basename "$(dirname "$f")")_$(basename "$f")"
done
swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name ArrowFuzz \
    "$out"/src/*.swift Tests/Fuzz/FuzzTarget.swift -o "$out/fuzzer"
cp Fixtures/ipc/*.stream Fixtures/ipc/*.arrow_file Fixtures/tensor/*.tensor "$out/corpus/"
if [ -d ../shared/hostile ]; then
    for f in ../shared/hostile/*.arrow; do cp "$f" "$out/corpus/hostile-$(basename "$f")"; done
fi
if [ -n "${ARROW_TEST_DATA:-}" ]; then
    cp "$ARROW_TEST_DATA"/arrow-ipc-stream/clusterfuzz-* "$out/corpus/" 2>/dev/null || true
    for f in "$ARROW_TEST_DATA"/arrow-ipc-stream/integration/2.0.0-compression/*.stream; do cp "$f" "$out/corpus/compressed-$(basename "$f")"; done
fi
"$out/fuzzer" "$out/corpus" -artifact_prefix="$out/crashes/" -max_len=20000 -timeout=10 \
    -rss_limit_mb=1024 -max_total_time="${FUZZ_SECONDS:-300}" -print_final_stats=1
