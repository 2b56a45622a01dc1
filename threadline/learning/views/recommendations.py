"""Recommendations in CLEAR form (issue 7 item 2): each part its own field, the checker's flags
shown next to their fields as warnings, and "Save anyway" only with a reason for each flag."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from threadline.core.access import policy
from threadline.core.drafts import form_from_draft, with_draft
from threadline.reviews.display import long_date
from threadline.reviews.domain.errors import ReviewRuleError
from threadline.reviews.forms import show_problems
from threadline.reviews.selectors import review_for

from .. import policies
from ..domain.findings import FlagsToAnswer, StaleSave
from ..forms_findings import PART_FIELDS, RecommendationForm
from ..selectors import findings as read
from ..services.recommendations import recommendation_add, recommendation_change
from .findings import clear_status, findings_url
from .merging import (
    ORIGINAL,
    RESOLVING,
    Mergeable,
    as_form_data,
    joined_ids,
    merge_page,
    merge_page_again,
    originals,
    originals_from,
    resolve_submission,
    same_text,
)

ORDER = ("title", "findings", *(name for name, _, _ in PART_FIELDS[:4]), "responsible_organisations")
ORDER = (*ORDER, "outcome", "review_by")
OVERRIDE = "override-"
REASON_NEEDED = "Enter why you are saving with this flag"


def _initial(rec) -> dict:
    values = {name: getattr(rec, name) for name, _, _ in PART_FIELDS}
    return {
        **values,
        "title": rec.title,
        "findings": [str(pk) for pk in rec.findings.values_list("pk", flat=True)],
        "responsible_organisations": [
            str(pk) for pk in rec.responsible_organisations.values_list("pk", flat=True)
        ],
        "review_by": rec.review_by,
        "base_version": rec.version,
    }


def _overrides(post) -> dict:
    return {key[len(OVERRIDE) :]: value for key, value in post.items() if key.startswith(OVERRIDE)}


# The reasons for going past each flag as the person opened them, carried like the parts so a
# stale save can tell which reasons they changed.
REASON_ORIGINAL = f"{ORIGINAL}-{OVERRIDE}"


def _reason_originals(overrides: dict) -> dict[str, str]:
    return {f"{OVERRIDE}{key}": value for key, value in overrides.items()}


def _opened_reasons(data) -> dict[str, str]:
    return {
        key[len(REASON_ORIGINAL) :]: value for key, value in data.items() if key.startswith(REASON_ORIGINAL)
    }


def merged_reasons(*, base: dict, theirs: dict, mine: dict) -> dict[str, str]:
    """Each flag's reason after someone else saved: the one changed since it was opened; both,
    one after the other, when both were changed; a reason no longer asked for is not "changed"."""
    out = {}
    for key in dict.fromkeys([*theirs, *mine]):
        opened, their, my = base.get(key, ""), theirs.get(key, ""), mine.get(key, "")
        if not my or my == opened or my == their:
            value = their or my
        elif their == opened or not their:
            value = my
        else:
            value = f"{my}\n\n{their}"
        if value:
            out[key] = value
    return out


TEXTS = tuple(name for name, _, _ in PART_FIELDS)
LISTS = ("findings", "responsible_organisations")
PARTS = {
    "title": ("Recommendation", False),
    "findings": ("Findings it is made from", False),
    **{name: (label, True) for name, label, _ in PART_FIELDS},
    "responsible_organisations": ("Organisations responsible", False),
    "review_by": ("Review the outcome by", False),
}


def recommendation_parts(rec) -> dict[str, str]:
    """A saved recommendation as the merge compares it: each part one string."""
    return {
        "title": same_text(rec.title),
        "findings": joined_ids(rec.findings.values_list("pk", flat=True)),
        **{name: same_text(getattr(rec, name)) for name in TEXTS},
        "responsible_organisations": joined_ids(rec.responsible_organisations.values_list("pk", flat=True)),
        "review_by": rec.review_by.isoformat() if rec.review_by else "",
    }


def _form_parts(cleaned) -> dict[str, str]:
    return {
        "title": same_text(cleaned.get("title")),
        "findings": joined_ids(cleaned.get("findings")),
        **{name: same_text(cleaned.get(name)) for name in TEXTS},
        "responsible_organisations": joined_ids(cleaned.get("responsible_organisations")),
        "review_by": cleaned["review_by"].isoformat() if cleaned.get("review_by") else "",
    }


def _form_data(parts: dict, *, version: int, original: dict, overrides: dict) -> dict:
    data = {name: parts.get(name, "") for name in ("title", *TEXTS)}
    data |= {name: [v for v in parts.get(name, "").split(",") if v] for name in LISTS}
    day = date.fromisoformat(parts["review_by"]) if parts.get("review_by") else None
    for i, value in enumerate((day.day, day.month, day.year) if day else ("", "", "")):
        data[f"review_by_{i}"] = str(value)
    return {**data, **overrides, "base_version": str(version), **dict(originals(original))}


def _with_reasons(original: dict | None, data) -> dict | None:
    if original is None:
        return None
    return {**original, **_reason_originals(_opened_reasons(data))}


def _subject(review, rec) -> Mergeable:
    form = RecommendationForm(review=review)
    names = {name: dict(form.fields[name].choices) for name in LISTS}

    def shown(name: str, value: str) -> str:
        if name in names:
            return "\n".join(str(names[name].get(v, v)) for v in value.split(",") if v)
        if name == "review_by" and value:
            return long_date(date.fromisoformat(value))
        return value

    url = reverse("learning:recommendation_change", kwargs={"review_pk": review.pk, "pk": rec.pk})
    return Mergeable(
        labels=PARTS,
        action_url=url,
        back_url=findings_url(review),
        back_text="Back to findings and recommendations",
        message="Someone else saved this recommendation while you were editing",
        shown=shown,
    )


def _page(request, review, rec=None):
    if not policies.can_write_learning(request.user, review):
        raise PermissionDenied
    summary, flags, original = None, [], None
    if request.method == "POST":
        data = request.POST
        if rec is not None and data.get(RESOLVING):
            resolved = resolve_submission(request, review, _subject(review, rec), carried_prefix=OVERRIDE)
            if resolved.page is not None:
                return resolved.page
            if resolved.values is None:
                return redirect(request.path)
            # The merged text is checked again: the CLEAR flags apply to it as to any save.
            data = as_form_data(
                _form_data(
                    resolved.values,
                    version=resolved.current_version,
                    original={**resolved.theirs, **_reason_originals(rec.overrides)},
                    overrides=resolved.carried,
                )
            )
        form = RecommendationForm(data, review=review)
        request.drafted.keep(data)
        original = _with_reasons(originals_from(data, PARTS), data)
        if form.is_valid():
            cleaned = form.cleaned_data
            overrides = _overrides(data)
            values = {
                "title": cleaned["title"],
                "parts": form.parts(),
                "finding_ids": [int(v) for v in cleaned["findings"]],
                "organisation_ids": [int(v) for v in cleaned["responsible_organisations"]],
                "review_by": cleaned["review_by"],
                "overrides": overrides,
            }
            try:
                if rec is None:
                    recommendation_add(actor=request.user, review=review, **values)
                else:
                    recommendation_change(
                        actor=request.user,
                        recommendation=rec,
                        base_version=cleaned["base_version"] or 0,
                        **values,
                    )
            except ReviewRuleError as error:
                summary = show_problems(form, error.problems)
            except FlagsToAnswer as raised:
                anyway = "save_anyway" in data
                flags = [
                    {
                        "flag": flag,
                        "reason": overrides.get(flag.key, ""),
                        "error": REASON_NEEDED if anyway else "",
                    }
                    for flag in raised.flags
                ]
                if anyway:
                    summary = [
                        {
                            "text": f"{REASON_NEEDED}: {f['flag'].reason}",
                            "href": f"#{OVERRIDE}{f['flag'].key}",
                        }
                        for f in flags
                    ]
            except StaleSave as error:
                rec.refresh_from_db()
                return merge_page(
                    request,
                    review,
                    _subject(review, rec),
                    base=original,
                    theirs=recommendation_parts(rec),
                    yours=_form_parts(cleaned),
                    current_version=error.current_version,
                    changed_by=str(rec.updated_by or ""),
                    carried=_reason_originals(
                        merged_reasons(base=_opened_reasons(data), theirs=rec.overrides, mine=overrides)
                    ),
                )
            else:
                request.drafted.discard()
                messages.success(request, "The recommendation is saved")
                return redirect(findings_url(review))
    elif request.drafted.data:
        if rec is not None:
            again = merge_page_again(
                request, review, _subject(review, rec), request.drafted.data, carried_prefix=OVERRIDE
            )
            if again is not None:
                return again
        form = form_from_draft(RecommendationForm, request.drafted.data, review=review)
        original = _with_reasons(originals_from(request.drafted.data, PARTS), request.drafted.data)
    elif rec is not None:
        form = RecommendationForm(initial=_initial(rec), review=review)
        flags = [{**f, "error": ""} for f in clear_status(rec)]
        original = {**recommendation_parts(rec), **_reason_originals(rec.overrides)}
    else:
        form = RecommendationForm(initial={"base_version": 0}, review=review)
    sections = [
        {
            "field": form[name],
            "flags": [f for f in flags if f["flag"].field == name],
        }
        for name in ORDER
    ]
    return render(
        request,
        "learning/recommendation_form.html",
        {
            "review": review,
            "incident": review.incident,
            "recommendation": rec,
            "form": form,
            "sections": sections,
            "flags": flags,
            "summary": summary,
            "originals": originals(original) if original else [],
            "draft": request.drafted.draft if request.method == "GET" else None,
        },
    )


@policy(policies.can_list_learning)
@with_draft
def recommendation_add_page(request, review_pk):
    review = review_for(request.user, review_pk)
    return _page(request, review)


@policy(policies.can_list_learning)
@with_draft
def recommendation_change_page(request, review_pk, pk):
    review = review_for(request.user, review_pk)
    rec = read.recommendation_of(review, pk)
    if rec is None:
        raise Http404
    return _page(request, review, rec)
