"""The recruitment API: each area (sources, classes, cases, targets and progress) adds its router."""

from ninja import Router

router = Router(tags=["recruitment"])
