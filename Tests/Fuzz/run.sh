#!/usr/bin/env bash
# Usage: run.sh [TARGET|all] [SECONDS]   (SECONDS per target; default FUZZ_SECONDS or 60)
#
# Builds one libFuzzer binary (library sources + Tests/Fuzz/*.swift, one module,
# with AddressSanitizer) and fuzzes the chosen target, or every target one after
# another, each from its own corpus under $out/corpus/TARGET seeded from the
# matching fixtures (see seed()): for the IPC targets also the hostile inputs of
# ../shared/hostile/ when present and, when ARROW_TEST_DATA is set, the
# clusterfuzz files. The target is chosen at run time by FUZZ_TARGET (read by
# FuzzEntry.swift), so all targets share one build.
# Crashes are written to $out/crashes/TARGET-* and make the run fail.
# FUZZ_OUT sets $out (default .build-fuzz); FUZZ_NO_BUILD=1 reuses its binary.
set -euo pipefail
cd "$(dirname "$0")/../.."
targets="ipc ipc-gen push zstd lz4 tensor pickle flame"
target="${1:-all}"
seconds="${2:-${FUZZ_SECONDS:-60}}"
out="${FUZZ_OUT:-.build-fuzz}"

build() {
    rm -rf "$out/src" && mkdir -p "$out/src"
    for f in Sources/ArrowMemory/*.swift Sources/ArrowFlatBuffers/*.swift Sources/ArrowCompression/*.swift \
             $(find Sources/ArrowIPC -name '*.swift') Sources/ArrowTensor/*.swift Sources/FlamePickle/*.swift Sources/FlameCache/*.swift; do
        # One module: drop the imports of our own modules.
        sed -E '/^(@_exported )?import (Arrow(Memory|FlatBuffers|Compression|IPC|Tensor)|FlamePickle)$/d' "$f" \
            > "$out/src/$(basename "$(dirname "$f")")_$(basename "$f")"
    done
    # -package-name: ArrowMemory's `package` declarations are visible only within a package.
    swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name ArrowFuzz -package-name ArrowFuzz \
        "$out"/src/*.swift Tests/Fuzz/*.swift -o "$out/fuzzer"
}

# Seeds the corpus of target $1 (files already there are kept).
seed() {
    local dir="$out/corpus/$1"
    mkdir -p "$dir"
    add() { for f in "$@"; do [ -f "$f" ] && cp -n "$f" "$dir/$(echo "$f" | tr / _)"; done; return 0; }
    case "$1" in
        push)
            # Chunk sizes 9 and 129 (see FuzzPush.swift) before each stream.
            for f in Fixtures/ipc/*.stream Fixtures/flame/answers/*.stream; do
                [ -f "$dir/$(basename "$f")" ] || { printf '\001\010\040'; cat "$f"; } > "$dir/$(basename "$f")"
            done ;;
        ipc)
            add Fixtures/ipc/*.stream Fixtures/ipc/*.arrow_file Fixtures/flame/answers/*.stream
            [ -d ../shared/hostile ] && add ../shared/hostile/*.arrow
            if [ -n "${ARROW_TEST_DATA:-}" ]; then
                add "$ARROW_TEST_DATA"/arrow-ipc-stream/clusterfuzz-*
                add "$ARROW_TEST_DATA"/arrow-ipc-stream/integration/2.0.0-compression/*.stream
            fi ;;
        ipc-gen) [ -f "$dir/random" ] || head -c 4096 /dev/urandom > "$dir/random" ;;
        zstd|lz4) add Tests/Fuzz/seeds/"$1"/* ;;
        tensor) add Fixtures/tensor/*.tensor ;;
        pickle) add Fixtures/pickle/*.pkl ;;
        flame) add Fixtures/flame/blobs/* Fixtures/flame/answers/*.stream $(find Fixtures/flame/objects -type f) ;;
        *) echo "unknown target $1 (targets: $targets)" >&2; exit 2 ;;
    esac
}

fuzz() {
    seed "$1"
    mkdir -p "$out/crashes"
    echo "=== fuzz target $1, ${seconds}s"
    # SWIFT_BACKTRACE off: libFuzzer prints the stack itself, and the Swift
    # backtracer's memory reads after a trap are reported by ASan as a second error.
    FUZZ_TARGET="$1" SWIFT_BACKTRACE=enable=no "$out/fuzzer" "$out/corpus/$1" -artifact_prefix="$out/crashes/$1-" -max_len=20000 -timeout=10 \
        -rss_limit_mb=1024 -max_total_time="$seconds" -print_final_stats=1
}

[ "${FUZZ_NO_BUILD:-}" = 1 ] && [ -x "$out/fuzzer" ] || build
if [ "$target" = all ]; then
    for t in $targets; do fuzz "$t"; done
else
    fuzz "$target"
fi
