"""domain/ is pure Python (DESIGN §6): no Django, no other layer, no clock."""

import ast

import pytest

from .source import domain_modules, parse, relative

FORBIDDEN_PACKAGES = {"django", "rest_framework", "allauth", "axes", "drf_spectacular", "django_tasks"}
# Layers a domain module may not reach, whether imported absolutely or relatively.
FORBIDDEN_LAYERS = {"models", "services", "selectors", "policies", "views", "forms", "tasks", "api"}
CLOCK_CALLS = {
    ("date", "today"),
    ("datetime", "now"),
    ("datetime", "today"),
    ("datetime", "utcnow"),
    ("timezone", "now"),
    ("time", "time"),
    ("timezone", "localdate"),
}

DOMAIN = [(relative(path), path) for path in domain_modules()]


def imported_modules(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, 0
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            yield node.lineno, base, node.level
            for alias in node.names:
                yield node.lineno, f"{base}.{alias.name}" if base else alias.name, node.level


def test_the_scan_finds_the_domain_modules():
    names = {name for name, _ in DOMAIN}
    assert "threadline/core/domain/working_days.py" in names
    assert "threadline/core/domain/deadlines.py" in names


@pytest.mark.parametrize(("name", "path"), DOMAIN, ids=[name for name, _ in DOMAIN])
def test_a_domain_module_imports_no_django_and_no_other_layer(name, path):
    problems = []
    for line, module, level in imported_modules(parse(path)):
        parts = module.split(".")
        if level == 0 and parts[0] in FORBIDDEN_PACKAGES:
            problems.append(f"{name}:{line} imports {module}")
        if (level == 0 and parts[0] == "threadline" or level >= 2) and FORBIDDEN_LAYERS & set(parts):
            problems.append(f"{name}:{line} imports {'.' * level}{module}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("name", "path"), DOMAIN, ids=[name for name, _ in DOMAIN])
def test_a_domain_module_does_not_read_the_clock(name, path):
    problems = []
    for node in ast.walk(parse(path)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            owner_name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", "")
            if (owner_name, node.func.attr) in CLOCK_CALLS:
                problems.append(f"{name}:{node.lineno} calls {ast.unparse(node.func)}()")
    assert not problems, "the caller passes `today` in:\n" + "\n".join(problems)
