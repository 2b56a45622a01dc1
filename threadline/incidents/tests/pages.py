"""What the page and wizard tests share: a person's answers to each question page, and
walking through the notification with the test client."""

import html
import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from threadline.frameworks.models import Criterion

from ..domain.notification import NOTIFICATION_CRITERIA_GROUPS
from .builders import framework_version

CHILD_NAME = "Jayden Morrow"


def step_url(step: str) -> str:
    return reverse("incidents:notify_step", kwargs={"step": step})


CHECK = "/incidents/notify/check/"


def date_parts(name: str, day) -> dict:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def notification_criterion(version, category: str = "") -> Criterion:
    """The first criterion of the lists a notification under `version` chooses from."""
    for group in NOTIFICATION_CRITERIA_GROUPS[version.framework.key]:
        criteria = Criterion.objects.filter(version=version, group=group).order_by("order")
        if category:
            criteria = criteria.filter(category__in=("", category))
        if criteria.exists():
            return criteria.first()
    raise AssertionError(f"no {category or ''} criterion to notify under {version}")


def answers(framework_key: str, *, name: str = CHILD_NAME, days_ago: int = 2, **changes) -> dict[str, dict]:
    """A right answer to every question page, in order."""
    version = framework_version(framework_key)
    today = timezone.localdate()
    criterion = notification_criterion(version)
    category = criterion.category or "safeguarding"
    pages = {
        "framework": {"version": str(version.pk)},
        "child": {
            "full_name": name,
            **date_parts("date_of_birth", today.replace(year=today.year - 15)),
            "identifiers": "CMS-448812",
        },
        "characteristics": {
            "sex": "male",
            "ethnicity": "black",
            "care_experienced": "yes",
            "placed_out_of_area": "no",
            "disability": "unknown",
        },
        "status": {"status_with_service": "open"},
        "dates": {
            **date_parts("occurred_on", today - timedelta(days=days_ago)),
            "occurred_time": "14:30",
            **date_parts("aware_on", today - timedelta(days=days_ago - 1)),
            "aware_time": "09:15",
        },
        "category": {"category": category},
        "criterion": {"criterion": str(criterion.pk)},
        "what-happened": {
            "what_happened": "An invented incident for the tests.",
            "immediate_actions": "A safety plan was agreed with the family.",
        },
        "told": {"told": ["police"], **date_parts("police_on", today - timedelta(days=days_ago - 1))},
    }
    for page, data in changes.items():
        pages[page.replace("_", "-")] = data
    return pages


def walk(client, pages: dict[str, dict]) -> None:
    """Answer each page in turn, checking each sends the person to the next one."""
    response = client.get(reverse("incidents:notify_start"))
    if response.status_code == 200:  # a notification already started: answer from the first page
        location = step_url(next(iter(pages)))
    else:
        assert response.status_code == 302, response.status_code
        location = response["Location"]
    for page, data in pages.items():
        assert location == step_url(page), f"expected the {page} page, sent to {location}"
        response = client.post(location, data)
        assert response.status_code == 302, f"the {page} page refused its answers: {errors_of(response)}"
        location = response["Location"]
    assert location == CHECK, location


def notify(client, framework_key: str, **changes):
    """Walk the whole notification and submit it; returns the confirmation page's response."""
    walk(client, answers(framework_key, **changes))
    response = client.post(CHECK, {"submission_key": submission_key(client)})
    assert response.status_code == 302, errors_of(response)
    return client.get(response["Location"])


def submission_key(client) -> str:
    return re.search(r'name="submission_key" value="([^"]+)"', client.get(CHECK).content.decode()).group(1)


def text(response) -> str:
    return html.unescape(response.content.decode())


def errors_of(response) -> list[str]:
    """The messages of the error summary, as a person reads them."""
    page = text(response)
    if "govuk-error-summary__list" not in page:
        return []
    body = page.split("govuk-error-summary__list", 1)[1].split("</ul>", 1)[0]
    return [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li>(.*?)</li>", body, re.S)]


def field_error(response, field_id: str) -> str:
    match = re.search(
        rf'<p id="{re.escape(field_id)}-error" class="govuk-error-message">(.*?)</p>', text(response), re.S
    )
    return re.sub(r"<[^>]+>", "", match.group(1)).replace("Error:", "", 1).strip() if match else ""
