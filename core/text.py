"""Texts written by people, made safe for the formats they are copied into: calendars,
feeds, JSON-LD, email headers and CSV cells. Control characters are refused by XML 1.0
and RFC 5545, and a line break ends an iCalendar property or an email header."""

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def clean_text(text) -> str:
    """``text`` without control characters, its line breaks as ``\\n``."""
    if text is None:
        return ""
    return _CONTROL.sub("", str(text).replace("\r\n", "\n").replace("\r", "\n"))


def one_line(text) -> str:
    """``text`` on one line: every run of white space and control characters (line
    breaks included) one space."""
    if text is None:
        return ""
    return " ".join(_CONTROL.sub(" ", str(text)).split())
