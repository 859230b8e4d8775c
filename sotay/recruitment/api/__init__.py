"""The recruitment API: each area (sources, classes, cases, targets and progress) adds its router."""

from ninja import Router

from sotay.recruitment.api.cases import router as cases_router
from sotay.recruitment.api.classes import router as classes_router
from sotay.recruitment.api.documents import router as documents_router
from sotay.recruitment.api.progress import router as progress_router
from sotay.recruitment.api.sources import router as sources_router

router = Router(tags=["recruitment"])
router.add_router("/cases", cases_router)
router.add_router("", documents_router)
router.add_router("/classes", classes_router)
router.add_router("", progress_router)
router.add_router("/sources", sources_router)
