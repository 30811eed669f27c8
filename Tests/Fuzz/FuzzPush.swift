// Target `push`: the push decoder (`StreamDecoder`) fed the stream in chunks
// whose sizes come from the input's first bytes. Property: chunking changes
// nothing; the stream fed whole and fed in chunks both fail, or both succeed
// with the same events.
//
// Input layout: byte 0 gives the number n (1...8) of chunk-size bytes that
// follow; size byte b means a chunk of 1 + b*b/8 bytes (1...8129), the sizes
// repeat in turn; the rest of the input is the stream.

func fuzzPushDecoder(_ bytes: ArrowBuffer) {
    guard let first = bytes[checked: 0] else { return }
    let n = Int(first & 7) + 1
    guard bytes.count > n else { return }
    var sizes: [Int] = []
    for i in 1...n { sizes.append(1 + Int(bytes.byteUnchecked(at: i)) * Int(bytes.byteUnchecked(at: i)) / 8) }
    guard let stream = bytes.getSlice(from: n + 1) else { return }

    let whole = decodeAll(stream, chunkSizes: [max(stream.count, 1)])
    let chunked = decodeAll(stream, chunkSizes: sizes)
    switch (whole, chunked) {
    case (nil, nil): return
    case (let w?, let c?):
        guard w.count == c.count else { fuzzFailure("push: \(w.count) events whole, \(c.count) in chunks \(sizes)") }
        for (i, (a, b)) in zip(w, c).enumerated() where !sameEvent(a, b) {
            fuzzFailure("push: event \(i) differs whole (\(a)) and in chunks \(sizes) (\(b))")
        }
    default:
        fuzzFailure("push: the stream \(whole == nil ? "fails" : "succeeds") whole but not in chunks \(sizes)")
    }
}

/// The events of the whole stream, or nil when it fails.
private func decodeAll(_ stream: ArrowBuffer, chunkSizes: [Int]) -> [StreamDecoder.Event]? {
    var decoder = StreamDecoder(options: IPCReadOptions(limits: fuzzLimits))
    var events: [StreamDecoder.Event] = []
    var at = 0
    var turn = 0
    do {
        while at < stream.count {
            let size = min(chunkSizes[turn % chunkSizes.count], stream.count - at)
            turn += 1
            guard let chunk = stream.getSlice(at: at, length: size) else { return nil }
            events += try decoder.feed(chunk)
            at += size
        }
        try decoder.finish()
    } catch {
        return nil
    }
    for case .recordBatch(let batch) in events { _ = try? batch.columns.map { try $0.validate(.full) } }
    return events
}

private func sameEvent(_ a: StreamDecoder.Event, _ b: StreamDecoder.Event) -> Bool {
    switch (a, b) {
    case (.schema(let x), .schema(let y)): return x.fields.count == y.fields.count
    case (.dictionary(let i, let d), .dictionary(let j, let e)): return i == j && d == e
    case (.recordBatch(let x), .recordBatch(let y)):
        guard x.length == y.length, x.columns.count == y.columns.count else { return false }
        return zip(x.columns, y.columns).allSatisfy { sameArray($0, $1) }
    default: return false
    }
}

/// Same layout and bytes. Not `rangeEquals`: that reads values, which a
/// reader has not checked yet, and may throw for data both decodings share.
private func sameArray(_ a: ArrayData, _ b: ArrayData) -> Bool {
    guard a.type == b.type, a.length == b.length, a.nullCount == b.nullCount, a.offset == b.offset,
        a.buffers.count == b.buffers.count, a.children.count == b.children.count
    else { return false }
    switch (a.validity, b.validity) {
    case (nil, nil): break
    case (let v?, let w?): guard v.contentEquals(w) else { return false }
    default: return false
    }
    guard zip(a.buffers, b.buffers).allSatisfy({ $0.contentEquals($1) }),
        zip(a.children, b.children).allSatisfy({ sameArray($0, $1) })
    else { return false }
    switch (a.dictionary, b.dictionary) {
    case (nil, nil): return true
    case (let d?, let e?): return sameArray(d, e)
    default: return false
    }
}
