import secrets

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.functional import cached_property


class Role(models.TextChoices):
    PRACTITIONER = "practitioner", "Practitioner or case manager"
    SERVICE_MANAGER = "service-manager", "Service manager or head of service"
    REVIEW_CHAIR = "review-chair", "Review chair"
    REVIEWER = "reviewer", "Reviewer"
    TEAM_MEMBER = "team-member", "Review team member"
    REVIEW_ADMINISTRATOR = "review-administrator", "Review administrator"
    QUALITY_ASSURER = "quality-assurer", "Quality assurer"
    PARTNER_AGENCY_LEAD = "partner-agency-lead", "Partner agency lead"
    GOVERNANCE_BOARD_MEMBER = "governance-board-member", "Governance board member"
    NATIONAL_BODY_READER = "national-body-reader", "National body reader"
    FAMILY_LIAISON = "family-liaison", "Family liaison"
    SYSTEM_ADMINISTRATOR = "system-administrator", "System administrator"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("A person needs an e-mail address")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


def _new_session_salt() -> str:
    return secrets.token_hex(16)


class User(AbstractBaseUser):
    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    # Rotating this salt invalidates every session of the person ("sign out everywhere").
    session_salt = models.CharField(max_length=32, default=_new_session_salt, editable=False)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    objects = UserManager()

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_absolute_url(self) -> str:
        return reverse("core:person_detail", kwargs={"pk": self.pk})

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def get_session_auth_hash(self) -> str:
        return salted_hmac(
            "threadline.session",
            f"{self.password}:{self.session_salt}",
            algorithm="sha256",
        ).hexdigest()

    # Django's admin and a few libraries ask these of any user.
    @property
    def is_staff(self) -> bool:
        return False

    @property
    def is_superuser(self) -> bool:
        return False

    def has_perm(self, perm, obj=None) -> bool:
        return False

    def has_perms(self, perm_list, obj=None) -> bool:
        return False

    def has_module_perms(self, app_label) -> bool:
        return False

    @cached_property
    def _roles(self) -> dict[int, frozenset[str]]:
        roles: dict[int, set[str]] = {}
        for org_id, role in Membership.objects.filter(user=self, organisation__is_active=True).values_list(
            "organisation_id", "role"
        ):
            roles.setdefault(org_id, set()).add(role)
        return {k: frozenset(v) for k, v in roles.items()}

    def forget_roles(self) -> None:
        self.__dict__.pop("_roles", None)

    def organisation_ids(self) -> frozenset[int]:
        return frozenset(self._roles)

    def organisations(self):
        from .organisations import Organisation

        return Organisation.objects.filter(pk__in=self.organisation_ids())

    def roles_in(self, organisation) -> frozenset[str]:
        return self._roles.get(getattr(organisation, "pk", organisation), frozenset())

    def has_role_in(self, organisation, *roles: str) -> bool:
        return bool(self.roles_in(organisation) & set(roles))

    def has_role_anywhere(self, *roles: str) -> bool:
        wanted = set(roles)
        return any(held & wanted for held in self._roles.values())

    def organisation_ids_with_role(self, *roles: str) -> frozenset[int]:
        wanted = set(roles)
        return frozenset(org for org, held in self._roles.items() if held & wanted)

    @property
    def is_system_administrator(self) -> bool:
        return self.is_active and self.has_role_anywhere(Role.SYSTEM_ADMINISTRATOR)


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=40, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="one_role_per_person_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}, {self.organisation}"
