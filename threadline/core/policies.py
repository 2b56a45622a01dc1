"""Who may do what with organisations, people, the audit log and shared records."""

from .models import Organisation, Role, User


def is_signed_in(actor: User) -> bool:
    return actor.is_authenticated and actor.is_active


def can_manage_organisations(actor: User) -> bool:
    return is_signed_in(actor) and actor.is_system_administrator


def can_manage_people(actor: User) -> bool:
    return is_signed_in(actor) and actor.is_system_administrator


def can_manage_calendars(actor: User) -> bool:
    return is_signed_in(actor) and actor.is_system_administrator


def can_list_organisations(actor: User) -> bool:
    return is_signed_in(actor)


def can_view_organisation(actor: User, organisation: Organisation) -> bool:
    """Members see their own organisation; a partnership's people see its member agencies,
    and a member agency's people see the partnerships it belongs to; system
    administrators see all."""
    if not is_signed_in(actor):
        return False
    if actor.is_system_administrator:
        return True
    mine = actor.organisation_ids()
    if organisation.pk in mine:
        return True
    partnership_ids = set(organisation.partnerships.values_list("pk", flat=True))
    member_ids = set(organisation.member_organisations.values_list("pk", flat=True))
    return bool((partnership_ids | member_ids) & mine)


def can_view_people_of(actor: User, organisation: Organisation) -> bool:
    return is_signed_in(actor) and (
        actor.is_system_administrator or actor.has_role_in(organisation, Role.SERVICE_MANAGER)
    )


def can_view_person(actor: User, person: User) -> bool:
    if not is_signed_in(actor):
        return False
    if actor.is_system_administrator or actor.pk == person.pk:
        return True
    managed = actor.organisation_ids_with_role(Role.SERVICE_MANAGER)
    return bool(managed & person.organisation_ids())


def can_view_audit_log(actor: User) -> bool:
    return is_signed_in(actor) and (
        actor.is_system_administrator or actor.has_role_anywhere(Role.SERVICE_MANAGER)
    )


def can_keep_drafts(actor: User) -> bool:
    return is_signed_in(actor)


def can_share_record(actor: User, record) -> bool:
    """The lead organisation's managers and chairs decide who else takes part."""
    return is_signed_in(actor) and actor.has_role_in(
        record.lead_organisation_id, Role.SERVICE_MANAGER, Role.REVIEW_CHAIR
    )
