// libFuzzer entry point of the one fuzz binary that run.sh builds (library
// sources and Tests/Fuzz/*.swift compiled as one module). The target is chosen
// by the environment variable FUZZ_TARGET, so every target shares one build.
// Every target's contract: any bytes end in a result or a thrown error, never a
// trap, a hang or an unbounded allocation; where a target also checks a
// property (a round trip, chunking independence), a violation traps on purpose
// so that libFuzzer records the input.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

typealias FuzzTarget = (ArrowBuffer) -> Void

let fuzzTargets: [String: FuzzTarget] = [
    "ipc": fuzzIPC,
    "ipc-gen": fuzzGeneratedIPC,
    "push": fuzzPushDecoder,
    "zstd": fuzzZstd,
    "lz4": fuzzLZ4,
    "tensor": fuzzTensor,
    "pickle": fuzzPickle,
    "flame": fuzzFlame,
]

/// Read once: the process runs one target.
let selectedFuzzTarget: FuzzTarget = {
    let name = getenv("FUZZ_TARGET").map { String(cString: $0) } ?? "ipc"
    guard let target = fuzzTargets[name] else {
        fputs("unknown FUZZ_TARGET \(name); known: \(fuzzTargets.keys.sorted().joined(separator: " "))\n", stderr)
        exit(2)
    }
    return target
}()

/// FUZZ_GEN_OUTPUT: where target `ipc-gen` writes each IPC input it generates
/// (run the fuzzer on one saved input to turn a crash into a plain IPC file).
let fuzzGeneratedOutputPath: String? = getenv("FUZZ_GEN_OUTPUT").map { String(cString: $0) }

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    selectedFuzzTarget(ArrowBuffer(copying: UnsafeBufferPointer(start: data, count: size)))
    return 0
}

/// A broken property: traps so that libFuzzer saves the input.
func fuzzFailure(_ message: String) -> Never {
    fputs("fuzz property violated: \(message)\n", stderr)
    abort()
}

/// Writes `bytes` to `path` (for FUZZ_GEN_OUTPUT: the IPC bytes a generator
/// made, to keep a crash as a plain regression input).
func writeFuzzOutput(_ bytes: [UInt8], to path: String) {
    guard let file = fopen(path, "wb") else { return }
    _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
    fclose(file)
}
