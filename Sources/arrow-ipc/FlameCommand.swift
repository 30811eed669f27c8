import ArrowIPC
import ArrowTensor
import FlameCache

let flameUsage = """
    usage: arrow-ipc flame decode [--json] PATH
           arrow-ipc flame reencode IN OUT

      decode    PATH is a Flame cache blob (FLM\\x00..FLM\\x04 or a legacy pickle),
                a cache object file (with patches from a sibling NAME.deltas/ folder)
                or a do_get answer stream; prints a summary, or with --json one JSON
                document (see docs/flame-cache.md)
      reencode  decode IN, encode it again with our encoder, write OUT (for what
                flamepy wrote, OUT equals IN byte for byte)

    options:
      --json       (decode) print one JSON document instead of a summary
      -h, --help   print this help (`flame decode --help`, `flame reencode --help`
                   describe each subcommand)

    example:
      arrow-ipc flame decode --json cache/obj/0001

    exit status: 0 success, 1 unreadable input (one line on stderr), 2 usage error
    """

func runFlame(_ arguments: [String]) {
    guard let sub = arguments.first else { fail(flameUsage, status: 2) }
    let rest = Array(arguments.dropFirst())
    switch sub {
    case "decode":
        let parsed = CommandArguments(rest, command: "flame decode", flags: ["--json"])
        let path = parsed.operands(["PATH"], command: "flame decode")[0]
        let json = parsed.flags.contains("--json")
        do throws(FlameError) {
            let input = try FlameInput.read(path: path)
            // The whole document is made before anything is printed.
            let text: String
            if json {
                // A file's patches add to its size; the bound is generous for what prints once.
                let size = (try? ByteStorage.mapFile(atPath: path).count) ?? 0
                text = try input.jsonDocument(maximumBytes: FlameJSON.maximumDocumentBytes(forInputOf: min(max(size, 1 << 20), Int.max / 4) * 4))
            } else {
                text = flameSummary(input)
            }
            print(text)
        } catch {
            fail(oneLine("error: \(error)"), status: 1)
        }
    case "reencode":
        let paths = CommandArguments(rest, command: "flame reencode").operands(["IN", "OUT"], command: "flame reencode")
        do throws(FlameError) {
            let bytes = try FlameInput.read(path: paths[0]).reencoded()
            if let problem = writeFile(paths[1], bytes) { throw FlameError(.io, "cannot write: \(problem)", location: paths[1]) }
        } catch {
            fail(oneLine("error: \(error)"), status: 1)
        }
    case "-h", "--help", "help":
        print(flameUsage)
    default:
        usageError("flame", "unknown subcommand '\(sub)' (decode or reencode)")
    }
}

/// What `flame decode` (and `inspect` of a blob) prints without `--json`.
func flameSummary(_ input: FlameInput) -> String {
    switch input {
    case .blob(let v): summary(v)
    case .objectFile(let o): summary(o, source: "object file")
    case .answer(.notModified): "do_get answer: not modified"
    case .answer(.object(let o)): summary(o, source: "do_get answer")
    }
}

/// Whether `path` starts as a Flame blob does (`FLM` and a kind byte, or a
/// legacy pickle's protocol opcode), which no IPC file or stream does.
func looksLikeFlameBlob(_ path: String) -> Bool {
    guard let storage = try? ByteStorage.mapFile(atPath: path), storage.count >= 4,
        let head = ArrowBuffer(storage: storage).getSlice(at: 0, length: 4)?.bytes
    else { return false }
    return head.prefix(3) == [0x46, 0x4C, 0x4D] || head[0] == 0x80
}

/// Error text on one line, control bytes escaped.
func oneLine(_ s: String) -> String {
    var out = ""
    for scalar in s.unicodeScalars {
        if scalar.value < 0x20 || scalar.value == 0x7F {
            out += scalar == "\n" ? " " : "\\u{\(String(scalar.value, radix: 16))}"
        } else {
            out.unicodeScalars.append(scalar)
        }
    }
    return out
}

private func summary(_ value: FlameValue) -> String {
    switch value {
    case .tensor(let t):
        return
            "tensor \(t.dataType.numpyName) shape \(t.shape) strides \(t.strides): \(t.leadingValues(8).joined(separator: ", "))\(t.count > 8 ? ", ..." : "")"
    case .table(let schema, let batches):
        return "table, \(batches.reduce(0) { $0 + $1.length }) rows in \(batches.count) batches\n" + schema.description
    case .recordBatch(let b):
        return "record batch, \(b.length) rows\n" + b.schema.description
    case .array(let a):
        return "array \(a.type), \(a.length) values"
    case .pickle(let v, let legacy, _):
        return "\(legacy ? "legacy pickle" : "cloudpickle (FLM 0x00)"): \(v.typeName)"
    case .propertyList(let bytes):
        return "property list, \(bytes.count) bytes"
    }
}

private func summary(_ o: FlameObject, source: String) -> String {
    var lines = [
        "\(source): \(o.nativeArrow ? "native Arrow" : "opaque") object, version \(o.version)"
            + (o.logicalType.map { ", logical type \($0)" } ?? "")
    ]
    lines.append("base: " + (o.base.map { summary($0) } ?? "none (patches only)"))
    for p in o.patches { lines.append("patch \(p.version): " + summary(p.value)) }
    return lines.joined(separator: "\n")
}
