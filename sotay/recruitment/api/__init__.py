"""The recruitment API: each area (sources, classes, cases, targets and progress) adds its router."""

from ninja import Router

from sotay.recruitment.api.progress import router as progress_router

router = Router(tags=["recruitment"])
router.add_router("", progress_router)
