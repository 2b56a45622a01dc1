from django.shortcuts import render

from ..access import policy
from ..home import panels_for
from ..policies import is_signed_in


@policy(is_signed_in)
def home(request):
    return render(request, "core/home.html", {"panels": panels_for(request.user)})
