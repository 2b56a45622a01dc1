"""The merged chronology (issue 6 item 5): every agency's entries in order with the gaps, the
practice episodes, the possible same events and the review's analysis notes; and the pages
where the review sets the gap length, marks episodes and writes notes."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from threadline.core.access import policy
from threadline.core.models import AuditAction
from threadline.core.services import audit_record
from threadline.reviews.domain.errors import ReviewRuleError
from threadline.reviews.forms import show_problems

from .. import policies
from ..domain.merged import days_words, span_words, when_words
from ..forms_merged import FILTER_KEYS, EpisodeForm, GapDaysForm, MergedFilterForm, NoteForm
from ..models import MatchStatus
from ..selectors import merged as selectors
from ..selectors.matches import matches_of
from ..services.analysis import (
    review_episode_add,
    review_episode_remove,
    review_gap_days_set,
    review_note_add,
)

KEPT_KEYS = (*FILTER_KEYS, "significant", "page")


def merged_url(review_pk, query: str = "", anchor: str = "") -> str:
    url = reverse("chronologies:merged", kwargs={"review_pk": review_pk})
    return f"{url}{'?' + query if query else ''}{'#' + anchor if anchor else ''}"


def kept_query(text: str) -> str:
    """A merged page's filters and page number from a query string, and nothing else."""
    given = QueryDict(text or "")
    kept = QueryDict(mutable=True)
    for key in KEPT_KEYS:
        values = [value[:20] for value in given.getlist(key)][:50]
        if values:
            kept.setlist(key, values)
    return kept.urlencode()


def _can_change(request, review) -> bool:
    can_change = policies.can_analyse(request.user, review)
    if request.method == "POST" and not can_change:
        raise PermissionDenied
    return can_change


@policy(policies.can_list_chronologies)
def merged_chronology(request, review_pk):
    review = selectors.merged_review_for(request.user, review_pk)
    agencies = list(selectors.agencies_in(review))
    bound = any(key in request.GET for key in (*FILTER_KEYS, "significant"))
    form = MergedFilterForm(request.GET if bound else None, agencies=agencies)
    filters = form.filters()
    merged = selectors.merged_page(review, filters=filters, page_number=request.GET.get("page"))
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        target=review,
        detail={"page": "merged chronology", "page_number": merged.page.number},
    )
    here = kept_query(request.GET.urlencode())
    can_analyse = policies.can_analyse(request.user, review)
    if can_analyse:
        note_url = reverse("chronologies:note_add", kwargs={"review_pk": review.pk})
        for row in merged.rows:
            row.note_href = f"{note_url}?{urlencode({'entry': str(row.entry.uid), 'back': here})}"
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "chronologies/merged.html",
        {
            "review": review,
            "incident": review.incident,
            "form": form,
            "filtered": filters.any,
            "merged": merged,
            "submissions": selectors.submissions_of(review),
            "general_notes": selectors.general_notes_of(review),
            "suggested": matches_of(review, MatchStatus.SUGGESTED).count(),
            "gap_days_words": days_words(merged.gap_days),
            "query": kept_query(query.urlencode()),
            "here": here,
            "can_analyse": can_analyse,
        },
    )


@policy(policies.can_list_chronologies)
def merged_gap_setting(request, review_pk):
    review = selectors.merged_review_for(request.user, review_pk)
    if not _can_change(request, review):
        raise PermissionDenied
    current = selectors.gap_days_of(review)
    form = GapDaysForm(request.POST or None, initial={"gap_days": current})
    summary = None
    if request.method == "POST" and form.is_valid():
        try:
            review_gap_days_set(actor=request.user, review=review, gap_days=form.cleaned_data["gap_days"])
        except ReviewRuleError as error:
            summary = show_problems(form, error.problems)
        else:
            days = form.cleaned_data["gap_days"]
            messages.success(request, f"Gaps are now periods of more than {days_words(days)} with no contact")
            return redirect(merged_url(review.pk))
    return render(
        request,
        "chronologies/merged_gap_setting.html",
        {"review": review, "incident": review.incident, "form": form, "summary": summary, "current": current},
    )


@policy(policies.can_list_chronologies)
def merged_episodes(request, review_pk):
    review = selectors.merged_review_for(request.user, review_pk)
    can_change = _can_change(request, review)
    form = EpisodeForm(request.POST or None)
    summary = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            episode = review_episode_add(
                actor=request.user,
                review=review,
                title=data["title"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                description=data["description"],
            )
        except ReviewRuleError as error:
            summary = show_problems(form, error.problems)
        else:
            messages.success(request, f"‘{episode.title}’ is marked on the merged chronology")
            return redirect(reverse("chronologies:episodes", kwargs={"review_pk": review.pk}))
    episodes = list(selectors.episodes_of(review))
    notes = selectors.episode_notes_of(review)
    return render(
        request,
        "chronologies/episodes.html",
        {
            "review": review,
            "incident": review.incident,
            "episodes": [
                {"episode": e, "dates": span_words(e.starts_on, e.ends_on), "notes": notes.get(e.pk, [])}
                for e in episodes
            ],
            "form": form,
            "summary": summary,
            "can_change": can_change,
        },
    )


@policy(policies.can_list_chronologies)
def merged_episode_remove(request, review_pk, episode_pk):
    review = selectors.merged_review_for(request.user, review_pk)
    episode = selectors.episode_of(review, episode_pk)
    if episode is None:
        raise Http404
    if not _can_change(request, review):
        raise PermissionDenied
    error = ""
    if request.method == "POST":
        try:
            review_episode_remove(actor=request.user, episode=episode)
        except ReviewRuleError as refused:
            error = str(refused)
        else:
            messages.success(request, f"‘{episode.title}’ is no longer marked on the merged chronology")
            return redirect(reverse("chronologies:episodes", kwargs={"review_pk": review.pk}))
    return render(
        request,
        "chronologies/episode_remove.html",
        {
            "review": review,
            "incident": review.incident,
            "episode": episode,
            "dates": span_words(episode.starts_on, episode.ends_on),
            "errors": [{"text": error, "href": ""}] if error else [],
        },
    )


@policy(policies.can_list_chronologies)
def merged_note_add(request, review_pk):
    """A note of the review's analysis about an entry (?entry=<uid>), an episode (?episode=<pk>)
    or the whole period (neither)."""
    review = selectors.merged_review_for(request.user, review_pk)
    if not _can_change(request, review):
        raise PermissionDenied
    entry = episode = None
    if request.GET.get("entry"):
        entry = selectors.entry_of(review, request.GET["entry"])
        if entry is None:
            raise Http404
    elif request.GET.get("episode"):
        episode = selectors.episode_of(review, request.GET["episode"])
        if episode is None:
            raise Http404
    back = kept_query(request.GET.get("back", ""))
    form = NoteForm(request.POST or None)
    summary = None
    if request.method == "POST" and form.is_valid():
        try:
            review_note_add(
                actor=request.user,
                review=review,
                text=form.cleaned_data["text"],
                entry_uid=entry.uid if entry else None,
                episode=episode,
            )
        except ReviewRuleError as error:
            summary = show_problems(form, error.problems)
        else:
            messages.success(request, "Your note is added to the review's analysis")
            if episode is not None:
                episodes = reverse("chronologies:episodes", kwargs={"review_pk": review.pk})
                return redirect(f"{episodes}#episode-{episode.pk}")
            return redirect(merged_url(review.pk, back, f"entry-{entry.uid}" if entry else "analysis"))
    if entry is not None:
        cancel = merged_url(review.pk, back, f"entry-{entry.uid}")
    elif episode is not None:
        cancel = reverse("chronologies:episodes", kwargs={"review_pk": review.pk})
    else:
        cancel = merged_url(review.pk, back, "analysis")
    return render(
        request,
        "chronologies/note_add.html",
        {
            "review": review,
            "incident": review.incident,
            "form": form,
            "summary": summary,
            "entry": entry,
            "entry_when": when_words(entry.occurred_on, entry.precision, entry.occurred_time)
            if entry
            else "",
            "episode": episode,
            "episode_dates": span_words(episode.starts_on, episode.ends_on) if episode else "",
            "cancel": cancel,
        },
    )
