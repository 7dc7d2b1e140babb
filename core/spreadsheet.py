"""CSV for spreadsheet users: a byte-order mark so Excel reads UTF-8, and cells that a
spreadsheet would run as a formula neutralised."""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def csv_safe(value) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas: quote them."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text
