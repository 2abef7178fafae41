"""Validity periods of the organisation's records: from a month to a month, both inclusive.

Departments, their aliases and the issuing body all change over an archive's years; each
record says when it held with ``from``/``to`` (``YYYY-MM``). A missing end is open: a record
without ``from`` has always held, one without ``to`` still holds.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from portal.text.months import Month


@dataclass(frozen=True)
class Period:
    """``start``/``end`` are ``YYYY-MM`` or empty (open); months compare as strings."""

    start: str = ""
    end: str = ""

    def contains(self, month: Optional[str]) -> bool:
        """Whether the record held in ``month``; with no month (no programme to ask about), always."""
        if not month:
            return True
        return (not self.start or self.start <= month) and (not self.end or month <= self.end)

    @property
    def ended(self) -> bool:
        return bool(self.end)

    def label(self) -> str:
        """``11/2019 – 12/2024``, ``từ 01/2025``, ``đến 12/2024`` or empty, as a reader reads it."""
        start, end = month_label(self.start), month_label(self.end)
        if start and end:
            return f"{start} – {end}"
        if start:
            return f"từ {start}"
        if end:
            return f"đến {end}"
        return ""


def month_label(month: str) -> str:
    """``2025-03`` → ``03/2025``; empty for an open end."""
    return Month(month).numeric_padded if month else ""
