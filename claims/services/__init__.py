"""Every multi-step write to ClaimCheck's data, as keyword-only functions inside a transaction.

The admin, the API, management commands and Celery tasks call these (`from claims import services`); none of
them repeats the rules. `verdicts.py` holds the editorial workflow, `links.py` the link checker's records.
"""

from claims.services.links import (
    LINK_FAILURE_BACKOFF_MAX,
    LINK_RECHECK_PUBLISHED,
    LINK_SWEEP_LEASE,
    link_failure_backoff,
    source_acknowledge_content_change,
    source_archive,
    source_check,
    source_is_public,
    source_record_archive,
    source_record_check,
    source_request_archive,
    source_reset_link_state,
    source_wants_archive,
    sources_claim_due_for_check,
    sources_due_for_check,
    sources_record_published_fingerprint,
)
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
    "LINK_FAILURE_BACKOFF_MAX",
    "LINK_RECHECK_PUBLISHED",
    "LINK_SWEEP_LEASE",
    "PUBLISH_PERMISSION",
    "correction_add",
    "link_failure_backoff",
    "source_acknowledge_content_change",
    "source_archive",
    "source_check",
    "source_is_public",
    "source_record_archive",
    "source_record_check",
    "source_request_archive",
    "source_reset_link_state",
    "source_wants_archive",
    "sources_claim_due_for_check",
    "sources_due_for_check",
    "sources_record_published_fingerprint",
    "user_can_publish",
    "verdict_publish",
    "verdict_require_editable",
    "verdict_submit_for_review",
    "verdict_unpublish",
    "verdict_validate_publishable",
]
