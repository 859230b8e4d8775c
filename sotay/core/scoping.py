"""The one way to read unit-scoped data: `Model.objects.visible_to(user)`.

A role assignment on a unit covers the unit's whole subtree, so a user's scope is a set of
materialized-path prefixes. Anonymous users and users without assignments get an empty scope,
never "everything"; superusers get the explicit prefix "" (every path).

Which roles carry a permission is the accounts app's business: it registers, when Django starts,
the function that lists, for every permission, the unit paths where a user holds it
(`register_grants`), so this module knows no roles and imports no app. It is called once per
user object (one query), and its answer kept on the user until `forget_scope`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Self

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser, AnonymousUser

    User = AbstractUser | AnonymousUser

EVERYTHING = ""

Grants = Callable[["User"], Mapping[str, Iterable[str]]]
_registered: list[Grants] = []


def register_grants(grants: Grants) -> None:
    """Set the function user → {permission: paths of the units where the user holds it}, with
    every known permission as a key."""
    _registered[:] = [grants]


def _grants(user: User) -> Mapping[str, Iterable[str]]:
    if not _registered:  # fail closed rather than guess
        raise ImproperlyConfigured("No app registered where users hold permissions (sotay.accounts is not installed).")
    return _registered[0](user)


def _minimal(paths: Iterable[str]) -> tuple[str, ...]:
    """The paths without those nested under another."""
    minimal: list[str] = []
    for path in sorted(paths):
        if not any(path.startswith(kept) for kept in minimal):
            minimal.append(path)
    return tuple(minimal)


def scope_paths(user: User | None, permission: str) -> tuple[str, ...]:
    """Path prefixes of the subtrees where `user` holds `permission`, without redundant nesting."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ()
    if user.is_superuser:
        return (EVERYTHING,)
    if "_scope_paths" not in user.__dict__:
        user.__dict__["_scope_paths"] = {name: _minimal(paths) for name, paths in _grants(user).items()}
    cache = user.__dict__["_scope_paths"]
    if permission not in cache:
        raise ValueError(f"unknown permission {permission!r}")
    return cache[permission]


def forget_scope(user: User) -> None:
    """Drop the per-request cache after the user's assignments change."""
    user.__dict__.pop("_scope_paths", None)


def paths_q(field: str, paths: tuple[str, ...]) -> Q:
    """`field` starts with any of `paths`; an empty tuple matches nothing."""
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{field}__startswith": path})
    return condition


class ScopedQuerySet(models.QuerySet):
    """Base for every unit-scoped model's queryset."""

    scope_path_field: str = "unit__path"
    view_permission: str = ""
    # Set (to the foreign key naming the row's unit) where the scope reads better as "the unit is
    # one of the scope's units" than as a join on the unit path (sotay.core.lookups).
    scope_unit_field: str = ""

    def units_q(self, paths: tuple[str, ...]) -> Q:
        """The rows of the subtrees at `paths`."""
        if not self.scope_unit_field:
            return paths_q(self.scope_path_field, paths)
        units = self.model._meta.get_field(self.scope_unit_field).related_model
        assert units is not None  # a foreign key always names its model
        scope_units = units._base_manager.filter(paths_q("path", paths)).values("pk")
        return Q(**{f"{self.scope_unit_field}__in_ids": scope_units})

    def own_records_q(self, user: User) -> Q:
        """Records a user sees because they are theirs, whatever their roles."""
        return Q(pk__in=[])

    def visible_to(self, user: User | None, permission: str | None = None) -> Self:
        paths = scope_paths(user, permission or self.view_permission)
        if EVERYTHING in paths:
            # No condition at all: a `LIKE '%'` on the unit path would still join every row to its unit.
            return self.all()
        condition = self.units_q(paths)
        if user is not None and user.is_authenticated:
            condition |= self.own_records_q(user)
        return self.filter(condition)
