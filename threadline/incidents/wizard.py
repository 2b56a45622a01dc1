"""The notification as a series of question pages, kept on the server as the person goes.

Each page's answers are that person's `Draft`, keyed by the page's path, so autosave, the
expired-session rescue and every submit keep exactly what was typed on it; nothing is an
incident until the check-answers page is submitted. The wizard's own draft (keyed by its
start page) holds the submission key made when it started: a second submit of the same
notification finds the incident the first one made instead of making another.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from threadline.core.fields import blind_index
from threadline.core.models import Draft
from threadline.core.services import draft_discard, draft_save
from threadline.frameworks import selectors as framework_selectors

from . import policies
from .domain.eligibility import EligibilityError, assess_eligibility
from .domain.notification import CriterionChoice, criteria_for_category, notification_groups
from .forms_notify import (
    CLOSED_STATUSES,
    NOBODY,
    TOLD_PARTIES,
    CategoryForm,
    CharacteristicsForm,
    ChildForm,
    ClosedForm,
    CriterionForm,
    DatesForm,
    FrameworkForm,
    OrganisationForm,
    StatusForm,
    ToldForm,
    WhatHappenedForm,
    long_date,
)
from .models import Category, Ethnicity, ServiceStatus, Sex, YesNoUnknown
from .services import NotificationDetails


@dataclass(frozen=True)
class Step:
    key: str
    title: str  # the heading of its card on the check-answers page
    form_class: type
    fields: tuple[str, ...]  # the form fields a service error may name, to find its page


STEPS: tuple[Step, ...] = (
    Step("framework", "Process", FrameworkForm, ("version", "framework_version")),
    Step("organisation", "Organisation", OrganisationForm, ("organisation",)),
    Step("child", "The child", ChildForm, ("full_name", "date_of_birth", "identifiers")),
    Step(
        "characteristics",
        "About the child",
        CharacteristicsForm,
        ("sex", "ethnicity", "care_experienced", "placed_out_of_area", "disability"),
    ),
    Step("status", "Status with the service", StatusForm, ("status_with_service",)),
    Step("closed", "Case closed", ClosedForm, ("case_closed_on",)),
    Step("dates", "When it happened", DatesForm, ("occurred_on", "occurred_at", "aware_on", "aware_at")),
    Step("category", "Category", CategoryForm, ("category",)),
    Step("criterion", "Criterion", CriterionForm, ("criterion",)),
    Step("what-happened", "What happened", WhatHappenedForm, ("what_happened", "immediate_actions")),
    Step("told", "Who else was told", ToldForm, ("told",)),
)
STEPS_BY_KEY = {step.key: step for step in STEPS}
# A service error's field, as the page form names it.
SERVICE_FIELDS = {"occurred_at": "occurred_on", "aware_at": "aware_on", "framework_version": "version"}


def start_path() -> str:
    return reverse("incidents:notify_start")


def step_path(key: str) -> str:
    return reverse("incidents:notify_step", kwargs={"step": key})


def as_querydict(data: dict | None) -> QueryDict | None:
    """A draft's text as the form data a browser would send (lists kept as lists)."""
    if data is None:
        return None
    query = QueryDict(mutable=True)
    for name, value in data.items():
        query.setlist(name, value if isinstance(value, list) else [value])
    return query


def step_for_field(field: str | None) -> Step | None:
    """The page holding the field a service error names."""
    name = SERVICE_FIELDS.get(field or "", field or "")
    return next((step for step in STEPS if name in step.fields), None)


class NotificationWizard:
    """One person's notification in progress."""

    def __init__(self, user, *, now=None):
        self.user = user
        self.now = now or timezone.now()
        self.today = timezone.localdate(self.now)
        drafts = Draft.objects.filter(user=user, key__startswith=start_path())
        self.kept = {draft.key: draft for draft in drafts}
        self._cleaned: dict[str, dict | None] = {}
        self._bare: dict[str, dict | None] = {}

    # --- what is kept

    def raw(self, key: str) -> dict | None:
        draft = self.kept.get(step_path(key))
        return draft.data if draft else None

    @property
    def started(self) -> bool:
        return any(key != start_path() for key in self.kept)

    @property
    def started_at(self):
        return min((d.updated_at for d in self.kept.values()), default=None)

    @property
    def submission_key(self) -> str:
        draft = self.kept.get(start_path())
        return (draft.data.get("submission_key") or "") if draft else ""

    def ensure_submission_key(self) -> str:
        """Made when the wizard starts, so a double submit is recognised (no second record)."""
        key = self.submission_key
        if not key:
            key = secrets.token_urlsafe(24)
            self.kept[start_path()] = draft_save(
                actor=self.user, key=start_path(), data={"submission_key": key}
            )
        return key

    def keep(self, key: str, data: dict) -> None:
        self.kept[step_path(key)] = draft_save(actor=self.user, key=step_path(key), data=data)
        self._cleaned.clear()
        self._bare.clear()

    def discard(self) -> None:
        for key in list(self.kept):
            draft_discard(actor=self.user, key=key)
        self.kept.clear()
        self._cleaned.clear()
        self._bare.clear()

    # --- the choices offered

    @cached_property
    def versions(self):
        """The version each framework's new notifications are pinned to, one per framework."""
        current = {}
        for version in framework_selectors.versions_for_new_reviews().order_by("framework__name", "-number"):
            current.setdefault(version.framework_id, version)
        return list(current.values())

    @cached_property
    def organisations(self):
        return [
            o
            for o in self.user.organisations().order_by("name")
            if policies.can_notify_incident(self.user, o)
        ]

    def criteria_lists(self, version, category: str):
        """The lists a notification under `version` chooses from, narrowed to the category."""
        groups = list(version.criterion_groups.order_by("order"))
        wanted = notification_groups(version.framework.key, [g.key for g in groups])
        criteria = list(framework_selectors.criteria_of(version))
        choices = [CriterionChoice(c.pk, c.group, c.category, c.text) for c in criteria if c.group in wanted]
        fitting = {c.pk for c in criteria_for_category(choices, category)}
        by_group = {g.key: g for g in groups}
        return [
            (by_group[key], [c for c in choices if c.group == key and c.pk in fitting])
            for key in wanted
            if any(c.group == key and c.pk in fitting for c in choices)
        ]

    # --- the forms

    def _choices_for(self, key: str) -> dict:
        if key == "framework":
            return {"versions": self.versions}
        if key == "organisation":
            return {"organisations": self.organisations}
        if key == "criterion":
            framework = self.bare("framework")
            category = self.bare("category")
            if framework is None:
                return {"lists": []}
            return {
                "lists": self.criteria_lists(framework["version"], category["category"] if category else "")
            }
        return {}

    def _context_for(self, key: str) -> dict:
        context = {"now": self.now, "today": self.today}
        if key in ("child", "closed", "told"):
            dates = self.bare("dates")
            context["incident_on"] = dates["occurred_on"] if dates else None
        if key == "closed":
            status = self.bare("status")
            context["status_with_service"] = status["status_with_service"] if status else None
        if key == "dates":
            child = self.bare("child")
            context["date_of_birth"] = child["date_of_birth"] if child else None
        return context

    def form(self, key: str, data=None, *, context: bool = True):
        """The page's form, bound to `data` (a POST) or to what was kept, if anything."""
        step = STEPS_BY_KEY[key]
        if data is None:
            data = as_querydict(self.raw(key))
        kwargs = self._choices_for(key)
        if context:
            kwargs["context"] = self._context_for(key)
        return step.form_class(data=data, **kwargs) if data is not None else step.form_class(**kwargs)

    def bare(self, key: str) -> dict | None:
        """The page's answers checked on their own, without the other pages' answers."""
        if key not in self._bare:
            form = self.form(key, context=False)
            self._bare[key] = form.cleaned_data if form.is_bound and form.is_valid() else None
        return self._bare[key]

    def cleaned(self, key: str) -> dict | None:
        """The page's answers, checked against the other pages' answers too; None if not right yet."""
        if key not in self._cleaned:
            form = self.form(key)
            self._cleaned[key] = form.cleaned_data if form.is_bound and form.is_valid() else None
        return self._cleaned[key]

    # --- the route through the pages

    def applies(self, step: Step) -> bool:
        if step.key == "organisation":
            return len(self.organisations) > 1
        if step.key == "closed":
            status = self.bare("status")
            return bool(status) and status["status_with_service"] in CLOSED_STATUSES
        return True

    def steps(self) -> list[Step]:
        return [step for step in STEPS if self.applies(step)]

    def first_incomplete(self) -> Step | None:
        return next((step for step in self.steps() if self.cleaned(step.key) is None), None)

    def next_after(self, key: str) -> Step | None:
        keys = [step.key for step in STEPS]
        later = keys[keys.index(key) + 1 :]
        return next((STEPS_BY_KEY[k] for k in later if self.applies(STEPS_BY_KEY[k])), None)

    def previous_before(self, key: str) -> Step | None:
        keys = [step.key for step in STEPS]
        earlier = keys[: keys.index(key)]
        return next((STEPS_BY_KEY[k] for k in reversed(earlier) if self.applies(STEPS_BY_KEY[k])), None)

    # --- what is submitted

    @property
    def organisation(self):
        if len(self.organisations) == 1:
            return self.organisations[0]
        answer = self.cleaned("organisation")
        return answer["organisation"] if answer else None

    @property
    def version(self):
        answer = self.cleaned("framework")
        return answer["version"] if answer else None

    def criterion(self):
        answer = self.cleaned("criterion")
        if answer is None or self.version is None:
            return None
        return framework_selectors.criteria_of(self.version).filter(pk=answer["criterion"]).first()

    def match_key(self) -> str | None:
        child = self.cleaned("child")
        if child is None:
            return None
        return blind_index(child["full_name"], child["date_of_birth"].isoformat())

    def occurred_on(self) -> date | None:
        dates = self.cleaned("dates")
        return timezone.localtime(dates["occurred_at"]).date() if dates else None

    def details(self) -> NotificationDetails:
        """Everything the service needs; call only when `first_incomplete()` is None."""
        child = self.cleaned("child")
        about = self.cleaned("characteristics")
        status = self.cleaned("status")["status_with_service"]
        closed = self.cleaned("closed") if status in CLOSED_STATUSES else None
        dates = self.cleaned("dates")
        text = self.cleaned("what-happened")
        return NotificationDetails(
            full_name=child["full_name"],
            date_of_birth=child["date_of_birth"],
            identifiers=child["identifiers"],
            sex=about["sex"],
            ethnicity=about["ethnicity"],
            care_experienced=about["care_experienced"],
            placed_out_of_area=about["placed_out_of_area"],
            disability=about["disability"],
            status_with_service=status,
            case_closed_on=closed["case_closed_on"] if closed else None,
            occurred_at=dates["occurred_at"],
            aware_at=dates["aware_at"],
            category=self.cleaned("category")["category"],
            criterion=self.criterion(),
            what_happened=text["what_happened"].strip(),
            immediate_actions=text["immediate_actions"].strip(),
            told=list(self.cleaned("told")["entries"]),
        )

    def eligibility(self):
        """What the rules will decide, shown before the person submits."""
        status = self.cleaned("status")
        criterion = self.criterion()
        if status is None or criterion is None or self.occurred_on() is None:
            return None
        closed = self.cleaned("closed")
        try:
            return assess_eligibility(
                framework_key=self.version.framework.key,
                status_with_service=status["status_with_service"],
                case_closed_on=closed["case_closed_on"] if closed else None,
                incident_on=self.occurred_on(),
                criterion_text=criterion.text,
            )
        except EligibilityError:
            return None

    # --- the check-answers page

    def summary(self) -> list[dict]:
        """One card per page: its rows (label, answer) and the link to change them."""
        cards = []
        for step in self.steps():
            answer = self.cleaned(step.key)
            rows = _rows(step.key, answer, self) if answer is not None else []
            cards.append({"step": step, "rows": rows, "href": step_path(step.key) + "?change=yes"})
        return cards


def _label(choices, value) -> str:
    return dict(choices).get(value, value or "Not given")


def _when(moment) -> str:
    local = timezone.localtime(moment)
    return f"{long_date(local.date())} at {local:%H:%M}"


def _rows(key: str, answer: dict, wizard: NotificationWizard) -> list[tuple[str, str]]:
    match key:
        case "framework":
            version = answer["version"]
            return [("Process", f"{version.framework.name} (version {version.number})")]
        case "organisation":
            return [("Notifying organisation", answer["organisation"].name)]
        case "child":
            return [
                ("Full name", answer["full_name"]),
                ("Date of birth", long_date(answer["date_of_birth"])),
                ("Identifiers", answer["identifiers"] or "None given"),
            ]
        case "characteristics":
            return [
                ("Sex", _label(Sex.choices, answer["sex"])),
                ("Ethnic group", _label(Ethnicity.choices, answer["ethnicity"])),
                ("Care experienced", _label(YesNoUnknown.choices, answer["care_experienced"])),
                ("Placed out of area", _label(YesNoUnknown.choices, answer["placed_out_of_area"])),
                ("Disability", _label(YesNoUnknown.choices, answer["disability"])),
            ]
        case "status":
            return [("Status with the service", _label(ServiceStatus.choices, answer["status_with_service"]))]
        case "closed":
            return [("Date the case closed", long_date(answer["case_closed_on"]))]
        case "dates":
            return [
                ("Incident", _when(answer["occurred_at"])),
                ("Service became aware", _when(answer["aware_at"])),
            ]
        case "category":
            return [("Category", _label(Category.choices, answer["category"]))]
        case "criterion":
            form = wizard.form("criterion")
            group, choice = form.by_pk[str(answer["criterion"])]
            return [("Criterion", choice.text), ("List", group.name)]
        case "what-happened":
            return [
                ("What happened", answer["what_happened"]),
                ("Done to keep people safe", answer["immediate_actions"]),
            ]
        case "told":
            entries = answer.get("entries") or []
            if not entries or NOBODY in (answer.get("told") or []):
                return [("Who else was told", "No one else has been told yet")]
            labels = dict(TOLD_PARTIES)
            return [
                (
                    labels[party] + (f": {detail}" if detail else ""),
                    f"Told on {long_date(on)}",
                )
                for party, on, detail in entries
            ]
    return []
