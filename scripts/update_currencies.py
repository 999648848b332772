#!/usr/bin/env python3
"""Writes api/currencies.toml, the ISO 4217 currencies and their minor units, from the `iso4217`
package on PyPI, which ships the maintenance agency's own table (SIX, list one). Run it when ISO
publishes a new list, then `make generate`; the generator never needs the package.

Usage: pip install iso4217 && python3 scripts/update_currencies.py"""
import pathlib
import sys

try:
    import iso4217
except ImportError:
    sys.exit("update_currencies.py: needs the iso4217 package (pip install iso4217)")

ROOT = pathlib.Path(__file__).resolve().parent.parent

lines = [
    "# ISO 4217 currencies and their minor units (digits after the decimal point), from the",
    f"# maintenance agency's table as the `iso4217` package {iso4217.__version__} ships it. Written by",
    "# scripts/update_currencies.py; do not edit. Codes without a minor unit (gold, funds, XXX) are",
    "# left out: prices cannot be in them.",
    "",
    "[minor_units]",
]
for currency in sorted(iso4217.Currency, key=lambda c: c.code):
    if currency.exponent is not None:
        lines.append(f'{currency.code} = {currency.exponent}  # {currency.currency_name}')
(ROOT / "api/currencies.toml").write_text("\n".join(lines) + "\n")
print(f"api/currencies.toml: {sum(1 for c in iso4217.Currency if c.exponent is not None)} currencies")
