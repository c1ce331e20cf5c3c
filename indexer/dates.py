"""Normalise the dates news archives write into ISO 8601."""

from __future__ import annotations

import re
from datetime import datetime
from email.utils import parsedate_to_datetime

_FORMATS: tuple[str, ...] = (
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%d %B %Y",
    "%d %b %Y",
    "%B %d %Y",
    "%b %d %Y",
    "%A %d %B %Y",
    "%a %d %b %Y",
    "%A %B %d %Y",
    "%a %b %d %Y",
    "%d-%b-%Y %H:%M:%S",
    "%d-%b-%Y",
    "%d.%m.%Y",
    "%B %Y",
)
_PREFIX = re.compile(r"^(?:published|updated|posted|date|last\s+updated)\s*(?:on)?\s*:?\s*", re.I)
# Fractions of a second, and the desk codes wires append to them ("15:01:01.79RM").
_FRACTION = re.compile(r"(\d{2}:\d{2}:\d{2})\.\d+[A-Za-z]{0,3}\b")


# Week days and month names: in a byline or before a quote, never a person's name.
CALENDAR_WORDS = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1
    )
}
# "26-FEB-1987 15:01:01.79": the wire form, read without strptime's format hunt
_WIRE = re.compile(r"^(\d{1,2})-([A-Za-z]{3})-(\d{4})(?:\s+(\d{1,2}):(\d{2}):(\d{2}))?")


def parse_date(text: str) -> str | None:
    """ISO 8601 for a date written in one of the common news forms, else None.

    A date with a time keeps the time; a bare date stays a date. Nothing is
    guessed: unparseable text gives None, never today's date.
    """
    cleaned = _PREFIX.sub("", text.strip())
    if not cleaned or len(cleaned) > 60 or not re.search(r"\d", cleaned):
        return None
    iso = _parse_iso(cleaned)
    if iso:
        return iso
    wire = _parse_wire(cleaned)
    if wire:
        return wire
    simple = _FRACTION.sub(r"\1", cleaned.replace(",", " "))
    simple = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", " ".join(simple.split()))
    for fmt in _FORMATS:
        try:
            parsed = datetime.strptime(simple, fmt)
        except ValueError:
            continue
        return parsed.isoformat() if "%H" in fmt else parsed.date().isoformat()
    try:
        return parsedate_to_datetime(cleaned).isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def _parse_wire(text: str) -> str | None:
    match = _WIRE.match(text)
    month = _MONTHS.get(match[2].lower()) if match else None
    if not match or not month:
        return None
    try:
        if match[4] is None:
            return datetime(int(match[3]), month, int(match[1])).date().isoformat()
        return datetime(
            int(match[3]), month, int(match[1]), int(match[4]), int(match[5]), int(match[6])
        ).isoformat()
    except ValueError:
        return None


def _parse_iso(text: str) -> str | None:
    candidate = text.replace("Z", "+00:00") if text.endswith("Z") else text
    try:
        parsed = datetime.fromisoformat(candidate)
    except ValueError:
        return None
    if len(text) <= 10:
        return parsed.date().isoformat()
    return parsed.isoformat()
