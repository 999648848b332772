// A second process for the domain tests. Usage:
//   BoxOfficeTestHelper flash-sale PATH EVENT_ID TIER_ID[,TIER_ID...] ATTEMPTS
// makes ATTEMPTS hold+confirm attempts of 1 to 4 tickets on random tiers and prints
// "sold=N soldOut=M".
import BoxOffice
import Foundation

let args = CommandLine.arguments
guard args.count == 6, args[1] == "flash-sale", let eventId = UUID(uuidString: args[3]), let attempts = Int(args[5]) else {
    FileHandle.standardError.write(Data("usage: BoxOfficeTestHelper flash-sale PATH EVENT_ID TIER_IDS ATTEMPTS\n".utf8))
    exit(2)
}
let tiers = args[4].split(separator: ",").compactMap { UUID(uuidString: String($0)) }
do {
    let engine = try Engine(path: args[2])
    var sold = 0
    var soldOut = 0
    for _ in 0..<attempts {
        let tier = tiers.randomElement()!
        do {
            let hold = try engine.createHold(eventId: eventId, items: [.init(ticketTypeId: tier, quantity: Int64.random(in: 1...4))])
            _ = try engine.confirmHold(hold.id, paymentReference: "p")
            sold += Int(hold.ticketCount)
        } catch BoxOfficeError.soldOut {
            soldOut += 1
        }
    }
    print("sold=\(sold) soldOut=\(soldOut)")
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
