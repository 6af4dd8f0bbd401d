"""The date the board is judged on (截至日期).

``--as-of YYYY-MM-DD`` when given, else the ``SOURCE_DATE_EPOCH`` environment variable
(the reproducible-builds convention: seconds since 1970, read as a UTC date), else today.
Two builds with the same input and the same as-of date are byte-identical.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from typing import Mapping


class AsOfError(ValueError):
    """An as-of date that cannot be read: carries the message code and its params."""

    def __init__(self, code: str, **params: str) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def as_of_date(written: str | None = None, environ: Mapping[str, str] | None = None) -> dt.date:
    if written is not None:
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", written):
                raise ValueError
            return dt.date.fromisoformat(written)
        except ValueError:
            raise AsOfError("invalid-as-of", found=written) from None
    epoch = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
        except (ValueError, OverflowError, OSError):
            raise AsOfError("invalid-source-date-epoch", found=epoch) from None
    return dt.date.today()
