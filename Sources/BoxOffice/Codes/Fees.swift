/// How fees are computed, in minor units.
///
/// Per ticket: `fee = roundHalfUp(price × serviceFeeBasisPoints / 10_000) + fixedFeeMinor`.
/// An order line's fees are `quantity × fee`, the order's fees are the sum of its lines, and
/// a refunded ticket returns exactly its price plus its fee. Computing the rounding per ticket
/// (not per order) is what makes partial refunds add up to the total.
public enum Fees {
    /// The fee for one ticket; throws `invalidArgument` on overflow.
    public static func perTicket(priceMinor: Int64, basisPoints: Int64, fixedMinor: Int64) throws -> Int64 {
        guard priceMinor >= 0, basisPoints >= 0, fixedMinor >= 0 else {
            throw BoxOfficeError.invalidArgument("price, rate and fixed fee must be ≥ 0")
        }
        let product = try Money.multiply(priceMinor, basisPoints)
        let service = try Money.add(product, 5_000) / 10_000  // half up, and an overflow near Int64.max is an error
        return try Money.add(service, fixedMinor)
    }
}

/// Checked Int64 arithmetic for money and quantities: overflow is an error, never a trap.
enum Money {
    static func add(_ a: Int64, _ b: Int64) throws -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        guard !overflow else { throw BoxOfficeError.invalidArgument("amount overflows: \(a) + \(b)") }
        return sum
    }

    /// `value / divisor` rounded half up, for value ≥ 0 and divisor > 0: the one rounding of
    /// fees, taxes and discounts.
    static func roundHalfUp(_ value: Int64, by divisor: Int64) -> Int64 { (value / divisor) + (value % divisor * 2 >= divisor ? 1 : 0) }

    static func multiply(_ a: Int64, _ b: Int64) throws -> Int64 {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        guard !overflow else { throw BoxOfficeError.invalidArgument("amount overflows: \(a) × \(b)") }
        return product
    }
}
