"""CSV downloads of the lists directors and billers work from.

A download stays inside the program (it is the staff member's own work list, not a release to anyone), so
it does not pass the Part 2 disclosure gate; it is audited as an export, one event per client in it, and the
file is never cached. Cells a spreadsheet would run as a formula are defused (OWASP, "CSV Injection").
"""

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse

from trellis.privacy import audit

# A leading =, +, - or @ (or a tab or carriage return before one) makes Excel and LibreOffice evaluate the cell.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_download(
    *,
    filename: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    actor: Any,
    client_ids: Iterable[Any],
    what: str,
) -> HttpResponse:
    """The rows as a CSV attachment named `filename` (which must carry no PHI), audited as an export."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    detail = f"{what} (CSV)"
    changes = [(client_id, None, detail) for client_id in dict.fromkeys(client_ids)]
    # An export with nobody in it is still on the trail: someone looked.
    audit.record_changes(actor=actor, action=audit.Action.EXPORT, changes=changes or [(None, None, detail)])
    # A byte-order mark so Excel reads the names' accents as UTF-8.
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
