import FoundationEssentials

/// What one ticket costs, in minor units, frozen into the hold when it is made.
///
/// In order, per ticket (never per order line, so that refunding one ticket returns exactly its
/// share, and the lines and the order are plain sums):
/// 1. the voucher's price: `fixed` → min(value, price); `amount_off` → max(0, price − value);
///    `percent_off` → price − roundHalfUp(price × value / 10 000);
/// 2. the fee on that price: roundHalfUp(price × serviceFeeBasisPoints / 10 000) + fixedFeeMinor
///    (``Fees``); fees are not taxed;
/// 3. the tax at rate r basis points: inclusive, the price already holds it, and
///    tax = price − roundHalfUp(price × 10 000 / (10 000 + r)); exclusive, it is added:
///    tax = roundHalfUp(price × r / 10 000) and the unit price becomes price + tax.
///
/// Worked examples (docs/PAYMENTS.md has more): 19 % inclusive on 10.00 EUR: net
/// round(10 000 000 / 11 900) = round(840.34) = 840, tax 160, unit price 1000. 8.88 % (888 bp)
/// exclusive on 10.00 USD: tax round(88.8) = 89, unit price 1089. A 25 % voucher on 9.99:
/// 999 − round(249.75) = 749.
public struct TicketPrice: Equatable, Sendable {
    /// What the buyer pays per ticket before fees, tax included.
    public var unitPriceMinor: Int64
    public var feeMinor: Int64
    /// The tax within `unitPriceMinor`.
    public var taxMinor: Int64
    /// What the voucher took off the tier's price.
    public var discountMinor: Int64

    /// - Parameters:
    ///   - priceMinor: the tier's price, 0…10¹².
    ///   - voucher: the voucher's mode and value, when one applies to this ticket.
    ///   - tax: the tier's tax rule, if it has one (rate 0…10 000 basis points).
    public static func of(priceMinor: Int64, voucher: (mode: Voucher.PriceMode, value: Int64)? = nil, tax: TaxRuleDetails?,
                          serviceFeeBasisPoints: Int64, fixedFeeMinor: Int64) throws -> TicketPrice {
        var price = priceMinor
        if let voucher {
            switch voucher.mode {
            case .none: break
            case .fixed: price = min(voucher.value, priceMinor)
            case .amountOff: price = max(0, priceMinor - voucher.value)
            case .percentOff: price = priceMinor - Money.roundHalfUp(try Money.multiply(priceMinor, voucher.value), by: 10_000)
            }
        }
        let fee = try Fees.perTicket(priceMinor: price, basisPoints: serviceFeeBasisPoints, fixedMinor: fixedFeeMinor)
        var taxMinor: Int64 = 0
        if let tax, tax.rateBasisPoints > 0 {
            taxMinor = tax.inclusive
                ? price - Money.roundHalfUp(try Money.multiply(price, 10_000), by: 10_000 + tax.rateBasisPoints)
                : Money.roundHalfUp(try Money.multiply(price, tax.rateBasisPoints), by: 10_000)
        }
        let unit = tax?.inclusive == false ? try Money.add(price, taxMinor) : price
        return TicketPrice(unitPriceMinor: unit, feeMinor: fee, taxMinor: taxMinor, discountMinor: priceMinor - price)
    }
}
