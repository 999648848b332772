import ArgumentParser

extension CLI {
    /// Read-only commands besides info and tables, in --help order.
    static let inspectionCommands: [any ParsableCommand.Type] = [
        EventsCommand.self, InventoryCommand.self, OrdersCommand.self, OrderCommand.self, LedgerCommand.self, VouchersCommand.self, WaitlistCommand.self, SeatsCommand.self, TicketCommand.self, FeedCommand.self,
        DumpCommand.self, GetCommand.self,
    ]
}
