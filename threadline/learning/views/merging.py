"""The merge screen when two people saved one finding or recommendation from the same version.

It is the reviews' screen (``reviews/includes/merge_choices.html`` and the merge rules of
``reviews/domain/merge.py``): a part only one of them changed keeps that change, a part both
changed is theirs to choose, or to combine where it is long text. Earlier versions of a finding
or a recommendation are not kept, so what the person started from travels in the edit form as
hidden ``original-<part>`` values, and the merge screen carries the three texts (original,
theirs, yours) itself: nothing rests on the session, and a third save in between only starts
another merge from what this one was merged into.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.http import QueryDict
from django.shortcuts import render

from threadline.reviews.domain.merge import (
    COMBINE,
    THEIRS,
    YOURS,
    MergeResult,
    resolve,
    three_way_merge,
)
from threadline.reviews.views.merging import conflict_items

ORIGINAL = "original"


def joined_ids(values) -> str:
    """A list part (chosen findings, organisations, themes...) as one comparable string."""
    return ",".join(sorted({str(v) for v in values or [] if str(v)}))


RESOLVING = "resolving"


def same_text(value) -> str:
    """A part as compared and saved: browsers send line breaks as CR LF, the database may not."""
    return str(value or "").replace("\r\n", "\n").strip()


@dataclass(frozen=True)
class Mergeable:
    """What two people edited: its parts and how the screen names and shows them."""

    labels: dict[str, tuple[str, bool]]  # part -> (its label, whether its texts can be combined)
    action_url: str
    back_url: str
    back_text: str
    message: str = "Someone else saved this while you were editing"
    shown: Callable[[str, str], str] = field(default=lambda name, value: value)

    @property
    def names(self) -> list[str]:
        return list(self.labels)


@dataclass(frozen=True)
class Resolved:
    """A merge screen submitted: the parts to save on top of `current_version`, and the other
    person's parts they were merged with (what the next merge starts from); or the screen again."""

    values: dict[str, str] | None = None
    current_version: int = 0
    theirs: dict[str, str] | None = None
    carried: dict[str, str] | None = None
    page: object = None


def originals(parts: Mapping[str, str]) -> list[tuple[str, str]]:
    """Hidden inputs for an edit form: the parts as the person opened them."""
    return [(f"{ORIGINAL}-{name}", value) for name, value in parts.items()]


def originals_from(data, names: Iterable[str]) -> dict[str, str] | None:
    """The parts the person started from, or None when the form did not carry them."""
    names = list(names)
    if not any(f"{ORIGINAL}-{name}" in data for name in names):
        return None
    return {name: same_text(data.get(f"{ORIGINAL}-{name}")) for name in names}


def merged(names, *, base, theirs, yours) -> MergeResult:
    if base is None:
        # Not knowing what they started from, every part the two differ on is theirs to choose.
        conflicts = tuple(name for name in names if theirs.get(name, "") != yours.get(name, ""))
        return MergeResult(dict(yours), conflicts, ())
    return three_way_merge(names=names, base=base, theirs=theirs, yours=yours)


def merge_page(
    request,
    review,
    subject: Mergeable,
    *,
    base: Mapping[str, str] | None,
    theirs: Mapping[str, str],
    yours: Mapping[str, str],
    current_version: int,
    changed_by: str,
    carried: Mapping[str, str] = (),
    choices: Mapping[str, str] | None = None,
    combinations: Mapping[str, str] | None = None,
    problems=(),
):
    """The merge screen. `carried`: other things the person typed (such as their reasons for
    going past a CLEAR flag), handed back to the edit form unchanged."""
    names = subject.names
    result = merged(names, base=base, theirs=theirs, yours=yours)
    items = conflict_items(
        result,
        subject.labels,
        subject.shown,
        theirs=theirs,
        yours=yours,
        choices=choices,
        combinations=combinations,
        problems=problems,
    )
    hidden = [(f"theirs-{name}", theirs.get(name, "")) for name in names]
    hidden += [(f"yours-{name}", yours.get(name, "")) for name in names]
    if base is not None:
        hidden += originals({name: base.get(name, "") for name in names})
    hidden += list(dict(carried).items())
    hidden.append(("changed_by", changed_by))
    return render(
        request,
        "learning/merge.html",
        {
            "review": review,
            "incident": review.incident,
            "message": subject.message,
            "changed_by": changed_by or "Someone else",
            "items": items,
            "any_combinable": any(item["can_combine"] for item in items),
            "kept_theirs": [subject.labels[name][0] for name in result.theirs_only],
            "hidden": hidden,
            "current_version": current_version,
            "summary": [{"text": message, "href": f"#choice-{name}"} for name, message in problems],
            "choices": {"theirs": THEIRS, "yours": YOURS, "combine": COMBINE},
            "action_url": subject.action_url,
            "back_url": subject.back_url,
            "back_text": subject.back_text,
        },
    )


@dataclass(frozen=True)
class _Posted:
    """What a merge screen posted: each side's parts, where they started, and the choices made."""

    current_version: int
    theirs: dict[str, str]
    yours: dict[str, str]
    base: dict[str, str] | None
    carried: dict[str, str]
    choices: dict[str, str]
    combinations: dict[str, str]
    changed_by: str


def _posted(data, subject: Mergeable, carried_prefix: str) -> _Posted | None:
    try:
        current_version = int(data.get("base_version", ""))
    except (TypeError, ValueError):
        return None
    names = subject.names
    return _Posted(
        current_version=current_version,
        theirs={name: same_text(data.get(f"theirs-{name}")) for name in names},
        yours={name: same_text(data.get(f"yours-{name}")) for name in names},
        base=originals_from(data, names),
        carried=(
            {key: value for key, value in data.items() if key.startswith(carried_prefix)}
            if carried_prefix
            else {}
        ),
        choices={name: data.get(f"choice-{name}", "") for name in names},
        combinations={name: same_text(data.get(f"combined-{name}")) for name in names},
        changed_by=data.get("changed_by", ""),
    )


def _page_of(request, review, subject: Mergeable, posted: _Posted, problems=()):
    return merge_page(
        request,
        review,
        subject,
        base=posted.base,
        theirs=posted.theirs,
        yours=posted.yours,
        current_version=posted.current_version,
        changed_by=posted.changed_by,
        carried=posted.carried,
        choices=posted.choices,
        combinations=posted.combinations,
        problems=problems,
    )


def resolve_submission(request, review, subject: Mergeable, *, carried_prefix: str = "") -> Resolved:
    """From a submitted merge screen: the merged parts, or the screen again naming each part
    still to choose. None of `values` when the submission is not a merge screen's."""
    posted = _posted(request.POST, subject, carried_prefix)
    if posted is None:
        return Resolved()
    result = merged(subject.names, base=posted.base, theirs=posted.theirs, yours=posted.yours)
    choices = {name: posted.choices[name] for name in result.conflicts}
    combinations = {name: posted.combinations[name] for name in result.conflicts}
    values, problems = resolve(
        result, choices=choices, theirs=posted.theirs, yours=posted.yours, combinations=combinations
    )
    if not problems:
        return Resolved(
            values=values,
            current_version=posted.current_version,
            theirs=posted.theirs,
            carried=posted.carried,
        )
    return Resolved(page=_page_of(request, review, subject, posted, problems))


def merge_page_again(request, review, subject: Mergeable, data, *, carried_prefix: str = ""):
    """The merge screen as it was submitted, from the page's draft: a merge screen posted after
    the session had ended is kept as the draft, and comes back as it was once signed in again.
    None when the draft is not a merge screen's."""
    if not data or not data.get(RESOLVING):
        return None
    posted = _posted(data, subject, carried_prefix)
    return None if posted is None else _page_of(request, review, subject, posted)


def as_form_data(values: Mapping[str, str | list[str]]) -> QueryDict:
    """Form data made from merged parts, so the merged result goes through the same form and
    service as a save from the edit form."""
    data = QueryDict(mutable=True)
    for name, value in values.items():
        if isinstance(value, list):
            data.setlist(name, value)
        else:
            data[name] = value
    return data
