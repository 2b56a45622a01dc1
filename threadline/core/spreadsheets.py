"""Safe values for CSV and spreadsheet exports."""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """Neutralise spreadsheet formula injection (OWASP): a leading quote stops a cell that
    starts with =, +, -, @ or a control character from being run as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text
