from django.urls import path

from .views import account, audit, calendars, drafts, home, organisations, pages, people

app_name = "core"

urlpatterns = [
    path("", home.home, name="home"),
    path("healthz", pages.healthz, name="healthz"),
    path("accessibility", pages.accessibility, name="accessibility"),
    path("privacy", pages.privacy, name="privacy"),
    path("guide/", pages.guide, name="guide"),
    path("guide/<slug:role>/", pages.guide_role, name="guide_role"),
    path("signed-out", pages.signed_out, name="signed_out"),
    path("session/keep-alive", drafts.session_keepalive, name="session_keepalive"),
    path("drafts/autosave", drafts.draft_autosave, name="draft_autosave"),
    path("drafts/discard", drafts.draft_discard_view, name="draft_discard"),
    path("organisations/", organisations.organisation_list, name="organisation_list"),
    path("organisations/new", organisations.organisation_create_view, name="organisation_create"),
    path("organisations/<int:pk>/", organisations.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/edit", organisations.organisation_edit, name="organisation_edit"),
    path("people/", people.person_list, name="person_list"),
    path("people/new", people.person_create_view, name="person_create"),
    path("people/<int:pk>/", people.person_detail, name="person_detail"),
    path("people/<int:pk>/edit", people.person_edit, name="person_edit"),
    path("people/<int:pk>/roles", people.person_roles, name="person_roles"),
    path("people/<int:pk>/status", people.person_status, name="person_status"),
    path("people/<int:pk>/set-up-link", people.person_set_up_link, name="person_set_up_link"),
    path("people/<int:pk>/sign-out-everywhere", people.person_sign_out, name="person_sign_out"),
    path("calendars/", calendars.calendar_list, name="calendar_list"),
    path(
        "calendars/<int:pk>/remove",
        calendars.extra_bank_holiday_remove_view,
        name="extra_bank_holiday_remove",
    ),
    path("audit/", audit.audit_log, name="audit_log"),
    path("audit/export.csv", audit.audit_export, name="audit_export"),
    path("account/", account.account, name="account"),
    path("account/sign-out-everywhere", account.sign_out_everywhere, name="sign_out_everywhere"),
]
