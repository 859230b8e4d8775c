"""Reads of the document library and of draft resolutions with their comments."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from sotay.core.permissions import HANDBOOK_PUBLISH, can
from sotay.core.scoping import paths_q, scope_paths
from sotay.core.text import fold
from sotay.handbook.models import Comment, Document, Draft, reader
from sotay.organizations.models import Unit

PAGE_SIZE = 20


def library_units(actor) -> list[Unit]:
    """The units whose library the actor reads as a member (their cell and above) and the top units
    where they publish (their subtrees are reached by the `unit` filter)."""
    who = reader(actor)
    units = list(who.units) if who is not None else []
    paths = [path for path in scope_paths(actor, HANDBOOK_PUBLISH) if path]
    seen = {unit.pk for unit in units}
    for unit in Unit.objects.filter(path__in=paths).only("pk", "name", "kind", "path").order_by("path"):
        if unit.pk not in seen:
            units.append(unit)
    return units


@dataclass
class LibraryPage:
    documents: list[Document]
    page: int
    has_next: bool
    count: int


def search_q(query: str) -> Q:
    condition = Q()
    for word in fold(query).split()[:8]:
        condition &= Q(title_key__contains=word)
    return condition


def library_page(
    actor,
    *,
    unit: Unit | None = None,
    kind: str = "",
    year: int | None = None,
    query: str = "",
    page: int = 1,
    size: int = PAGE_SIZE,
) -> LibraryPage:
    """The documents the actor sees, newest issued first: of `unit` only when given (resolved in
    scope by the caller; for an officer, its subtree), of a type, a year, matching every word of
    `query` in number or title. Three queries."""
    rows = Document.objects.visible_to(actor).select_related("unit")
    if unit is not None:
        if can(actor, HANDBOOK_PUBLISH, unit):
            rows = rows.filter(unit__path__startswith=unit.path)
        else:
            rows = rows.filter(unit=unit)
    if kind:
        rows = rows.filter(kind=kind)
    if year:
        rows = rows.filter(year=year)
    if query.strip():
        rows = rows.filter(search_q(query))
    count = rows.count()
    start = (max(page, 1) - 1) * size
    documents = list(rows.prefetch_related("files").order_by("-issued_on", "-pk")[start : start + size + 1])
    return LibraryPage(documents[:size], max(page, 1), len(documents) > size, count)


def library_years(actor) -> list[int]:
    """The years of the documents the actor sees, newest first (the year filter's choices)."""
    return list(Document.objects.visible_to(actor).order_by("-year").values_list("year", flat=True).distinct()[:50])


def drafts_for(actor) -> QuerySet[Draft]:
    """The drafts the actor reads as a member or manages, newest first, with their own comment count."""
    member_id = getattr(actor, "member_id", None) or 0
    return (
        Draft.objects.visible_to(actor)
        .select_related("unit")
        .annotate(my_comments=Count("comments", filter=Q(comments__member_id=member_id)))
        .order_by("-published_at", "-pk")
    )


def managed_drafts(actor) -> QuerySet[Draft]:
    """The drafts of the units where the actor publishes, with their comment counts."""
    return (
        Draft.objects.visible_to(actor, HANDBOOK_PUBLISH)
        .filter(paths_q("unit__path", scope_paths(actor, HANDBOOK_PUBLISH)))
        .select_related("unit")
        .annotate(
            comment_count=Count("comments"),
            pending_count=Count("comments", filter=Q(comments__outcome="pending")),
        )
        .order_by("-published_at", "-pk")
    )


def draft_comments(actor, draft: Draft, *, mine_only: bool = False) -> list[Comment]:
    """The comments on `draft` the actor sees (their own; every one for a manager), oldest first,
    each with its versions and its member. Follow-ups come in the list with their `parent_id`."""
    rows = Comment.objects.visible_to(actor).filter(draft=draft)
    if mine_only:
        rows = rows.filter(member_id=getattr(actor, "member_id", None) or 0)
    return list(rows.select_related("member").prefetch_related(Prefetch("versions")).order_by("created_at", "pk"))


def threads(comments: list[Comment]) -> list[tuple[Comment, list[Comment]]]:
    """Top comments, each with the follow-ups under it (at any depth, in order)."""
    by_id = {c.pk: c for c in comments}

    def root(comment: Comment) -> int:
        while comment.parent_id and comment.parent_id in by_id:
            comment = by_id[comment.parent_id]
        return comment.pk

    grouped: dict[int, list[Comment]] = {}
    for comment in comments:
        grouped.setdefault(root(comment), []).append(comment)
    return [(by_id[key], rest[1:]) for key, rest in grouped.items()]
