"""Cells for CSV files that people open in a spreadsheet."""

# A spreadsheet runs a cell starting with one of these as a formula: an address may (`+me@…`),
# and so may anything a person typed.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defuse(cell):
    """The cell as text that no spreadsheet runs; numbers stay numbers (−20 is not a formula)."""
    if isinstance(cell, int | float):
        return cell
    text = str(cell)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
