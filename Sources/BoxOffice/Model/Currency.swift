/// ISO 4217 currencies, as far as money needs them: how many digits their minor unit has, and
/// an amount written out. The table is generated from api/currencies.toml, which
/// scripts/update_currencies.py takes from the maintenance agency's list.
public enum Currency {
    /// The digits after the decimal point of `code`: EUR 2, JPY 0, BHD 3, CLF 4. Nil for a code
    /// ISO 4217 does not list, or lists without a minor unit (XAU, XXX).
    public static func minorUnits(_ code: String) -> Int? { minorUnitsByCode[code] }

    /// `minor` units of `code` as decimal text and the code: "25.00 EUR", "1500 JPY",
    /// "-1.250 BHD". A code without minor units is written with 2 digits.
    public static func format(_ minor: Int64, _ code: String) -> String {
        let digits = minorUnits(code) ?? 2
        let sign = minor < 0 ? "-" : ""
        let magnitude = minor.magnitude
        guard digits > 0 else { return "\(sign)\(magnitude) \(code)" }
        let scale = (0..<digits).reduce(UInt64(1)) { result, _ in result * 10 }
        let fraction = String(magnitude % scale)
        return "\(sign)\(magnitude / scale).\(String(repeating: "0", count: digits - fraction.count))\(fraction) \(code)"
    }
}
