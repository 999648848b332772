import BoxOfficeStore

/// A record whose editable fields are one `Details` value, replaced whole by an update.
protocol EditableRecord: Record {
    associatedtype Details
    var details: Details { get set }
    var updatedAt: Int64 { get set }
}

extension Organization: EditableRecord {}
extension User: EditableRecord {}
extension Customer: EditableRecord {}
extension Event: EditableRecord {}
extension TicketType: EditableRecord {}
