import ArrowIPC
import ArrowIntegration
import ArrowMemory

let integrationUsage = """
    usage: arrow-ipc integration --mode MODE --arrow PATH --json PATH

    modes:
      VALIDATE       compare the IPC file or stream at --arrow with the integration
                     JSON at --json (.json or .json.gz); exit 0 when equal, 1 with
                     the first difference on stderr
      ARROW_TO_JSON  read the IPC file or stream at --arrow and write its
                     integration JSON to --json
      JSON_TO_ARROW  read the integration JSON at --json and write it as an IPC
                     file to --arrow

    options:
      --mode MODE    one of the modes above (--mode=MODE works too)
      --arrow PATH   the Arrow IPC file or stream
      --json PATH    the integration JSON file
      -h, --help     print this help

    example:
      arrow-ipc integration --mode VALIDATE --arrow data.arrow --json data.json

    exit status: 0 success (VALIDATE: equal), 1 difference or unreadable input,
                 2 usage error
    """

/// `arrow-ipc integration ...`: Arrow's integration-test entry points.
func runIntegration(_ arguments: [String]) -> Never {
    var options: [String: String] = [:]
    var k = 0
    while k < arguments.count {
        let a = arguments[k]
        if a == "-h" || a == "--help" {
            print(integrationUsage)
            Platform.exit(0)
        }
        guard a.hasPrefix("--") else { usageError("integration", "unexpected argument '\(a)'") }
        var key = String(a.dropFirst(2))
        let value: String
        if let eq = key.firstIndex(of: "=") {
            value = String(key[key.index(after: eq)...])
            key = String(key[..<eq])
        } else {
            guard k + 1 < arguments.count else { usageError("integration", "--\(key) needs a value") }
            k += 1
            value = arguments[k]
        }
        guard ["mode", "arrow", "json"].contains(key) else { usageError("integration", "unknown option --\(key)") }
        options[key] = value
        k += 1
    }
    guard let mode = options["mode"], let arrow = options["arrow"], let json = options["json"] else {
        usageError("integration", "--mode, --arrow and --json are required")
    }
    switch mode.uppercased() {
    case "VALIDATE":
        let expected: IntegrationFile
        do throws(ArrowError) {
            expected = try IntegrationFile(jsonPath: json)
        } catch {
            fail("cannot read JSON \(json): \(error)", status: 1)
        }
        let contents: IPCContents
        do throws(ArrowError) {
            contents = try IPCContents.read(path: arrow)
            try contents.validate(.full)
        } catch {
            fail("cannot read Arrow \(arrow): \(error)", status: 1)
        }
        if let difference = ArrayComparison.firstDifference(expected: expected, actual: IntegrationFile(contents: contents)) {
            fail("difference: \(difference)", status: 1)
        }
        Platform.exit(0)
    case "ARROW_TO_JSON":
        let bytes: [UInt8]
        do throws(ArrowError) {
            let contents = try IPCContents.read(path: arrow)
            try contents.validate(.full)
            bytes = try IntegrationFile(contents: contents).jsonBytes()
        } catch {
            fail("cannot convert \(arrow): \(error)", status: 1)
        }
        if let problem = writeFile(json, bytes) { fail("cannot write \(json): \(problem)", status: 1) }
        Platform.exit(0)
    case "JSON_TO_ARROW":
        let bytes: [UInt8]
        do throws(ArrowError) {
            let file = try IntegrationFile(jsonPath: json)
            for (b, batch) in file.batches.enumerated() {
                for (field, column) in zip(file.schema.fields, batch.columns) {
                    do throws(ArrowError) {
                        try column.validate(.full)
                    } catch {
                        var e = error
                        e.fieldPath = e.fieldPath.map { "\(field.name).\($0)" } ?? field.name
                        e.messageIndex = b
                        throw e
                    }
                }
            }
            bytes = try FileWriter.bytes(schema: file.schema, batches: file.batches)
        } catch {
            fail("cannot convert \(json): \(error)", status: 1)
        }
        if let problem = writeFile(arrow, bytes) { fail("cannot write \(arrow): \(problem)", status: 1) }
        Platform.exit(0)
    default:
        usageError("integration", "unknown mode '\(mode)' (VALIDATE, ARROW_TO_JSON or JSON_TO_ARROW)")
    }
}

/// Writes `bytes` to `path`; the error text on failure.
func writeFile(_ path: String, _ bytes: [UInt8]) -> String? {
    do throws(ArrowError) {
        let output = try FileDescriptorOutput(path: path)
        let failure = bytes.withUnsafeBytes { raw -> ArrowError? in
            do throws(ArrowError) { try output.write(raw) } catch { return error }
            return nil
        }
        if let failure { throw failure }
        return nil
    } catch {
        return error.message
    }
}
