"""The screen shown when someone else saved a stage while the person was editing it.

It shows, for each part both of them changed, the other person's text and theirs, and lets
them keep either or combine them; then the stage is saved at the next version. The person's
own submission travels in the form as hidden "yours-<field>" values, and the merge is worked
out again from the saved versions each time, so nothing depends on the session.
"""

from datetime import date

from django.shortcuts import render

from .. import selectors
from ..display import long_date
from ..domain.considerations import AREAS
from ..domain.errors import StageRecordConflict
from ..domain.merge import COMBINE, THEIRS, YOURS, combined, resolve, three_way_merge
from ..domain.records import FieldKind, area_field_name, flat_values


def _labels(fields) -> dict[str, tuple[str, bool]]:
    """Each form field name -> (its label, whether it is a date)."""
    labels = {}
    for field in fields:
        if field.kind is FieldKind.CONSIDERATIONS:
            for area in AREAS:
                labels[area_field_name(area.key)] = (area.name, False)
        elif field.kind is not FieldKind.DECISION:
            labels[field.name] = (field.label, field.kind is FieldKind.DATE)
    return labels


def _shown(value: str, is_date: bool) -> str:
    if is_date and value:
        try:
            return long_date(date.fromisoformat(value))
        except ValueError:
            return value
    return value


def _merge(review, stage, fields, *, original_version: int, current_version: int, yours: dict):
    record = selectors.stage_record_of(review, stage)
    names = list(_labels(fields))
    base = flat_values(fields, selectors.revision_data(record, original_version))
    theirs = flat_values(fields, selectors.revision_data(record, current_version))
    result = three_way_merge(names=names, base=base, theirs=theirs, yours=yours)
    return record, result, theirs


def merge_page(
    request,
    review,
    stage,
    fields,
    conflict: StageRecordConflict,
    *,
    yours: dict,
    choices: dict | None = None,
    combinations: dict | None = None,
    problems=(),
):
    labels = _labels(fields)
    _record, result, theirs = _merge(
        review,
        stage,
        fields,
        original_version=conflict.base_version,
        current_version=conflict.current_version,
        yours=yours,
    )
    errors = dict(problems)
    items = []
    for name in result.conflicts:
        label, is_date = labels[name]
        items.append(
            {
                "name": name,
                "label": label,
                "is_date": is_date,
                "theirs": _shown(theirs.get(name, ""), is_date),
                "yours": _shown(yours.get(name, ""), is_date),
                "choice": (choices or {}).get(name, ""),
                "combined": (combinations or {}).get(name)
                or combined(theirs.get(name, ""), yours.get(name, "")),
                "error": errors.get(name, ""),
            }
        )
    summary = [{"text": message, "href": f"#choice-{name}"} for name, message in problems]
    return render(
        request,
        "reviews/merge.html",
        {
            "review": review,
            "incident": review.incident,
            "stage": stage,
            "message": str(conflict),
            "changed_by": " and ".join(conflict.changed_by) or "Someone",
            "items": items,
            "kept_theirs": [labels[name][0] for name in result.theirs_only],
            "yours": [(name, yours.get(name, "")) for name in labels],
            "original_version": conflict.base_version,
            "current_version": conflict.current_version,
            "summary": summary,
            "choices": {"theirs": THEIRS, "yours": YOURS, "combine": COMBINE},
        },
    )


def resolved(request, review, stage, fields):
    """From a submitted merge screen: (values to save, the version they build on), or
    (None, the merge screen again) when a choice is missing."""
    post = request.POST
    try:
        original_version = int(post.get("original_version", ""))
        current_version = int(post.get("base_version", ""))
    except ValueError:
        return None, None
    names = list(_labels(fields))
    yours = {name: post.get(f"yours-{name}", "") for name in names}
    record, result, theirs = _merge(
        review, stage, fields, original_version=original_version, current_version=current_version, yours=yours
    )
    choices = {name: post.get(f"choice-{name}", "") for name in result.conflicts}
    combinations = {name: post.get(f"combined-{name}", "") for name in result.conflicts}
    values, problems = resolve(result, choices=choices, theirs=theirs, yours=yours, combinations=combinations)
    if not problems:
        return values, current_version
    conflict = StageRecordConflict(
        base_version=original_version,
        current_version=current_version,
        changed_by=selectors.editors_since(record, original_version) if record else [],
    )
    page = merge_page(
        request,
        review,
        stage,
        fields,
        conflict,
        yours=yours,
        choices=choices,
        combinations=combinations,
        problems=problems,
    )
    return None, page
