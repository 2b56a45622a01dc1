"""The managed taxonomy of themes, for system administrators: list, add, rename and retire."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from threadline.core.access import policy
from threadline.reviews.domain.errors import ReviewRuleError
from threadline.reviews.forms import show_problems

from .. import policies
from ..forms_findings import ThemeForm
from ..selectors import findings as read
from ..services.themes import theme_add, theme_rename, theme_retire


@policy(policies.can_manage_themes)
def themes(request):
    form = ThemeForm(request.POST or None)
    summary = None
    if request.method == "POST" and form.is_valid():
        try:
            theme = theme_add(actor=request.user, name=form.cleaned_data["name"])
        except ReviewRuleError as error:
            summary = show_problems(form, error.problems)
        else:
            messages.success(request, f"‘{theme.name}’ added")
            return redirect(reverse("learning:themes"))
    return render(
        request, "learning/themes.html", {"themes": read.all_themes(), "form": form, "summary": summary}
    )


@policy(policies.can_manage_themes)
def theme_change(request, pk):
    theme = read.theme_of(pk)
    if theme is None:
        raise Http404
    form = ThemeForm(request.POST or None, initial={"name": theme.name})
    summary = None
    if request.method == "POST":
        try:
            if "retire" in request.POST:
                theme_retire(actor=request.user, theme=theme)
                messages.success(request, f"‘{theme.name}’ retired: it is no longer offered for new findings")
                return redirect(reverse("learning:themes"))
            if form.is_valid():
                theme_rename(actor=request.user, theme=theme, name=form.cleaned_data["name"])
                messages.success(request, f"Renamed to ‘{theme.name}’")
                return redirect(reverse("learning:themes"))
        except ReviewRuleError as error:
            summary = show_problems(form, error.problems)
    return render(request, "learning/theme_change.html", {"theme": theme, "form": form, "summary": summary})
