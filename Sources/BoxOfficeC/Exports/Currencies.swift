import BoxOffice

/// The digits of ISO 4217's minor unit of `code` (EUR 2, JPY 0), or -1 for NULL and for a code
/// without one. Needs no engine, and reads nothing but the compiled-in table.
@c(bo_currency_minor_units)
public func boCurrencyMinorUnits(_ code: UnsafePointer<CChar>?) -> Int32 {
    guard let code, let digits = Currency.minorUnits(String(cString: code)) else { return -1 }
    return Int32(digits)
}

/// `minor_units` of `code` written out ("25.00 EUR"), in memory the caller frees with bo_free();
/// NULL for a NULL code or one without a minor unit (as bo_currency_minor_units() says -1).
@c(bo_money_format)
public func boMoneyFormat(_ minor_units: Int64, _ code: UnsafePointer<CChar>?) -> UnsafeMutablePointer<CChar>? {
    guard let code, Currency.minorUnits(String(cString: code)) != nil else { return nil }
    return copyOut(Currency.format(minor_units, String(cString: code)))
}
