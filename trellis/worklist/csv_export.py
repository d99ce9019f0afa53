"""The worklist as CSV rows, guarded against spreadsheet formula injection (OWASP "CSV Injection")."""

import csv
import io
from collections.abc import Iterable

from trellis.core.csv_export import safe_cell as _cell
from trellis.worklist.items import StaffGroup

HEADER = ("Responsible", "What is owed", "Client", "Detail", "Due", "Overdue")


def worklist_csv(groups: Iterable[StaffGroup]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for group in groups:
        for item in group.items:
            writer.writerow(
                [
                    _cell(group.staff.name),
                    item.kind.label,
                    _cell(item.client_name),
                    _cell(item.what),
                    item.due_on.isoformat() if item.due_on else "",
                    "yes" if item.overdue else "",
                ]
            )
    return out.getvalue()
