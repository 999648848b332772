import BoxOffice
import Testing

/// ISO 4217 minor units (api/currencies.toml) decide how money is written and which currencies
/// an organization may use.
@Suite struct CurrencyTests {
    @Test func minorUnitsComeFromISO4217() {
        #expect(Currency.minorUnits("EUR") == 2 && Currency.minorUnits("JPY") == 0)
        #expect(Currency.minorUnits("BHD") == 3 && Currency.minorUnits("CLF") == 4)
        #expect(Currency.minorUnits("XAU") == nil && Currency.minorUnits("XXX") == nil)  // no minor unit
        #expect(Currency.minorUnits("EURO") == nil && Currency.minorUnits("eur") == nil && Currency.minorUnits("") == nil)
    }

    @Test func moneyIsWrittenInTheCurrencysOwnDigits() {
        #expect(Currency.format(2_500, "EUR") == "25.00 EUR")
        #expect(Currency.format(5, "EUR") == "0.05 EUR")
        #expect(Currency.format(-50, "EUR") == "-0.50 EUR")
        #expect(Currency.format(1_500, "JPY") == "1500 JPY")
        #expect(Currency.format(-1_250, "BHD") == "-1.250 BHD")
        #expect(Currency.format(Int64.min, "EUR") == "-92233720368547758.08 EUR")
        #expect(Currency.format(100, "ZZZ") == "1.00 ZZZ")  // unknown: 2 digits
    }

    @Test func anOrganizationMustUseACurrencyWithAMinorUnit() throws {
        let t = try TestEngine()
        let yen = try t.engine.createOrganization(OrganizationDetails(name: "Tokyo", slug: "tokyo", email: "t@t.test", currency: "JPY"))
        #expect(yen.details.currency == "JPY")
        for code in ["XAU", "XXX", "ABC", "eur"] {
            #expect(throws: BoxOfficeError.invalidArgument("currency '\(code)' is not an ISO 4217 currency with a minor unit, like EUR or JPY")) {
                try t.engine.createOrganization(OrganizationDetails(name: "X", slug: "x", email: "x@x.test", currency: code))
            }
        }
    }
}
