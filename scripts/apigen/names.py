"""Spelling one name in each language's convention."""

import re

# Words written in capitals in Go (and as one word elsewhere), after Go's own convention.
GO_INITIALISMS = {"ok": "OK", "id": "ID", "ids": "IDs", "ttl": "TTL", "pid": "PID", "json": "JSON", "uuid": "UUID"}

SWIFT_KEYWORDS = {"public", "private", "operator", "internal", "default", "case", "in", "is", "as", "self", "func", "var", "let"}


def words(name: str) -> list:
    """"organization_id" and "organizationId" -> ["organization", "id"]."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name).replace("_", " ").replace("-", " ")
    return [w.lower() for w in spaced.split()]


def camel(name: str) -> str:
    """lowerCamelCase: "partially_refunded" -> "partiallyRefunded"."""
    head, *rest = words(name)
    return head + "".join(w.capitalize() for w in rest)


def pascal(name: str) -> str:
    return "".join(w.capitalize() for w in words(name))


def snake(name: str) -> str:
    return "_".join(words(name))


def upper_snake(name: str) -> str:
    return snake(name).upper()


def go_exported(name: str) -> str:
    """"customer_id" -> "CustomerID"."""
    return "".join(GO_INITIALISMS.get(w, w.capitalize()) for w in words(name))


def go_local(name: str) -> str:
    """"customer_id" -> "customerID"; "id" -> "id"."""
    first, *rest = words(name)
    return first + "".join(GO_INITIALISMS.get(w, w.capitalize()) for w in rest)


def swift_case(raw: str) -> str:
    """An enum case for a raw value, escaped when it is a keyword."""
    name = camel(raw)
    return f"`{name}`" if name in SWIFT_KEYWORDS else name
