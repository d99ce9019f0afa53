"""Run the pyx12 validator over an X12 file and collect every error it reports, at any level."""

import io
import json
from pathlib import Path
from typing import Any

import pyx12.params
import pyx12.x12n_document


def collect_errors(node: Any, found: list[str]) -> list[str]:
    if isinstance(node, dict):
        for error in node.get("errors", []):
            found.append(f"{error.get('err_cde')}: {error.get('err_str')}")
        for value in node.values():
            if isinstance(value, list | dict):
                collect_errors(value, found)
    elif isinstance(node, list):
        for item in node:
            collect_errors(item, found)
    return found


def validation_errors(path: Path) -> list[str]:
    """Every error pyx12 finds in the file, plus one if it judged the file invalid without saying why."""
    report = io.StringIO()
    valid = pyx12.x12n_document.x12n_document(
        param=pyx12.params.params(), src_file=str(path), fd_997=None, fd_html=None, fd_json=report
    )
    errors = collect_errors(json.loads(report.getvalue()), [])
    if not valid and not errors:
        errors.append("pyx12 judged the file invalid")
    return errors
