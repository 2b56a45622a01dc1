"""Services do writes (DESIGN §6): each public service is named <entity>_<verb>, takes
keyword-only arguments, and writes an audit row."""

import ast
import re

import pytest

from .source import called_name, parse, relative, service_modules

# Documented exceptions: a person's own unsaved typing is not a record (services/drafts.py),
# and audit_record is the audit log itself.
NOT_AUDITED = {"draft_save", "draft_discard", "audit_record"}
SERVICE_NAME = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)+$")


def public_functions(path):
    return [
        node
        for node in parse(path).body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and not node.name.startswith("_")
    ]


SERVICES = [(relative(path), function) for path in service_modules() for function in public_functions(path)]
IDS = [f"{path}::{function.name}" for path, function in SERVICES]


def calls_in(function) -> set[str]:
    return {called_name(node) for node in ast.walk(function) if isinstance(node, ast.Call)}


def audited_services() -> set[str]:
    """Services that call audit_record, or call (in the same module) a service that does."""
    by_module: dict[str, dict[str, set[str]]] = {}
    for path, function in SERVICES:
        by_module.setdefault(path, {})[function.name] = calls_in(function)
    audited: set[str] = set()
    for path, functions in by_module.items():
        done = {name for name, calls in functions.items() if "audit_record" in calls}
        changed = True
        while changed:
            more = {name for name, calls in functions.items() if calls & done} - done
            done |= more
            changed = bool(more)
        audited |= {f"{path}::{name}" for name in done}
    return audited


def test_the_scan_finds_the_core_services():
    names = {function.name for _, function in SERVICES}
    assert {"organisation_create", "person_create", "share_add", "system_administrator_bootstrap"} <= names
    assert NOT_AUDITED <= names, "a documented exception no longer exists: update NOT_AUDITED"


@pytest.mark.parametrize(("path", "function"), SERVICES, ids=IDS)
def test_every_service_is_named_entity_verb(path, function):
    assert SERVICE_NAME.match(function.name), (
        f"{path}:{function.lineno} {function.name} is not <entity>_<verb>"
    )


@pytest.mark.parametrize(("path", "function"), SERVICES, ids=IDS)
def test_every_service_takes_keyword_only_arguments(path, function):
    arguments = function.args
    positional = [a.arg for a in arguments.posonlyargs + arguments.args]
    assert not positional and arguments.vararg is None, (
        f"{path}:{function.lineno} {function.name} takes positional arguments {positional}: put * before them"
    )


@pytest.mark.parametrize(("path", "function"), SERVICES, ids=IDS)
def test_every_service_writes_an_audit_row(path, function):
    if function.name in NOT_AUDITED:
        return
    assert f"{path}::{function.name}" in audited_services(), (
        f"{path}:{function.lineno} {function.name} never calls audit_record"
    )
