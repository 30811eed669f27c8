// Target `pickle`: the bytes as a pickle, kept with its object sharing and
// written again. Property: what the writer wrote reads back, and writing that
// again gives the same bytes (compared as bytes, so NaN floats are no problem).

func fuzzPickle(_ bytes: ArrowBuffer) {
    let input = bytes.bytes
    guard let (value, identity) = try? PickleReader().decodeKeepingIdentity(input) else { return }
    guard let written = try? PickleWriter().encode(value, sharing: identity) else { return }
    let again: (value: PickleValue, identity: PickleIdentity)
    do {
        again = try PickleReader().decodeKeepingIdentity(written)
    } catch {
        fuzzFailure("pickle: what the writer wrote does not read back: \(error)")
    }
    guard let rewritten = try? PickleWriter().encode(again.value, sharing: again.identity), rewritten == written else {
        fuzzFailure("pickle: writing the read-back value gives other bytes")
    }
}
