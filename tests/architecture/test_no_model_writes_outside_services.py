"""Views, API, forms, commands and tasks call services; none writes models directly
(DESIGN §6). A static scan of every module outside the services."""

import ast

import pytest
from django.apps import apps

from .source import PACKAGE, parse, python_files, relative

# Where writes belong, or where writing is the point of the file.
SKIPPED_DIRECTORIES = {"services", "migrations", "tests", "commands"}
SKIPPED_FILES = {"services.py", "testing.py", "demo.py"}

QUERYSET_WRITES = {
    "create",
    "get_or_create",
    "update_or_create",
    "bulk_create",
    "bulk_update",
    "update",
    "delete",
}
INSTANCE_WRITES = {"save", "delete"}
RELATED_MANAGER_WRITES = {"add", "set", "remove", "clear", "create"}
QUERYSET_METHODS = {
    "objects",
    "_default_manager",
    "filter",
    "exclude",
    "all",
    "select_related",
    "select_for_update",
}

# Each known write outside a service, with the reason it may stay (reported to the lead).
ALLOWED = {
    ("threadline/api/authentication.py", "ApiToken.objects.filter(pk=token.pk).update"): (
        "stamps last_used_at on every API call: bookkeeping, not a change a person makes; "
        "an audit row per request would drown the log"
    ),
    ("threadline/core/models/people.py", "user.save"): "UserManager.create_user, which services call",
}

# Modules whose whole job is writing on behalf of a service, with the reason. Only services
# and migrations may import them (checked below).
WRITE_HELPERS = {
    "threadline/frameworks/loader.py": (
        "installs framework fixtures for services.frameworks_load_builtin (audited, in its "
        "transaction) and for the data migration, which must pass historical models"
    ),
}


def related_manager_names() -> set[str]:
    """Attribute names that hold a related manager (m2m fields and reverse relations)."""
    names = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.many_to_many or field.one_to_many:
                accessor = field.get_accessor_name() if field.auto_created else field.name
                if accessor and not accessor.endswith("+"):
                    names.add(accessor)
    return names


def scanned_files():
    for path in python_files():
        parts = set(path.relative_to(PACKAGE).parts[:-1])
        if parts & SKIPPED_DIRECTORIES or path.name in SKIPPED_FILES:
            continue
        yield path


def chain_names(node) -> list[str]:
    """Attribute and call names along a receiver, e.g. Model.objects.filter(...) -> [filter, objects, Model]."""
    names = []
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Name):
            names.append(node.id)
            return names
        else:
            return names


def is_models_module(path) -> bool:
    return path.name == "models.py" or path.parent.name == "models"


def writes_in(path, managers: set[str]):
    for node in ast.walk(parse(path)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        method, receiver = node.func.attr, node.func.value
        receiver_chain = chain_names(receiver)
        if receiver_chain == ["super"] and is_models_module(path):
            continue  # a model's own save() or delete() calling through to Django's
        is_write = (
            (method in QUERYSET_WRITES and QUERYSET_METHODS & set(receiver_chain))
            or (method in INSTANCE_WRITES and not (QUERYSET_METHODS & set(receiver_chain)))
            or (
                method in RELATED_MANAGER_WRITES
                and isinstance(receiver, ast.Attribute)
                and receiver.attr in managers
            )
        )
        if is_write:
            yield node.lineno, ast.unparse(node.func)


def test_the_scan_would_see_a_write_in_a_view():
    source = (
        "def view(request):\n"
        "    Organisation.objects.create(name='x')\n"
        "    organisation.save()\n"
        "    Share.objects.filter(pk=1).delete()\n"
        "    organisation.member_organisations.add(other)\n"
        "    data.update(x=1)\n"
    )
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "views.py"
        path.write_text(source)
        found = [code for _, code in writes_in(path, {"member_organisations"})]
    assert found == [
        "Organisation.objects.create",
        "organisation.save",
        "Share.objects.filter(pk=1).delete",
        "organisation.member_organisations.add",
    ]


@pytest.mark.django_db(databases=[])
def test_no_module_outside_the_services_writes_models():
    managers = related_manager_names()
    found, seen_allowed = [], set()
    for path in scanned_files():
        if relative(path) in WRITE_HELPERS:
            continue
        for line, code in writes_in(path, managers):
            key = (relative(path), code)
            if key in ALLOWED:
                seen_allowed.add(key)
            else:
                found.append(f"{relative(path)}:{line}: {code}(...)")
    assert not found, "model writes outside services (call a service instead):\n" + "\n".join(found)
    assert seen_allowed == set(ALLOWED), f"allowlisted writes no longer exist: {set(ALLOWED) - seen_allowed}"


def absolute_imports(path):
    """Dotted names a module imports, relative imports resolved."""
    package = relative(path).removesuffix(".py").split("/")[:-1]
    for node in ast.walk(parse(path)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            yield module
            yield from (f"{module}.{alias.name}" for alias in node.names)


def test_write_helpers_are_used_only_by_services_and_migrations():
    helpers = {name.removesuffix(".py").replace("/", "."): name for name in WRITE_HELPERS}
    misuse = [
        f"{relative(path)} imports {helpers[name]}"
        for path in scanned_files()
        for name in absolute_imports(path)
        if name in helpers and relative(path) != helpers[name]
    ]
    assert not misuse, "only services and migrations may use a write helper:\n" + "\n".join(misuse)
    assert all((PACKAGE.parent / name).exists() for name in WRITE_HELPERS), "a write helper no longer exists"
