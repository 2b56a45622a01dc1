"""Reads of the requests for chronologies, the agencies' chronologies, their versions and entries.

An agency's chronology is found only by the agency's own writers and by the review team of the
review that asked for it (who must also be able to see the review); anyone else gets 404, and
the refusal is written to the audit log as core.access does. The review team reads what the
agency submitted; the agency reads every version, the open one too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from threadline.core.calendars import calendar_for_organisation
from threadline.core.models import AuditAction, Organisation, Role, User
from threadline.core.services import audit_record
from threadline.reviews.models import InvolvedAgency, ReviewDocument
from threadline.reviews.selectors import reviews_visible_to

from .. import policies
from ..domain.entries import MONTH, TIME
from ..domain.reminders import DueReminder, reminder_due
from ..domain.requests import default_due, default_period
from ..domain.versions import EntryText
from ..models import AgencyChronology, ChronologyEntry, ChronologyReminderSent, ChronologyVersion
from ..models.requests import ChronologyWithdrawal

CHRONOLOGY_RELATED = (
    "review__incident__child",
    "review__lead_organisation",
    "organisation",
    "requested_by",
)
# Who is reminded of a chronology's due date: the agency's leads, else its service managers.
REMINDED_ROLES = (Role.PARTNER_AGENCY_LEAD,)
FALLBACK_ROLES = (Role.SERVICE_MANAGER,)


# --- finding a chronology


def can_see_review(actor, review) -> bool:
    return reviews_visible_to(actor).filter(pk=review.pk).exists()


def may_read(actor, chronology: AgencyChronology) -> bool:
    """The agency's writers, or the review team of a review the actor can see."""
    if policies.is_agency_writer(actor, chronology):
        return True
    return policies.can_read_review_chronologies(actor, chronology.review) and can_see_review(
        actor, chronology.review
    )


def chronology_for(actor, pk) -> AgencyChronology:
    """The chronology, or 404 (written to the audit log when it exists) for anyone else."""
    chronology = None
    if str(pk).isdigit():
        chronology = AgencyChronology.objects.select_related(*CHRONOLOGY_RELATED).filter(pk=pk).first()
    if chronology is not None and may_read(actor, chronology):
        return chronology
    if chronology is not None:
        audit_record(actor=actor, action=AuditAction.PERMISSION_DENIED, target=chronology)
    raise Http404


def chronologies_of_review(review) -> QuerySet[AgencyChronology]:
    return AgencyChronology.objects.filter(review=review).select_related("organisation", "requested_by")


def chronology_of_review(review, organisation) -> AgencyChronology | None:
    return chronologies_of_review(review).filter(organisation=organisation).first()


# --- versions


def versions_of(chronology) -> QuerySet[ChronologyVersion]:
    return (
        ChronologyVersion.objects.filter(chronology=chronology)
        .select_related("created_by", "submitted_by")
        .annotate(entry_count=Count("entries"))
        .order_by("number")
    )


def latest_version(chronology) -> ChronologyVersion | None:
    return ChronologyVersion.objects.filter(chronology=chronology).order_by("-number").first()


def latest_submitted_version(chronology) -> ChronologyVersion | None:
    return (
        ChronologyVersion.objects.filter(chronology=chronology, submitted_at__isnull=False)
        .select_related("submitted_by")
        .order_by("-number")
        .first()
    )


def versions_visible_to(actor, chronology) -> list[ChronologyVersion]:
    """Every version for the agency's writers; the submitted ones for the review team."""
    versions = versions_of(chronology)
    if not policies.is_agency_writer(actor, chronology):
        versions = versions.filter(submitted_at__isnull=False)
    return list(versions)


def version_shown(actor, chronology) -> ChronologyVersion | None:
    """The version the chronology page shows: the latest the actor may read."""
    versions = versions_visible_to(actor, chronology)
    return versions[-1] if versions else None


def version_of(actor, chronology, number) -> ChronologyVersion:
    for version in versions_visible_to(actor, chronology):
        if str(version.number) == str(number):
            return version
    raise Http404


def withdrawals_of(chronology) -> QuerySet[ChronologyWithdrawal]:
    return ChronologyWithdrawal.objects.filter(chronology=chronology).select_related("withdrawn_by")


def was_ever_submitted(chronology) -> bool:
    return ChronologyVersion.objects.filter(chronology=chronology, submitted_at__isnull=False).exists()


# --- entries


def when_text(entry: ChronologyEntry) -> str:
    """'March 2024', '12 March 2024' or '12 March 2024 at 14:30', as exactly as it is known."""
    day = entry.occurred_on
    if entry.precision == MONTH:
        return f"{day:%B %Y}"
    text = f"{day.day} {day:%B %Y}"
    if entry.precision == TIME and entry.occurred_time is not None:
        text += f" at {entry.occurred_time:%H:%M}"
    return text


def date_text(entry: ChronologyEntry) -> str:
    """The date as the entry form takes it back."""
    day = entry.occurred_on
    return f"{day:%B %Y}" if entry.precision == MONTH else f"{day:%d/%m/%Y}"


def time_text(entry: ChronologyEntry) -> str:
    return f"{entry.occurred_time:%H:%M}" if entry.precision == TIME and entry.occurred_time else ""


def _current_documents() -> Prefetch:
    return Prefetch(
        "documents",
        queryset=ReviewDocument.objects.filter(removed_at__isnull=True).order_by("original_name", "pk"),
        to_attr="current_documents",
    )


def entries_of(version) -> QuerySet[ChronologyEntry]:
    return (
        ChronologyEntry.objects.filter(version=version)
        .prefetch_related(_current_documents())
        .order_by("occurred_on", "precision_rank", "occurred_time", "position", "pk")
    )


def entry_stamp(entry: ChronologyEntry) -> str:
    """When the entry was last saved, as a page carries it to spot a save in between."""
    moment = entry.updated_at or entry.created_at
    return moment.isoformat() if moment else ""


def entry_count(version) -> int:
    return ChronologyEntry.objects.filter(version=version).count() if version else 0


def entry_of(version, pk) -> ChronologyEntry | None:
    """An entry of this version (None for one of another version or chronology: the page 404s)."""
    if version is None or not str(pk).isdigit():
        return None
    return entries_of(version).filter(pk=pk).first()


@dataclass(frozen=True)
class EntryRow:
    entry: ChronologyEntry
    when: str
    documents: list = field(default_factory=list)


def entry_rows(version) -> list[EntryRow]:
    if version is None:
        return []
    return [EntryRow(e, when_text(e), list(e.current_documents)) for e in entries_of(version)]


def entry_row(entry: ChronologyEntry) -> EntryRow:
    documents = ReviewDocument.objects.filter(pk__in=entry.documents.values("pk"), removed_at__isnull=True)
    return EntryRow(entry, when_text(entry), list(documents.order_by("original_name", "pk")))


def entry_texts(version) -> list[EntryText]:
    """The entries of a version as the comparison reads them."""
    texts = []
    for entry in entries_of(version):
        parts = {
            "when": when_text(entry),
            "source": entry.source,
            "author_role": entry.author_role,
            "what_happened": entry.what_happened,
            "who_was_present": entry.who_was_present,
            "childs_voice": entry.childs_voice,
            "opinion": entry.opinion,
            "significant": "Yes" if entry.significant else "No",
            "documents": "\n".join(d.original_name for d in entry.current_documents),
        }
        order = (entry.occurred_on, entry.precision_rank, entry.occurred_time or "", entry.position)
        texts.append(EntryText(str(entry.uid), parts, order))
    return texts


def document_of(actor, chronology, pk) -> ReviewDocument | None:
    """A document, not removed, of an entry in a version of this chronology the actor may read."""
    if not str(pk).isdigit():
        return None
    versions = [v.pk for v in versions_visible_to(actor, chronology)]
    linked = ChronologyEntry.documents.through.objects.filter(
        chronologyentry__version_id__in=versions
    ).values("reviewdocument_id")
    return ReviewDocument.objects.filter(
        pk=pk, review_id=chronology.review_id, removed_at__isnull=True, pk__in=linked
    ).first()


# --- the requests page


def _overdue(chronology, submitted: bool, today: date) -> bool:
    return chronology.withdrawn_at is None and not submitted and today > chronology.due_on


@dataclass(frozen=True)
class RequestRow:
    chronology: AgencyChronology
    version_number: int
    version_submitted: bool
    entries: int
    ever_submitted: bool
    overdue: bool

    @property
    def status(self) -> tuple[str, str]:
        """The words and the colour of the status tag."""
        if self.chronology.withdrawn_at is not None:
            return "Withdrawn", "govuk-tag--grey"
        if self.version_submitted:
            return f"Version {self.version_number} submitted", "govuk-tag--green"
        if self.overdue:
            return "Overdue", "govuk-tag--red"
        if self.version_number > 1:
            return f"Version {self.version_number} being changed", "govuk-tag--yellow"
        if self.entries:
            return "In progress", "govuk-tag--blue"
        return "Not started", "govuk-tag--grey"


def request_rows(review, *, today: date) -> list[RequestRow]:
    chronologies = chronologies_of_review(review).annotate(
        submitted_count=Count("versions", filter=Q(versions__submitted_at__isnull=False), distinct=True),
    )
    latest = {
        v.chronology_id: v
        for v in ChronologyVersion.objects.filter(chronology__review=review)
        .annotate(entry_count=Count("entries"))
        .order_by("chronology_id", "number")
    }
    rows = []
    for chronology in chronologies.order_by("organisation__name"):
        version = latest.get(chronology.pk)
        submitted = bool(chronology.submitted_count)
        rows.append(
            RequestRow(
                chronology=chronology,
                version_number=version.number if version else 0,
                version_submitted=bool(version and version.submitted_at),
                entries=version.entry_count if version else 0,
                ever_submitted=submitted,
                overdue=_overdue(chronology, submitted, today),
            )
        )
    return rows


def agencies_involved(review) -> QuerySet[Organisation]:
    """The active organisations the team page lists as involved with the child."""
    involved = InvolvedAgency.objects.filter(review=review, removed_at__isnull=True).values("organisation_id")
    return Organisation.objects.filter(pk__in=involved, is_active=True).order_by("name")


def agencies_to_ask(review) -> QuerySet[Organisation]:
    """The agencies involved with the child (the team page) not yet asked, or whose request
    was withdrawn, by name."""
    asked = AgencyChronology.objects.filter(review=review, withdrawn_at__isnull=True).values(
        "organisation_id"
    )
    involved = InvolvedAgency.objects.filter(review=review, removed_at__isnull=True).values("organisation_id")
    return Organisation.objects.filter(pk__in=involved, is_active=True).exclude(pk__in=asked).order_by("name")


def other_organisations(review) -> QuerySet[Organisation]:
    """Every other active organisation, for an agency the team page does not list."""
    involved = InvolvedAgency.objects.filter(review=review, removed_at__isnull=True).values("organisation_id")
    return Organisation.objects.filter(is_active=True).exclude(pk__in=involved).order_by("name")


def request_defaults(review, *, today: date) -> dict:
    period_from, period_to = default_period(incident_day(review))
    return {
        "period_from": period_from,
        "period_to": period_to,
        "due_on": default_due(today, calendar_for_organisation(review.lead_organisation)),
    }


def incident_day(review) -> date:
    """The day of the incident where the service is (it is stored as a moment)."""
    return timezone.localdate(review.incident.occurred_at)


# --- the home panel


def open_requests_for(actor, *, limit: int = 20) -> list[RequestRow] | None:
    """Chronologies asked of the agencies where the actor writes them, waiting for a first
    submission or with changes open, soonest due first; None when the actor writes for none."""
    organisations = actor.organisation_ids_with_role(*policies.WRITING_ROLES)
    if not organisations:
        return None
    chronologies = (
        AgencyChronology.objects.filter(organisation_id__in=organisations, withdrawn_at__isnull=True)
        .select_related(*CHRONOLOGY_RELATED)
        .annotate(
            latest_number=Max("versions__number"),
            submitted_count=Count("versions", filter=Q(versions__submitted_at__isnull=False), distinct=True),
        )
        .order_by("due_on", "pk")
    )
    open_numbers = {
        (v["chronology_id"], v["number"])
        for v in ChronologyVersion.objects.filter(
            chronology__organisation_id__in=organisations,
            chronology__withdrawn_at__isnull=True,
            submitted_at__isnull=True,
        ).values("chronology_id", "number")
    }
    today = timezone.localdate()
    rows = []
    for chronology in chronologies:
        if (chronology.pk, chronology.latest_number) not in open_numbers:
            continue
        submitted = bool(chronology.submitted_count)
        rows.append(
            RequestRow(
                chronology=chronology,
                version_number=chronology.latest_number or 0,
                version_submitted=False,
                entries=0,
                ever_submitted=submitted,
                overdue=_overdue(chronology, submitted, today),
            )
        )
        if len(rows) >= limit:
            break
    return rows


# --- reminders


@dataclass(frozen=True)
class PlannedReminder:
    chronology: AgencyChronology
    reminder: DueReminder


# Reminders look at due dates a few weeks either side of today only.
REMINDER_WINDOW_DAYS = 21


def chronology_reminders_planned(*, today: date, unsent_only: bool = False) -> list[PlannedReminder]:
    """The reminders due on `today` for chronologies asked for and never submitted."""
    window = timedelta(days=REMINDER_WINDOW_DAYS)
    submitted = ChronologyVersion.objects.filter(submitted_at__isnull=False).values("chronology_id")
    chronologies = (
        AgencyChronology.objects.filter(
            withdrawn_at__isnull=True, due_on__gte=today - window, due_on__lte=today + window
        )
        .exclude(pk__in=submitted)
        .select_related(*CHRONOLOGY_RELATED)
        .order_by("due_on", "pk")
    )
    calendars = {}
    planned = []
    for chronology in chronologies:
        lead = chronology.review.lead_organisation
        if lead.nation not in calendars:
            calendars[lead.nation] = calendar_for_organisation(lead)
        reminder = reminder_due(due_on=chronology.due_on, today=today, calendar=calendars[lead.nation])
        if reminder is not None:
            planned.append(PlannedReminder(chronology, reminder))
    if unsent_only and planned:
        sent = set(
            ChronologyReminderSent.objects.filter(
                chronology__in=[p.chronology.pk for p in planned]
            ).values_list("chronology_id", "kind", "due_on")
        )
        planned = [p for p in planned if (p.chronology.pk, p.reminder.kind, p.reminder.due_on) not in sent]
    return planned


def reminder_recipients(chronology) -> list[User]:
    """The agency's active partner agency leads; if it has none, its service managers."""
    for roles in (REMINDED_ROLES, FALLBACK_ROLES):
        people = list(
            User.objects.filter(
                is_active=True,
                memberships__organisation_id=chronology.organisation_id,
                memberships__organisation__is_active=True,
                memberships__role__in=roles,
            )
            .distinct()
            .order_by("email")
        )
        if people:
            return people
    return []
