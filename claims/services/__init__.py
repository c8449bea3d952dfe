"""Every multi-step write to ClaimCheck's data, as keyword-only functions inside a transaction.

The admin, the API, management commands and Celery tasks call these (`from claims import services`); none of
them repeats the rules. `verdicts.py` holds the editorial workflow. The link checker's services are in
claims/linkcheck/services.py (import that module: nothing of it is re-exported here).
"""

from claims.services.verdicts import (
    CLAIM_FIELDS_READERS_SEE,
    INITIAL_STATUS,
    PUBLISH_PERMISSION,
    TRANSITIONS,
    VERDICT_FIELDS_READERS_SEE,
    Step,
    Transition,
    citation_edit_check,
    citation_edit_record,
    correction_add,
    internal_note_add,
    published_edit_apply,
    published_edit_check,
    published_edit_record,
    published_verdict_of,
    reviews_waiting_for,
    step_to,
    steps_available,
    user_can_publish,
    verdict_publish,
    verdict_require_editable,
    verdict_return_to_editor,
    verdict_submit_for_review,
    verdict_take_step,
    verdict_unpublish,
    verdict_validate_publishable,
)

__all__ = [
    "CLAIM_FIELDS_READERS_SEE",
    "INITIAL_STATUS",
    "PUBLISH_PERMISSION",
    "TRANSITIONS",
    "VERDICT_FIELDS_READERS_SEE",
    "Step",
    "Transition",
    "citation_edit_check",
    "citation_edit_record",
    "correction_add",
    "internal_note_add",
    "published_edit_apply",
    "published_edit_check",
    "published_edit_record",
    "published_verdict_of",
    "reviews_waiting_for",
    "step_to",
    "steps_available",
    "user_can_publish",
    "verdict_publish",
    "verdict_require_editable",
    "verdict_return_to_editor",
    "verdict_submit_for_review",
    "verdict_take_step",
    "verdict_unpublish",
    "verdict_validate_publishable",
]
