from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ..access import policy
from ..policies import is_signed_in
from ..services import person_sign_out_everywhere


@policy(is_signed_in)
def account(request):
    authenticators = Authenticator.objects.filter(user=request.user)
    return render(
        request,
        "core/account.html",
        {
            "has_totp": authenticators.filter(type=Authenticator.Type.TOTP).exists(),
            "recovery": authenticators.filter(type=Authenticator.Type.RECOVERY_CODES).first(),
        },
    )


@require_POST
@policy(is_signed_in)
def sign_out_everywhere(request):
    person_sign_out_everywhere(actor=request.user, person=request.user)
    logout(request)
    messages.success(request, "You have been signed out on every device")
    return redirect("account_login")
