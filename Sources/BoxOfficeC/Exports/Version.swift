import CBoxOfficeTypes

/// Returns BOXOFFICE_VERSION_NUMBER of the library actually loaded
/// (MAJOR * 1000000 + MINOR * 1000 + PATCH). Compare it with the header's macro to detect a
/// library older than the header a program was built with.
@c(bo_version_number)
public func boVersionNumber() -> Int32 { Int32(BOXOFFICE_VERSION_NUMBER) }
