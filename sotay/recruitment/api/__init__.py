"""The recruitment API: each area (sources, classes, cases, targets and progress) adds its router."""

from ninja import Router

from sotay.recruitment.api.sources import router as sources_router

router = Router(tags=["recruitment"])
router.add_router("/sources", sources_router)
