# ArrowIPC: build, test, demo, bench.
# `make test` sets itself up on a fresh machine: it creates .venv with the pinned
# Python packages (Fixtures/requirements.txt) used by the live interop tests.

SWIFT ?= swift
DOCC ?= docc
PYTHON ?= python3
VENV ?= .venv
VENV_PY := $(VENV)/bin/python
CLI := .build/debug/arrow-ipc

.PHONY: build test test-asan test-tsan test-examples demo bench bench-json fuzz fuzz-smoke fixtures docs clean lint format

build:
	$(SWIFT) build

$(VENV)/.installed: Fixtures/requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV_PY) -m pip install --quiet --disable-pip-version-check -r Fixtures/requirements.txt
	touch $@

test: $(VENV)/.installed
	ARROWIPC_PYTHON=$(abspath $(VENV_PY)) $(SWIFT) test

# The whole suite under AddressSanitizer (its own build folder, as for TSan).
test-asan: $(VENV)/.installed
	ASAN_OPTIONS=detect_leaks=0:halt_on_error=1 ARROWIPC_PYTHON=$(abspath $(VENV_PY)) \
		$(SWIFT) test --scratch-path .build-asan --sanitize=address

# Tests that run on several threads, under ThreadSanitizer (its own build folder:
# sanitized objects must not replace the normal ones): one FlatBuffer read by
# many tasks, compression and decompression of large batches on all cores, the
# async reader and writer, concurrent Zstandard encoders, the shared pool of
# released blocks and buffers handed to threads largest first.
TSAN_TESTS := ConcurrentReadTests|CompressedWritingTests/testThreaded|AsyncStreamTests|ZstdEncoderTests/testConcurrent|RecycledMemoryTests/testConcurrent|LargestFirstTests/testParallel
test-tsan:
	TSAN_OPTIONS=halt_on_error=1 $(SWIFT) test --scratch-path .build-tsan --sanitize=thread --filter "$(TSAN_TESTS)"

# Packages beside the library that depend on it (and on packages it must not
# depend on): SwiftNIO and ArrowIPC imported together; an HTTP service
# (Hummingbird 2) tested over loopback with pyarrow as its client.
test-examples: $(VENV)/.installed
	$(SWIFT) build --package-path Examples/NIOCoexistence
	cd Examples/NIOCoexistence && .build/debug/NIOCoexistence
	$(SWIFT) build --package-path Examples/ArrowHTTPService
	$(VENV_PY) Examples/ArrowHTTPService/service_test.py Examples/ArrowHTTPService/.build/debug/ArrowHTTPService

# The toolchain's swift-format with the checked-in .swift-format (CI fails on any
# finding), and a doc comment with Parameters/Returns/Throws on every public
# declaration of the library (scripts/check-docs.py). `make format` rewrites the
# files the way lint wants them.
SWIFT_FORMAT ?= swift-format
FORMATTED := Sources Tests Benchmarks/Sources Examples/NIOCoexistence/Sources Examples/ArrowHTTPService/Sources
lint:
	$(SWIFT_FORMAT) lint --strict --configuration .swift-format --recursive $(FORMATTED)
	$(PYTHON) scripts/check-docs.py Sources

format:
	$(SWIFT_FORMAT) format --in-place --configuration .swift-format --recursive $(FORMATTED)

demo: build
	@for f in Fixtures/ipc/*.stream Fixtures/ipc/*.arrow_file Fixtures/tensor/float32_4d_f_named.tensor; do \
		echo "== $$f"; $(CLI) inspect "$$f" || exit 1; $(CLI) validate "$$f" && echo "valid"; \
	done
	@echo "== cat (as pyarrow prints a table)"; $(CLI) cat --rows 5 Fixtures/ipc/large_1000_rows.stream
	@for f in Fixtures/flame/blobs/np_float32_f.blob Fixtures/flame/blobs/table.blob Fixtures/flame/blobs/pickle_mixed.blob \
		Fixtures/flame/objects/app/session/patched.arrow Fixtures/flame/answers/full.stream; do \
		echo "== $$f"; $(CLI) flame decode "$$f" || exit 1; $(CLI) flame decode --json "$$f" | cut -c1-300 || exit 1; \
	done

# One driver (Benchmarks/bench.py) runs every case against its peer (pyarrow,
# flamepy, libzstd, liblz4, CPython) in one run, at both sizes; `make bench`
# prints one table (median, ratio swift/peer, MB/s, peak memory), `make
# bench-json` one {"case", "impl", "seconds", "bytes", ...} object per line on
# stdout and everything else (setup, build, progress) on stderr. Options:
# BENCH_ARGS, e.g. BENCH_ARGS="--cases read,zstd --scale 1" (bench.py --help).
BENCH_ARGS ?=
bench:
	@$(MAKE) --no-print-directory $(VENV)/.installed >&2
	$(SWIFT) build -c release --package-path Benchmarks
	$(VENV_PY) Benchmarks/bench.py $(BENCH_ARGS)

bench-json:
	@$(MAKE) --no-print-directory $(VENV)/.installed >&2
	@$(SWIFT) build -c release --package-path Benchmarks >&2
	@$(VENV_PY) Benchmarks/bench.py --json $(BENCH_ARGS)

# Every fuzz target in turn, FUZZ_SECONDS (default 60) each; one target:
# bash Tests/Fuzz/run.sh TARGET SECONDS (see Tests/Fuzz/run.sh for the names).
fuzz:
	bash Tests/Fuzz/run.sh all

# Every fuzz target for 20 s (CI).
fuzz-smoke:
	bash Tests/Fuzz/run.sh all 20

fixtures: $(VENV)/.installed
	$(VENV_PY) Fixtures/generate.py
	$(VENV_PY) Fixtures/generate_tensors.py
	$(VENV_PY) Fixtures/generate_pickles.py
	$(VENV_PY) Fixtures/generate_flame.py

# API reference: one DocC archive per library module in .build/docs/M.doccarchive
# (docs/documentation.md). No plugin: the ordinary debug build, then the
# toolchain's symbolgraph-extract for each module (public symbols, into a
# folder of its own, so each catalog is converted with only its module's
# graphs). A broken symbol link in a catalog or a doc comment fails
# (--warnings-as-errors); undocumented symbols and parameters do not (docc
# reports the first only with --analyze; parameter validation is off).
DOC_MODULES := ArrowMemory ArrowFlatBuffers ArrowCompression ArrowIPC ArrowIntegration ArrowTensor FlamePickle FlameCache
DOCS_OUT := .build/docs
docs:
	$(SWIFT) build
	@rm -rf $(DOCS_OUT) && mkdir -p $(DOCS_OUT)
	@bin="$$($(SWIFT) build --show-bin-path)" && triple="$$(basename "$$(dirname "$$bin")")" && \
	failed="" && for m in $(DOC_MODULES); do \
		graphs=$(DOCS_OUT)/symbol-graphs/$$m && mkdir -p $$graphs && \
		echo "docs: $$m" && \
		{ $(SWIFT) symbolgraph-extract -module-name $$m -target $$triple -I "$$bin/Modules" \
			-module-cache-path "$$bin/ModuleCache" -minimum-access-level public \
			-emit-extension-block-symbols -output-dir $$graphs > $(DOCS_OUT)/$$m.log 2>&1 && \
		$(DOCC) convert Sources/$$m/$$m.docc --additional-symbol-graph-dir $$graphs \
			--fallback-display-name $$m --fallback-bundle-identifier org.arrowipc.$$m \
			--output-path $(DOCS_OUT)/$$m.doccarchive \
			--disable-parameters-and-returns-validation --warnings-as-errors \
			>> $(DOCS_OUT)/$$m.log 2>&1; } \
		|| { cat $(DOCS_OUT)/$$m.log; failed="$$failed $$m"; }; \
	done; \
	if [ -n "$$failed" ]; then echo "make docs: failed for$$failed"; exit 1; fi; \
	echo "make docs: archives in $(DOCS_OUT)/"

clean:
	rm -rf .build .build-asan .build-tsan $(VENV)
