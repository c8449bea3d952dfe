"""Every multi-step write to ClaimCheck's data, as keyword-only functions inside a transaction.

The admin, the API, management commands and Celery tasks call these (`from claims import services`); none of
them repeats the rules. `verdicts.py` holds the editorial workflow. The link checker's services are in
claims/linkcheck/services.py (import that module: nothing of it is re-exported here).
"""

from claims.services.verdicts import (
    PUBLISH_PERMISSION,
    correction_add,
    user_can_publish,
    verdict_publish,
    verdict_require_editable,
    verdict_submit_for_review,
    verdict_unpublish,
    verdict_validate_publishable,
)

__all__ = [
    "PUBLISH_PERMISSION",
    "correction_add",
    "user_can_publish",
    "verdict_publish",
    "verdict_require_editable",
    "verdict_submit_for_review",
    "verdict_unpublish",
    "verdict_validate_publishable",
]
