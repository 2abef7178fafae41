"""The one moment a download is dated by: from its content, never from the clock.

A .docx or .xlsx carries dates in its metadata (created, modified). Taken from the clock they would
make every build's files differ although nothing in them changed, so a build could neither be
compared with another nor skip a month that did not change. Every writer of a download asks here.
"""
from __future__ import annotations

import datetime as dt
from typing import Iterable, Optional

from portal.text.months import Month

# The zip format's first day: the date of a file with no month in it, when SOURCE_DATE_EPOCH is unset.
_NO_CONTENT_DATE = dt.datetime(1980, 1, 1)


def document_time(months: Iterable[str], source_date_epoch: Optional[int] = None) -> dt.datetime:
    """The first day of the newest month (``YYYY-MM``) a file holds, at midnight (naive, UTC).

    A file with no month in it (an empty table) is dated by ``source_date_epoch`` (the build's
    ``SOURCE_DATE_EPOCH``, read once into its options) when the build sets it, the reproducible-builds
    convention, else 1 January 1980. The content wins over the build's date, so that an unchanged
    month gives the same bytes whatever build made it."""
    newest = max(months, default="")
    if newest:
        return dt.datetime.combine(Month(newest).first_day, dt.time())
    if source_date_epoch is not None:
        return dt.datetime.fromtimestamp(source_date_epoch, dt.timezone.utc).replace(tzinfo=None)
    return _NO_CONTENT_DATE
