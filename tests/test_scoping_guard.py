"""No module that serves a user reads unit-scoped data except from the actor's scope.

The guarded models are derived, not listed: every model whose queryset is a `ScopedQuerySet`, and
every model with a foreign key to one of them (events, counts, role rows), which is reached only
through a parent object the caller already resolved in scope. A new model or a new module is
checked without anyone remembering to add it here.
"""

import ast
from pathlib import Path

import pytest
from django.apps import apps

from sotay.core.scoping import ScopedQuerySet

SERVING_NAMES = ("views", "api", "selectors", "reports", "tasks", "access")
MANAGERS = ("objects", "_default_manager", "_base_manager")

# Reviewed reads that start elsewhere than `visible_to`, each with the reason it is in scope. An
# entry that no longer matches anything fails too, so the list only shrinks.
REVIEWED = {
    "sotay/handbook/selectors_library.py::library_units": "the top units where the actor publishes, from scope_paths()",
    "sotay/organizations/selectors.py::top_units": "the top units of the scope, read from scope_paths()",
    "sotay/members/selectors.py::_counted_units": "the top units of the scope, read from scope_paths()",
    "sotay/members/selectors.py::_scoped": "in_subtree only for a unit that _inside_scope() found in the scope",
    "sotay/members/selectors.py::own_units": "the signed-in member's own cell and its ancestors, from their record",
    "sotay/members/selectors.py::on_rolls_on": "counts for units the caller resolved in scope (default targets)",
    "sotay/recruitment/selectors/progress.py::report_children": "the children of a report unit resolved in scope",
    "sotay/recruitment/selectors/progress.py::_add_new_organizations": "units under a report unit resolved in scope",
    "sotay/recruitment/selectors/sources.py::special_area_unit": "the ancestors of a source resolved in scope",
    "sotay/handbook/selectors_meetings.py::meeting_report": "the cells under a report unit resolved in scope",
    "sotay/accounts/selectors.py::usable_codes": "codes of the members of a cell resolved in scope (cell_members)",
    "sotay/recruitment/selectors/sources.py::helper_choices": "members under the unit of a source resolved in scope",
}


def sotay_models():
    return [model for model in apps.get_models() if model.__module__.startswith("sotay.")]


def scoped_models() -> set:
    return {
        model
        for model in sotay_models()
        if any(isinstance(manager.get_queryset(), ScopedQuerySet) for manager in model._meta.managers)
    }


def parent_keys(model, scoped: set) -> set[str]:
    """The foreign keys of `model` that lead to a scoped model."""
    return {
        field.name
        for field in model._meta.get_fields()
        if field.concrete and (field.many_to_one or field.one_to_one) and field.related_model in scoped
    }


def guarded_models() -> dict[str, tuple[object, set[str]]]:
    """Model name → (model, its keys to a scoped parent), for scoped models and their children.

    A scoped model that belongs to another (a class's enrolments) may also be read from its
    parent, once that parent was resolved in scope.
    """
    scoped = scoped_models()
    guarded = {}
    for model in sotay_models():
        keys = parent_keys(model, scoped)
        if model in scoped or keys:
            # Two apps may name a model alike (a class's Attendance, a meeting's): the source is
            # read by name, so a read from either one's parent is allowed.
            _other, other_keys = guarded.get(model.__name__, (None, set()))
            guarded[model.__name__] = (model, keys | other_keys)
    return guarded


def serving_modules() -> list[Path]:
    """Views, API, selectors, reports, tasks and access modules, alone or as packages of that name."""
    return sorted(
        path
        for path in Path("sotay").rglob("*.py")
        if "migrations" not in path.parts
        and any(part.startswith(SERVING_NAMES) for part in path.relative_to("sotay").with_suffix("").parts)
    )


def _under_a_scope_check(node, parents) -> bool:
    """Inside the body of an `if` whose condition asks scope_paths() (the unit is in the scope)."""
    child, parent = node, parents.get(node)
    while parent is not None:
        if isinstance(parent, ast.If) and child in parent.body:
            calls = [n for n in ast.walk(parent.test) if isinstance(n, ast.Call)]
            if any(getattr(call.func, "id", None) == "scope_paths" for call in calls):
                return True
        child, parent = parent, parents.get(parent)
    return False


def _starts_from_parent(call, keys: set[str]) -> bool:
    """`.filter(<key to a scoped parent>=...)`: the parent object was resolved in scope first."""
    return any(keyword.arg and keyword.arg.split("__")[0].removesuffix("_id") in keys for keyword in call.keywords)


def violations(path: Path, guarded) -> list[tuple[str, str]]:
    """(function, description) of every read of a guarded model that does not start from the scope."""
    tree = ast.parse(path.read_text())
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    scoped = scoped_models()
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Attribute) and node.attr in MANAGERS and isinstance(node.value, ast.Name)):
            continue
        if node.value.id not in guarded:
            continue
        model, keys = guarded[node.value.id]
        method_node = parents.get(node)
        method = method_node.attr if isinstance(method_node, ast.Attribute) else None
        call = parents.get(method_node)
        from_parent = method == "filter" and isinstance(call, ast.Call) and _starts_from_parent(call, keys)
        from_scope = model in scoped and (
            method == "visible_to" or (method == "in_subtree" and _under_a_scope_check(node, parents))
        )
        allowed = from_parent or from_scope
        if not allowed:
            function = next(
                (p.name for p in _ancestors(node, parents) if isinstance(p, ast.FunctionDef | ast.AsyncFunctionDef)),
                "<module>",
            )
            found.append((f"{path}::{function}", f"{path}:{node.lineno} {node.value.id}.{node.attr}.{method}"))
    return found


def _ancestors(node, parents):
    while node in parents:
        node = parents[node]
        yield node


def test_the_guarded_models_are_derived_from_the_scoped_querysets():
    guarded = guarded_models()
    assert {"Unit", "Member"} <= {name for name, (model, _keys) in guarded.items() if model in scoped_models()}
    assert {"MemberStatusEvent", "MemberUnitEvent", "UnitEvent", "RoleAssignment"} <= set(guarded)


def test_every_kind_of_serving_module_is_scanned():
    names = {str(path) for path in serving_modules()}
    assert {"sotay/members/views.py", "sotay/members/api.py", "sotay/members/selectors.py"} <= names
    assert {"sotay/organizations/access.py", "sotay/api/auth.py"} <= names
    assert not any("migrations" in name or name.endswith("services.py") for name in names)


def test_serving_modules_read_scoped_data_only_from_the_scope():
    guarded = guarded_models()
    found = [item for path in serving_modules() for item in violations(path, guarded)]
    unreviewed = [where for function, where in found if function not in REVIEWED]
    assert unreviewed == [], "start from Model.objects.visible_to(actor), or from a parent already in scope"
    stale = set(REVIEWED) - {function for function, _where in found}
    assert stale == set(), "these reviewed exceptions no longer exist: remove them"


@pytest.mark.parametrize(
    ("source", "flagged"),
    [
        ("def f(a):\n    return Member.objects.visible_to(a)", False),
        ("def f(a):\n    return Member.objects.filter(pk=1)", True),
        ("def f(a):\n    return Member.objects.all()", True),
        ("def f(a, u):\n    return Member.objects.in_subtree(u)", True),
        ("def f(a, u):\n    if u.path in scope_paths(a, 'x'):\n        return Member.objects.in_subtree(u)", False),
        ("def f(m):\n    return MemberStatusEvent.objects.filter(member=m)", False),
        ("def f(m):\n    return MemberStatusEvent.objects.filter(member_id__in=m)", False),
        ("def f(m):\n    return MemberStatusEvent.objects.filter(reason=m)", True),
        ("def f():\n    return Unit._default_manager.get(pk=1)", True),
    ],
)
def test_the_rule_itself(tmp_path, source, flagged):
    module = tmp_path / "views.py"
    module.write_text(source)
    assert bool(violations(module, guarded_models())) == flagged
