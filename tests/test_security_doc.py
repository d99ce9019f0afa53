"""docs/security.md maps each ONC criterion and ASVS chapter to code and tests; these keep the map true.

Every backticked `path` or `path::name` in the security documents must name a file that exists and, for
`::name`, a test function (`def test_...`) or a function, class or setting of that name in it. A test renamed,
moved or deleted then fails here instead of leaving the map pointing at nothing.
"""

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SECURITY = ROOT / "docs" / "security.md"
# docs/part2.md joins when the 42 CFR Part 2 work adds it.
DOCUMENTS = [SECURITY, ROOT / "docs" / "part2.md"]

# A whole backticked span that is a repository path, optionally followed by ::name parts and a pytest
# parameter id. Globs (`mfa*.py`) and anything else in backticks are not references.
REFERENCE = re.compile(
    r"`(?P<path>(?:config|docs|tests|trellis|bench)/[\w./-]+\.(?:py|js|html|md|css))"
    r"(?P<names>(?:::\w+)*)(?:\[[^\]`]*\])?`"
)
ONC_CRITERIA = [f"(d)({number})" for number in range(1, 14)]
ASVS_CHAPTERS = [f"V{number} " for number in range(1, 18)]


@dataclass(frozen=True)
class Reference:
    document: str
    path: str
    name: str  # "" for a bare path

    def __str__(self) -> str:
        return f"{self.document}: {self.path}" + (f"::{self.name}" if self.name else "")


def references_in(text: str, *, document: str) -> list[Reference]:
    found = []
    for match in REFERENCE.finditer(text):
        names = [part for part in match.group("names").split("::") if part]
        # `path::Class::test_method` names the method; the class is only where it lives.
        found.append(Reference(document, match.group("path"), names[-1] if names else ""))
    return found


def _defines(source: str, name: str) -> bool:
    if name.startswith("test_"):
        return re.search(rf"^\s*(?:async\s+)?def {name}\(", source, re.MULTILINE) is not None
    pattern = rf"^\s*(?:(?:async\s+)?def|class) {name}\b|^{name}\s*[:=]"
    return re.search(pattern, source, re.MULTILINE) is not None


def broken(references: list[Reference], *, root: Path) -> list[str]:
    """Each reference whose file is missing or does not define the name, with the reason."""
    problems = []
    for reference in references:
        target = root / reference.path
        if not target.is_file():
            problems.append(f"{reference}: no such file")
        elif reference.name and not _defines(target.read_text(), reference.name):
            problems.append(f"{reference}: {reference.path} defines no {reference.name}")
    return problems


def _all_references() -> list[Reference]:
    found = []
    for document in DOCUMENTS:
        if document.is_file():
            found += references_in(document.read_text(), document=document.name)
    return found


def test_every_file_test_and_name_in_the_security_docs_exists() -> None:
    assert broken(_all_references(), root=ROOT) == []


def test_the_security_doc_names_tests_for_its_criteria() -> None:
    tests = {ref for ref in _all_references() if ref.name.startswith("test_")}
    # Far fewer would mean the references stopped being recognized, and the check above proved nothing.
    assert len(tests) >= 80
    assert all(ref.path.startswith(("tests/", "trellis/")) and "/tests/" in f"/{ref.path}" for ref in tests)


def test_the_security_doc_has_a_row_for_every_criterion_and_chapter() -> None:
    # A row starts with the bold criterion, after a marker comment for work in progress.
    firsts = re.findall(r"^\|\s*(?:<!--[^>]*-->\s*)?\*\*([^*]+)\*\*", SECURITY.read_text(), re.MULTILINE)
    missing_onc = [c for c in ONC_CRITERIA if not any(first.startswith(c + " ") for first in firsts)]
    missing_asvs = [c for c in ASVS_CHAPTERS if not any(first.startswith(c) for first in firsts)]
    assert (missing_onc, missing_asvs) == ([], [])


def test_it_reports_a_test_that_was_renamed_and_a_file_that_moved(tmp_path: Path) -> None:
    # given a test file that defines one test, and a document naming it, a renamed test and a moved file
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text("def test_kept() -> None:\n    pass\n")
    text = (
        "`tests/test_x.py::test_kept` `tests/test_x.py::test_renamed[case]` "
        "`tests/test_gone.py::test_kept` `trellis/accounts/mfa*.py`"
    )
    # when the references are checked
    problems = broken(references_in(text, document="doc.md"), root=tmp_path)
    # then the renamed test and the moved file are named, the kept one and the glob are not
    assert problems == [
        "doc.md: tests/test_x.py::test_renamed: tests/test_x.py defines no test_renamed",
        "doc.md: tests/test_gone.py::test_kept: no such file",
    ]
