import ArrowIPC

/// Dates, times and timestamps as ISO-8601 text in the proleptic Gregorian
/// calendar (as pyarrow and Python's `datetime` show them). Years outside
/// 1...9999 (Python's `datetime` range) give nil: the caller prints the stored
/// integer, as pyarrow prints `<value out of range: N>`.
enum TemporalText {
    /// `YYYY-MM-DD` of a day count since 1970-01-01.
    static func date(days: Int64) -> String? {
        // Civil-from-days (Howard Hinnant's algorithm), on Int64: any Int64 day count
        // divided down by 86400 or more cannot overflow these steps.
        guard days > -4_000_000_000_000, days < 4_000_000_000_000 else { return nil }
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        guard y >= 1, y <= 9999 else { return nil }
        return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2)
    }

    /// Units per second and the digits of a fraction of a second.
    static func scale(_ unit: TimeUnit) -> (perSecond: Int64, digits: Int) {
        switch unit {
        case .second: (1, 0)
        case .millisecond: (1000, 3)
        case .microsecond: (1_000_000, 6)
        case .nanosecond: (1_000_000_000, 9)
        }
    }

    /// `YYYY-MM-DD<sep>HH:MM:SS[.fff]`, with `Z` when the type has a time zone
    /// (the value is an instant in UTC, as pyarrow prints it).
    static func timestamp(_ value: Int64, _ unit: TimeUnit, utc: Bool, separator: String) -> String? {
        let (perSecond, digits) = scale(unit)
        let (seconds, fraction) = floorDivMod(value, perSecond)
        let (days, secondOfDay) = floorDivMod(seconds, 86400)
        guard let date = date(days: days) else { return nil }
        return date + separator + clock(secondOfDay, fraction, digits) + (utc ? "Z" : "")
    }

    /// `HH:MM:SS[.fff]` of a time of day; nil outside one day.
    static func time(_ value: Int64, _ unit: TimeUnit) -> String? {
        let (perSecond, digits) = scale(unit)
        guard value >= 0, value < 86400 * perSecond else { return nil }
        let (seconds, fraction) = floorDivMod(value, perSecond)
        return clock(seconds, fraction, digits)
    }

    private static func clock(_ secondOfDay: Int64, _ fraction: Int64, _ digits: Int) -> String {
        var s = pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
        if digits > 0 { s += "." + pad(fraction, digits) }
        return s
    }

    private static func floorDivMod(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let q = a / b
        let r = a % b
        return r < 0 ? (q - 1, r + b) : (q, r)
    }

    private static func pad(_ v: Int64, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
