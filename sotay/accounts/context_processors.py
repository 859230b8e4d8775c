from sotay.accounts.roles import API_USE
from sotay.core.permissions import HANDBOOK_PUBLISH, MEMBERS_VIEW, RECRUITMENT_VIEW, UNITS_CHANGE, UNITS_VIEW
from sotay.core.scoping import scope_paths


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    return {
        "perms_nav": {
            "units": bool(scope_paths(user, UNITS_VIEW)),
            "members": bool(scope_paths(user, MEMBERS_VIEW)),
            "recruitment": bool(scope_paths(user, RECRUITMENT_VIEW)),
            "handbook": bool(scope_paths(user, HANDBOOK_PUBLISH)),
            "api": bool(scope_paths(user, API_USE)),
            "rollout": bool(scope_paths(user, UNITS_CHANGE)),
        }
    }
