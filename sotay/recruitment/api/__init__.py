"""The recruitment API: each area (sources, classes, cases, targets and progress) adds its router."""

from ninja import Router

from sotay.recruitment.api.classes import router as classes_router

router = Router(tags=["recruitment"])
router.add_router("/classes", classes_router)
