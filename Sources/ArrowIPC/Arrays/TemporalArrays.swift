#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// Temporal columns as Swift values. The raw storage stays available through
// `PrimitiveArray(storageOf:)`; these views add the unit, so a value cannot be
// read in the wrong one.

extension TimeUnit {
    /// `value` of this unit as an exact `Duration`.
    @inlinable
    public func duration(_ value: Int64) -> Duration {
        switch self {
        case .second: .seconds(value)
        case .millisecond: .milliseconds(value)
        case .microsecond: .microseconds(value)
        case .nanosecond: .nanoseconds(value)
        }
    }

    /// `value` of this unit in (fractional) seconds.
    @inlinable
    public func seconds(_ value: Int64) -> Double {
        switch self {
        case .second: Double(value)
        case .millisecond: Double(value) / 1e3
        case .microsecond: Double(value) / 1e6
        case .nanosecond: Double(value) / 1e9
        }
    }
}

/// Timestamps (every unit, with or without a time zone) as `Date?`, zero-copy.
///
/// `Date` holds a `Double`, so nanosecond timestamps far from 2001 lose their last
/// digits; `sinceEpoch(at:)` is exact.
public struct TimestampArray: RandomAccessCollection, Sendable {
    public let storage: PrimitiveArray<Int64>
    public let unit: TimeUnit
    /// The zone the timestamps are shown in (values are always UTC instants); nil for
    /// zone-less ("wall clock") timestamps.
    public let timezone: String?

    /// - Throws: `ArrowError` (`.invalidArgument`) when `data` is not a timestamp.
    public init(_ data: ArrayData) throws(ArrowError) {
        guard case .timestamp(let unit, let timezone) = data.type else {
            throw ArrowError(.invalidArgument, "cannot view \(data.type) as timestamps")
        }
        self.storage = try PrimitiveArray(storageOf: data)
        self.unit = unit
        self.timezone = timezone
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { storage.endIndex }

    public subscript(i: Int) -> Date? {
        storage[i].map { Date(timeIntervalSince1970: unit.seconds($0)) }
    }

    /// The exact time since 1970-01-01T00:00:00Z, or nil when null.
    public func sinceEpoch(at i: Int) -> Duration? { storage[i].map(unit.duration) }
}

/// date32 (days) and date64 (milliseconds) as `Date?` at midnight UTC, zero-copy.
public struct DateArray: RandomAccessCollection, Sendable {
    public let data: ArrayData
    private let days: PrimitiveArray<Int32>?
    private let milliseconds: PrimitiveArray<Int64>?

    /// - Throws: `ArrowError` (`.invalidArgument`) when `data` is not date32 or date64.
    public init(_ data: ArrayData) throws(ArrowError) {
        switch data.type {
        case .date32:
            days = try PrimitiveArray(storageOf: data)
            milliseconds = nil
        case .date64:
            days = nil
            milliseconds = try PrimitiveArray(storageOf: data)
        default:
            throw ArrowError(.invalidArgument, "cannot view \(data.type) as dates")
        }
        self.data = data
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { data.length }

    public subscript(i: Int) -> Date? {
        if let days { return days[i].map { Date(timeIntervalSince1970: Double($0) * 86_400) } }
        return milliseconds?[i].map { Date(timeIntervalSince1970: Double($0) / 1e3) }
    }
}

/// Durations (every unit) as Swift `Duration?`, exact, zero-copy.
public struct DurationArray: RandomAccessCollection, Sendable {
    public let storage: PrimitiveArray<Int64>
    public let unit: TimeUnit

    /// - Throws: `ArrowError` (`.invalidArgument`) when `data` is not a duration.
    public init(_ data: ArrayData) throws(ArrowError) {
        guard case .duration(let unit) = data.type else {
            throw ArrowError(.invalidArgument, "cannot view \(data.type) as durations")
        }
        self.storage = try PrimitiveArray(storageOf: data)
        self.unit = unit
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { storage.endIndex }

    public subscript(i: Int) -> Duration? { storage[i].map(unit.duration) }
}

/// time32 and time64 as the `Duration?` since midnight, exact, zero-copy.
public struct TimeOfDayArray: RandomAccessCollection, Sendable {
    public let data: ArrayData
    public let unit: TimeUnit
    private let narrow: PrimitiveArray<Int32>?
    private let wide: PrimitiveArray<Int64>?

    /// - Throws: `ArrowError` (`.invalidArgument`) when `data` is not time32 or time64.
    public init(_ data: ArrayData) throws(ArrowError) {
        switch data.type {
        case .time32(let u):
            unit = u
            narrow = try PrimitiveArray(storageOf: data)
            wide = nil
        case .time64(let u):
            unit = u
            narrow = nil
            wide = try PrimitiveArray(storageOf: data)
        default:
            throw ArrowError(.invalidArgument, "cannot view \(data.type) as times of day")
        }
        self.data = data
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { data.length }

    public subscript(i: Int) -> Duration? {
        if let narrow { return narrow[i].map { unit.duration(Int64($0)) } }
        return wide?[i].map(unit.duration)
    }
}
