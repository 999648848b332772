// A second process for the domain tests. Usage:
//   BoxOfficeTestHelper flash-sale PATH EVENT_ID TIER_ID[,TIER_ID...] ATTEMPTS
// makes ATTEMPTS hold+confirm attempts of 1 to 4 tickets on random tiers and prints
// "sold=N soldOut=M".
//   BoxOfficeTestHelper voucher PATH EVENT_ID TIER_ID CODE ATTEMPTS
// makes ATTEMPTS holds of one ticket with the voucher CODE and prints "used=N rejected=M".
import BoxOffice
import Foundation

let args = CommandLine.arguments
// BoxOfficeTestHelper claim PATH N NOW_MS: at the time NOW_MS, claims N outbox messages with a
// 1 s lease, prints "claimed=N", then waits to be killed without acknowledging them.
if args.count == 5, args[1] == "claim", let count = Int(args[3]), let now = Int64(args[4]) {
    do {
        let engine = try Engine(path: args[2])
        try engine.setClock(fixedAt: now)
        let claimed = try engine.claimOutbox(limit: count, leaseMillis: 1_000)
        FileHandle.standardOutput.write(Data("claimed=\(claimed.count)\n".utf8))
        while true { sleep(60) }
    } catch {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        exit(1)
    }
}
// BoxOfficeTestHelper waitlist PATH EVENT_ID TIER_ID PREFIX N NOW_MS: at the time NOW_MS, joins
// the waitlist N times as PREFIX-i@example.org, declining every third offer it gets at once and
// leaving every fifth entry; prints "joined=N offered=M".
if args.count == 8, args[1] == "waitlist", let eventId = UUID(uuidString: args[3]), let tier = UUID(uuidString: args[4]),
   let count = Int(args[6]), let now = Int64(args[7]) {
    do {
        let engine = try Engine(path: args[2])
        try engine.setClock(fixedAt: now)
        var (joined, offered) = (0, 0)
        for i in 0..<count {
            let place = try engine.joinWaitlist(eventId: eventId, ticketTypeId: tier, quantity: Int64(1 + i % 2), email: "\(args[5])-\(i)@example.org")
            joined += 1
            if place.entry.status == .offered {
                offered += 1
                if i % 3 == 0 { _ = try engine.declineWaitlistOffer(place.entry.id) }
            } else if i % 5 == 0 {
                _ = try engine.leaveWaitlist(place.entry.id)
            }
        }
        print("joined=\(joined) offered=\(offered)")
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        exit(1)
    }
}
if args.count == 7, args[1] == "voucher", let eventId = UUID(uuidString: args[3]), let tier = UUID(uuidString: args[4]),
   let attempts = Int(args[6]) {
    do {
        let engine = try Engine(path: args[2])
        var used = 0
        var rejected = 0
        for _ in 0..<attempts {
            do {
                _ = try engine.createHold(eventId: eventId, items: [.init(ticketTypeId: tier, quantity: 1)], voucherCode: args[5])
                used += 1
            } catch BoxOfficeError.voucherRejected {
                rejected += 1
            }
        }
        print("used=\(used) rejected=\(rejected)")
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        exit(1)
    }
}
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
