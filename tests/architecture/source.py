"""Reading the project's Python source for the static architecture checks."""

import ast
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "threadline"


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@cache
def parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(), filename=str(path))


def python_files() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def service_modules() -> list[Path]:
    """threadline/<app>/services.py and threadline/<app>/services/*.py."""
    return [
        path
        for path in python_files()
        if path.name == "services.py" or path.parent.name == "services"
        if "tests" not in path.parts
    ]


def domain_modules() -> list[Path]:
    return [path for path in python_files() if "domain" in path.relative_to(PACKAGE).parts[:-1]]


def called_name(call: ast.Call) -> str:
    """`audit_record` for both audit_record(...) and services.audit_record(...)."""
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""
