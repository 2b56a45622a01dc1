"""Meetings and events of a review (issue 5 item 7): the list, arranging one with invitations,
one meeting's page, its agenda and minutes (autosaved, safe against concurrent edits), moving
or cancelling it, its calendar entry, and who attended."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from threadline.core.access import policy
from threadline.core.drafts import form_from_draft, with_draft
from threadline.core.models import AuditAction
from threadline.core.services import audit_record

from .. import policies, selectors
from ..calendar_invites import PUBLISH, content_type, meeting_calendar
from ..domain.errors import ReviewRuleError
from ..domain.meetings import TEXT_FIELDS, TEXT_LABELS, MeetingTextsConflict
from ..forms import show_problems
from ..forms_meetings import (
    AttendanceForm,
    MeetingCancelForm,
    MeetingForm,
    MeetingTextsForm,
    MeetingWhenForm,
    draft_query,
)
from ..selectors import meetings as meeting_selectors
from ..services import meetings as meeting_services
from . import merging


def _meeting_url(meeting, name: str = "reviews:meeting") -> str:
    return reverse(name, kwargs={"pk": meeting.review_id, "meeting_pk": meeting.pk})


def _review_and_meeting(request, pk, meeting_pk):
    review = selectors.review_for(request.user, pk)
    return review, meeting_selectors.meeting_of(review, meeting_pk)


def _require_manager(request, review) -> None:
    if not policies.can_manage_meetings(request.user, review):
        raise PermissionDenied


def _context(review, **more) -> dict:
    return {"review": review, "incident": review.incident, **more}


@policy(policies.can_list_reviews)
def review_meetings(request, pk):
    review = selectors.review_for(request.user, pk)
    now = timezone.now()
    return render(
        request,
        "reviews/meetings.html",
        _context(
            review,
            upcoming=meeting_selectors.upcoming_meetings(review, now=now),
            past=meeting_selectors.past_meetings(review, now=now),
            can_change=policies.can_manage_meetings(request.user, review),
        ),
    )


@policy(policies.can_list_reviews)
@with_draft
def meeting_add(request, pk):
    review = selectors.review_for(request.user, pk)
    _require_manager(request, review)
    team = list(meeting_selectors.team_to_invite(review))
    drafted = request.drafted
    summary = None
    if request.method == "POST":
        form = MeetingForm(request.POST, team=team)
        if form.is_valid():
            data = form.cleaned_data
            try:
                meeting = meeting_services.review_meeting_schedule(
                    actor=request.user,
                    review=review,
                    kind=data["kind"],
                    title=data["title"],
                    day=data["day"],
                    start_time=data["start_time"],
                    end_time=data["end_time"],
                    location=data["location"],
                    agenda=data["agenda"],
                    team_member_ids=[int(pk) for pk in data["team_members"]],
                    other_invitees=data["other_invitees"],
                    send_invitations=data["send_invitations"],
                )
            except ReviewRuleError as error:
                summary = show_problems(form, error.problems)
            else:
                drafted.discard()
                messages.success(request, _arranged_message(meeting, invited=data["send_invitations"]))
                return redirect(_meeting_url(meeting))
        drafted.keep(request.POST)
    elif drafted.data:
        form = form_from_draft(MeetingForm, draft_query(drafted.data), team=team)
    else:
        form = MeetingForm(team=team)
    return render(
        request,
        "reviews/meeting_add.html",
        _context(
            review,
            form=form,
            summary=summary,
            draft=drafted.draft if request.method == "GET" else None,
        ),
    )


def _arranged_message(meeting, *, invited: bool) -> str:
    with_email = sum(1 for a in meeting.attendees.all() if a.email)
    if invited and with_email and meeting.ends_at > timezone.now():
        people = "person" if with_email == 1 else "people"
        return f"‘{meeting.title}’ is arranged. Invitations are being sent to {with_email} {people}."
    return f"‘{meeting.title}’ is recorded. No invitations were sent."


@policy(policies.can_list_reviews)
def meeting_detail(request, pk, meeting_pk):
    review, meeting = _review_and_meeting(request, pk, meeting_pk)
    audit_record(actor=request.user, action=AuditAction.VIEW, target=review, detail={"meeting": meeting.pk})
    texts = meeting_selectors.texts_of(meeting)
    can_change = policies.can_manage_meetings(request.user, review)
    now = timezone.now()
    return render(
        request,
        "reviews/meeting.html",
        _context(
            review,
            meeting=meeting,
            attendees=meeting_selectors.attendees_of(meeting),
            texts=[(TEXT_LABELS[name], text) for name, text in texts.items()],
            can_change=can_change,
            is_cancelled=meeting.cancelled_at is not None,
            has_started=meeting.starts_at <= now,
            is_over=meeting.ends_at <= now,
        ),
    )


def _merge_subject(meeting) -> merging.MergeSubject:
    url = _meeting_url(meeting, "reviews:meeting_edit_texts")
    return merging.MergeSubject(
        labels={name: (TEXT_LABELS[name], True) for name in TEXT_FIELDS},
        data_at=lambda version: meeting_selectors.revision_texts(meeting, version),
        editors_since=lambda version: meeting_selectors.editors_since(meeting, version),
        conflict=MeetingTextsConflict,
        action_url=url,
        back_url=_meeting_url(meeting),
        back_text=f"Back to {meeting.title}",
    )


@policy(policies.can_list_reviews)
@with_draft
def meeting_edit_texts(request, pk, meeting_pk):
    review, meeting = _review_and_meeting(request, pk, meeting_pk)
    _require_manager(request, review)
    if request.method == "POST":
        if request.POST.get("resolving"):
            values, outcome = merging.resolve_submission(request, review, _merge_subject(meeting))
            if values is None:
                return outcome or redirect(_meeting_url(meeting, "reviews:meeting_edit_texts"))
            return _save_texts(request, review, meeting, values, base_version=outcome)
        form = MeetingTextsForm(request.POST)
        request.drafted.keep(request.POST)
        if form.is_valid():
            return _save_texts(
                request, review, meeting, form.values(), base_version=form.cleaned_data["base_version"]
            )
        return _texts_page(request, review, meeting, form=form)
    data = request.drafted.data or {**meeting_selectors.texts_of(meeting), "base_version": meeting.version}
    return _texts_page(request, review, meeting, form=form_from_draft(MeetingTextsForm, data))


def _texts_page(request, review, meeting, *, form, summary=None):
    drafted = request.drafted
    return render(
        request,
        "reviews/meeting_edit_texts.html",
        _context(
            review,
            meeting=meeting,
            form=form,
            summary=summary,
            draft=drafted.draft if request.method == "GET" else None,
        ),
    )


def _save_texts(request, review, meeting, values: dict, *, base_version: int):
    try:
        saved = meeting_services.review_meeting_texts_save(
            actor=request.user, meeting=meeting, values=values, base_version=base_version
        )
    except MeetingTextsConflict as conflict:
        return merging.merge_screen(request, review, _merge_subject(meeting), conflict, yours=values)
    except ReviewRuleError as error:
        form = form_from_draft(MeetingTextsForm, {**values, "base_version": base_version})
        return _texts_page(request, review, meeting, form=form, summary=show_problems(form, error.problems))
    request.drafted.discard()
    if saved.version == base_version:
        messages.info(request, f"Nothing had changed: the record is still version {saved.version}")
    else:
        messages.success(request, f"The record of ‘{meeting.title}’ is saved as version {saved.version}")
    return redirect(_meeting_url(meeting))


@policy(policies.can_list_reviews)
def meeting_change(request, pk, meeting_pk):
    review, meeting = _review_and_meeting(request, pk, meeting_pk)
    _require_manager(request, review)
    if meeting.cancelled_at is not None:
        messages.info(request, "This meeting is cancelled: arrange a new one instead")
        return redirect(_meeting_url(meeting))
    form = MeetingWhenForm(request.POST or None, initial=MeetingWhenForm.initial_for(meeting))
    summary = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            changed = meeting_services.review_meeting_change(
                actor=request.user,
                meeting=meeting,
                day=data["day"],
                start_time=data["start_time"],
                end_time=data["end_time"],
                location=data["location"],
            )
        except ReviewRuleError as error:
            summary = show_problems(form, error.problems)
        else:
            messages.success(request, _changed_message(meeting, changed))
            return redirect(_meeting_url(meeting))
    return render(
        request, "reviews/meeting_change.html", _context(review, meeting=meeting, form=form, summary=summary)
    )


def _changed_message(before, after) -> str:
    if after.sequence == before.sequence:
        return "Nothing was changed"
    if after.ends_at > timezone.now() and after.attendees.exclude(email="").exists():
        return "The meeting is changed. Updated invitations are being sent."
    return "The meeting is changed"


@policy(policies.can_list_reviews)
def meeting_cancel(request, pk, meeting_pk):
    review, meeting = _review_and_meeting(request, pk, meeting_pk)
    _require_manager(request, review)
    if meeting.cancelled_at is not None:
        messages.info(request, "This meeting is already cancelled")
        return redirect(_meeting_url(meeting))
    form = MeetingCancelForm(request.POST or None)
    summary = None
    if request.method == "POST" and form.is_valid():
        try:
            cancelled = meeting_services.review_meeting_cancel(
                actor=request.user, meeting=meeting, reason=form.cleaned_data["reason"]
            )
        except ReviewRuleError as error:
            summary = show_problems(form, error.problems)
        else:
            told = (
                cancelled.ends_at > timezone.now()
                and cancelled.attendees.filter(invited_at__isnull=False).exists()
            )
            messages.success(
                request,
                "The meeting is cancelled. The people invited are being told."
                if told
                else "The meeting is cancelled",
            )
            return redirect(_meeting_url(meeting))
    return render(
        request, "reviews/meeting_cancel.html", _context(review, meeting=meeting, form=form, summary=summary)
    )


@policy(policies.can_list_reviews)
def meeting_ics(request, pk, meeting_pk):
    """The meeting's calendar entry to add by hand: the same entry as the invitations (same UID),
    published rather than sent, so it names no one."""
    review, meeting = _review_and_meeting(request, pk, meeting_pk)
    ics = meeting_calendar(
        meeting,
        attendees=[],
        method=PUBLISH,
        reference=review.incident.reference,
        stamp=timezone.now(),
        link=request.build_absolute_uri(_meeting_url(meeting)),
    )
    response = HttpResponse(ics, content_type=content_type(PUBLISH))
    day = timezone.localtime(meeting.starts_at)
    filename = f"meeting-{review.incident.reference}-{day:%Y-%m-%d}.ics"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@policy(policies.can_list_reviews)
def meeting_attendance(request, pk, meeting_pk):
    review, meeting = _review_and_meeting(request, pk, meeting_pk)
    _require_manager(request, review)
    if meeting.cancelled_at is not None or meeting.starts_at > timezone.now():
        messages.info(request, "Record who attended once the meeting has started")
        return redirect(_meeting_url(meeting))
    attendees = list(meeting_selectors.attendees_of(meeting))
    form = AttendanceForm(request.POST or None, attendees=attendees)
    summary = None
    if request.method == "POST" and form.is_valid():
        try:
            meeting_services.review_meeting_attendance_record(
                actor=request.user, meeting=meeting, attended=form.attended()
            )
        except ReviewRuleError as error:
            summary = show_problems(form, error.problems)
        else:
            messages.success(request, "Who attended is recorded")
            return redirect(_meeting_url(meeting))
    return render(
        request,
        "reviews/meeting_attendance.html",
        _context(review, meeting=meeting, form=form, summary=summary, attendees=attendees),
    )
