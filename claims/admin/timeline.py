"""One timeline per claim for the desk: claim, verdict, citations, corrections and internal notes, newest first.

Every event names who did it; a write with no user (a link check, the importer, a management command) shows as
"System", never as a missing user. Long texts are compared word by word with difflib (the standard library's
sequence matcher: no dependency needed for a word diff) and shown whole, never cut to "[597 chars]".
The page costs a fixed number of queries, however long the history.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import models
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from claims.models import Claim, Claimant, ClaimSource, Correction, InternalNote, Rating, Source, Verdict

# Bookkeeping that changes with every save and says nothing to a reviewer.
IGNORED_FIELDS = {"id", "created_at", "updated_at", "search_document", "claim"}
TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class FieldChange:
    label: str
    diff: SafeString


@dataclass
class TimelineEvent:
    when: datetime
    who: str
    is_system: bool
    subject: str
    action: str
    changes: list[FieldChange] = field(default_factory=list)
    text: str = ""


def word_diff(old: str, new: str) -> SafeString:
    """`old` → `new` as HTML, removed words in <del>, added words in <ins>, everything escaped and whole."""
    a, b = TOKENS.findall(old or ""), TOKENS.findall(new or "")
    parts: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape("".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            parts.append(format_html("<del>{}</del>", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            parts.append(format_html("<ins>{}</ins>", "".join(b[j1:j2])))
    return mark_safe("".join(parts))  # noqa: S308 (every piece above is escaped)


def _who(record) -> tuple[str, bool]:
    user = getattr(record, "history_user", None)
    if user is None:
        return _("System"), True
    return user.get_username(), False


def _display(model: type[models.Model], name: str, value, labels: dict) -> str:
    if value is None:
        return ""
    if name in labels:
        return labels[name].get(value, f"#{value}")
    choices = dict(model._meta.get_field(name).flatchoices)
    return str(choices.get(value, value))


def _history_events(records: list, model: type[models.Model], subject, labels: dict) -> list[TimelineEvent]:
    """Events from one model's history rows (oldest first per object), each compared with the row before it."""
    fields = [f for f in model._meta.concrete_fields if f.name not in IGNORED_FIELDS]
    previous: dict[int, object] = {}
    events = []
    actions = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        before = previous.get(record.id)
        changes = []
        for f in fields:
            new = _display(model, f.name, getattr(record, f.attname), labels)
            if record.history_type == "-":
                continue
            if before is None:  # the first version: its values, not a diff against nothing
                if new:
                    changes.append(FieldChange(str(f.verbose_name), escape(new)))
                continue
            old = _display(model, f.name, getattr(before, f.attname), labels)
            if new != old:
                changes.append(FieldChange(str(f.verbose_name), word_diff(old, new)))
        previous[record.id] = record
        if before is not None and record.history_type == "~" and not changes and not record.history_change_reason:
            continue  # a save that changed nothing a reviewer reads
        who, is_system = _who(record)
        action = record.history_change_reason or actions[record.history_type]
        if before is None and record.history_type == "~":
            action = _("first recorded version")
        events.append(TimelineEvent(record.history_date, who, is_system, subject(record), str(action), changes))
    return events


def claim_timeline(claim: Claim) -> list[TimelineEvent]:
    """Everything that happened to `claim` and what hangs off it, newest first."""
    verdict = Verdict.objects.filter(claim=claim).first()
    claim_rows = list(claim.history.select_related("history_user"))
    verdict_rows = list(Verdict.history.filter(claim_id=claim.pk).select_related("history_user"))
    citation_rows = list(ClaimSource.history.filter(claim_id=claim.pk).select_related("history_user"))
    sources = dict(Source.objects.filter(pk__in={r.source_id for r in citation_rows}).values_list("pk", "title"))
    ratings = dict(Rating.objects.values_list("pk", "label"))
    people = {r.author_id for r in verdict_rows} | {r.reviewer_id for r in verdict_rows}
    User = get_user_model()
    users = dict(User.objects.filter(pk__in=people - {None}).values_list("pk", User.USERNAME_FIELD))

    events = _history_events(claim_rows, Claim, lambda r: _("Claim"), {"claimant": _claimant_names(claim_rows)})
    events += _history_events(
        verdict_rows, Verdict, lambda r: _("Verdict"), {"rating": ratings, "author": users, "reviewer": users}
    )
    events += _history_events(
        citation_rows,
        ClaimSource,
        lambda r: _("Citation: %s") % sources.get(r.source_id, f"#{r.source_id}"),
        {"source": sources},
    )
    if verdict is not None:
        for correction in Correction.objects.filter(verdict=verdict).select_related("created_by", "previous_rating"):
            who = correction.created_by.get_username() if correction.created_by else _("System")
            action = _("public correction")
            if correction.previous_rating:
                action = _("public correction (rating was %s)") % correction.previous_rating.label
            system = correction.created_by is None
            events.append(
                TimelineEvent(correction.published_at, who, system, _("Correction"), action, text=correction.note)
            )
    for note in InternalNote.objects.filter(claim=claim).select_related("author"):
        who = note.author.get_username() if note.author else _("System")
        kind = note.get_kind_display()
        events.append(
            TimelineEvent(note.created_at, who, note.author is None, _("Internal note"), kind, text=note.body)
        )
    return sorted(events, key=lambda e: e.when, reverse=True)


def _claimant_names(claim_rows: list) -> dict:
    return dict(Claimant.objects.filter(pk__in={r.claimant_id for r in claim_rows}).values_list("pk", "name"))
