// Target `flame`: the bytes as a Flame blob (property list / pickle / Arrow
// payload), as a `do_get` answer stream and as an object file, each printed
// as the JSON document the CLI prints.

func fuzzFlame(_ bytes: ArrowBuffer) {
    let decoder = FlameBlobDecoder()
    if let value = try? decoder.decode(bytes) {
        _ = try? FlameJSON.document(value)
    }
    if let answer = try? FlameAnswer.decode(bytes, decoder: decoder) {
        _ = try? FlameJSON.document(answer)
    }
    if let object = try? FlameObjectFile.read(file: bytes, decoder: decoder) {
        _ = try? FlameJSON.document(object)
        _ = try? FlameObjectFile.bytes(object)
    }
}
