"""The screen shown when someone else saved while the person was editing: a stage's record, or
the terms of reference.

It shows, for each part both of them changed, the other person's text and theirs, and lets
them keep either or combine them; then the record is saved at the next version. The person's
own submission travels in the form as hidden "yours-<field>" values, and the merge is worked
out again from the saved versions each time, so nothing depends on the session.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.shortcuts import render
from django.urls import reverse

from .. import selectors
from ..display import long_date
from ..domain.considerations import AREAS
from ..domain.errors import StageRecordConflict
from ..domain.merge import COMBINE, THEIRS, YOURS, combined, resolve, three_way_merge
from ..domain.records import FieldKind, area_field_name, flat_values


@dataclass(frozen=True)
class MergeSubject:
    """What two people edited: its parts, its saved versions, and where the screen sends them."""

    labels: dict[str, tuple[str, bool]]  # form field name -> (its label, whether texts can be combined)
    data_at: Callable[[int], dict[str, str]]  # each part's text at a saved version
    editors_since: Callable[[int], list[str]]
    conflict: Callable[..., Exception]  # (base_version=, current_version=, changed_by=)
    action_url: str
    back_url: str
    back_text: str
    shown: Callable[[str, str], str] = lambda name, value: value  # how a part's text reads


def _stage_labels(fields) -> dict[str, tuple[str, bool]]:
    """Each form field name of a stage -> (its label, whether it is a date)."""
    labels = {}
    for field in fields:
        if field.kind is FieldKind.CONSIDERATIONS:
            for area in AREAS:
                labels[area_field_name(area.key)] = (area.name, False)
        elif field.kind in (FieldKind.TEXT, FieldKind.DATE):
            labels[field.name] = (field.label, field.kind is FieldKind.DATE)
    return labels


def date_shown(value: str) -> str:
    if value:
        try:
            return long_date(date.fromisoformat(value))
        except ValueError:
            return value
    return value


def stage_subject(review, stage, fields) -> MergeSubject:
    dated = _stage_labels(fields)
    record = selectors.stage_record_of(review, stage)
    url = reverse("reviews:stage", kwargs={"pk": review.pk, "stage_key": stage.key})
    return MergeSubject(
        labels={name: (label, not is_date) for name, (label, is_date) in dated.items()},
        data_at=lambda version: flat_values(fields, selectors.revision_data(record, version)),
        editors_since=lambda version: selectors.editors_since(record, version) if record else [],
        conflict=StageRecordConflict,
        action_url=url,
        back_url=url,
        back_text=f"Back to {stage.name}",
        shown=lambda name, value: date_shown(value) if dated[name][1] else value,
    )


def _merge(subject: MergeSubject, *, original_version: int, current_version: int, yours: dict):
    base = subject.data_at(original_version)
    theirs = subject.data_at(current_version)
    result = three_way_merge(names=list(subject.labels), base=base, theirs=theirs, yours=yours)
    return result, theirs


def conflict_items(
    result, labels, shown, *, theirs, yours, choices=None, combinations=None, problems=()
) -> list[dict]:
    """Each part both people changed, as the merge screen lists it: both texts as they read
    (`shown`), the choice made so far, the combined text, and the error next to it."""
    errors = dict(problems)
    items = []
    for name in result.conflicts:
        label, can_combine = labels[name]
        items.append(
            {
                "name": name,
                "label": label,
                "can_combine": can_combine,
                "theirs": shown(name, theirs.get(name, "")),
                "yours": shown(name, yours.get(name, "")),
                "choice": (choices or {}).get(name, ""),
                "combined": (combinations or {}).get(name)
                or combined(theirs.get(name, ""), yours.get(name, "")),
                "error": errors.get(name, ""),
            }
        )
    return items


def merge_screen(
    request,
    review,
    subject: MergeSubject,
    conflict,
    *,
    yours: dict,
    choices: dict | None = None,
    combinations: dict | None = None,
    problems=(),
):
    labels = subject.labels
    result, theirs = _merge(
        subject,
        original_version=conflict.base_version,
        current_version=conflict.current_version,
        yours=yours,
    )
    items = conflict_items(
        result,
        labels,
        subject.shown,
        theirs=theirs,
        yours=yours,
        choices=choices,
        combinations=combinations,
        problems=problems,
    )
    summary = [{"text": message, "href": f"#choice-{name}"} for name, message in problems]
    return render(
        request,
        "reviews/merge.html",
        {
            "review": review,
            "incident": review.incident,
            "message": str(conflict),
            "changed_by": " and ".join(conflict.changed_by) or "Someone",
            "items": items,
            "kept_theirs": [labels[name][0] for name in result.theirs_only],
            "yours": [(name, yours.get(name, "")) for name in labels],
            "original_version": conflict.base_version,
            "current_version": conflict.current_version,
            "summary": summary,
            "choices": {"theirs": THEIRS, "yours": YOURS, "combine": COMBINE},
            "action_url": subject.action_url,
            "back_url": subject.back_url,
            "back_text": subject.back_text,
        },
    )


def resolve_submission(request, review, subject: MergeSubject):
    """From a submitted merge screen: (values to save, the version they build on), or
    (None, the merge screen again) when a choice is missing, or (None, None) when the
    submission is not a merge screen's."""
    post = request.POST
    try:
        original_version = int(post.get("original_version", ""))
        current_version = int(post.get("base_version", ""))
    except ValueError:
        return None, None
    yours = {name: post.get(f"yours-{name}", "") for name in subject.labels}
    result, theirs = _merge(
        subject, original_version=original_version, current_version=current_version, yours=yours
    )
    choices = {name: post.get(f"choice-{name}", "") for name in result.conflicts}
    combinations = {name: post.get(f"combined-{name}", "") for name in result.conflicts}
    values, problems = resolve(result, choices=choices, theirs=theirs, yours=yours, combinations=combinations)
    if not problems:
        return values, current_version
    conflict = subject.conflict(
        base_version=original_version,
        current_version=current_version,
        changed_by=subject.editors_since(original_version),
    )
    page = merge_screen(
        request,
        review,
        subject,
        conflict,
        yours=yours,
        choices=choices,
        combinations=combinations,
        problems=problems,
    )
    return None, page


# A stage's page asks with its stage and fields.


def merge_page(request, review, stage, fields, conflict: StageRecordConflict, *, yours: dict, **kwargs):
    return merge_screen(
        request, review, stage_subject(review, stage, fields), conflict, yours=yours, **kwargs
    )


def resolved(request, review, stage, fields):
    return resolve_submission(request, review, stage_subject(review, stage, fields))
