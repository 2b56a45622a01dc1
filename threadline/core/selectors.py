"""Every read of core data starts from what the actor may see."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from .access import object_or_404
from .models import AuditEvent, Draft, Membership, Organisation, Role, Share, User


def organisations_visible_to(actor: User) -> QuerySet[Organisation]:
    if actor.is_system_administrator:
        return Organisation.objects.all()
    mine = actor.organisation_ids()
    return Organisation.objects.filter(
        Q(pk__in=mine) | Q(partnerships__pk__in=mine) | Q(member_organisations__pk__in=mine)
    ).distinct()


def organisation_for(actor: User, pk) -> Organisation:
    return object_or_404(actor, organisations_visible_to(actor), model=Organisation, pk=pk)


def people_visible_to(actor: User) -> QuerySet[User]:
    if actor.is_system_administrator:
        return User.objects.all()
    managed = actor.organisation_ids_with_role(Role.SERVICE_MANAGER)
    return User.objects.filter(Q(pk=actor.pk) | Q(memberships__organisation__in=managed)).distinct()


def person_for(actor: User, pk) -> User:
    return object_or_404(actor, people_visible_to(actor), model=User, pk=pk)


def memberships_of(person: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=person).select_related("organisation")


def audit_events_visible_to(actor: User) -> QuerySet[AuditEvent]:
    if actor.is_system_administrator:
        return AuditEvent.objects.all()
    managed = actor.organisation_ids_with_role(Role.SERVICE_MANAGER)
    return AuditEvent.objects.filter(organisation_id__in=managed)


def audit_events_search(
    actor: User,
    *,
    text: str = "",
    action: str = "",
    organisation_id: int | None = None,
    since=None,
    until=None,
) -> QuerySet[AuditEvent]:
    events = audit_events_visible_to(actor)
    if text:
        events = events.filter(
            Q(actor_label__icontains=text)
            | Q(target_label__icontains=text)
            | Q(target_type__icontains=text)
            | Q(path__icontains=text)
            | Q(ip_address__startswith=text)
        )
    if action:
        events = events.filter(action=action)
    if organisation_id:
        events = events.filter(organisation_id=organisation_id)
    if since:
        events = events.filter(at__date__gte=since)
    if until:
        events = events.filter(at__date__lte=until)
    return events.order_by("-at", "-pk")


def records_visible_to(actor: User, queryset: QuerySet) -> QuerySet:
    """Scope any `OrganisationScoped` queryset: led by one of the actor's organisations, or
    explicitly shared with one of them or with the actor by name."""
    content_type = ContentType.objects.get_for_model(queryset.model)
    mine = actor.organisation_ids()
    shared = Share.objects.filter(content_type=content_type).filter(
        Q(organisation_id__in=mine) | Q(person_id=actor.pk)
    )
    return queryset.filter(Q(lead_organisation_id__in=mine) | Q(pk__in=shared.values("object_id")))


def record_for(actor: User, queryset: QuerySet, pk):
    return object_or_404(actor, records_visible_to(actor, queryset), model=queryset.model, pk=pk)


def draft_for(actor: User, key: str) -> Draft | None:
    return Draft.objects.filter(user=actor, key=key).first()


def people_awaiting_set_up(actor: User) -> QuerySet[User]:
    """People who have not yet chosen a password or set up two-factor sign-in."""
    from allauth.mfa.models import Authenticator

    with_totp = Authenticator.objects.filter(type=Authenticator.Type.TOTP).values("user_id")
    return (
        people_visible_to(actor)
        .filter(is_active=True)
        .filter(Q(password__startswith="!") | ~Q(pk__in=with_totp))
    )
