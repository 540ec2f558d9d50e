"""The person's own notices: open one (marks it read, then follows its link), or mark all as read."""
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .models import Benachrichtigung
from .services import als_gelesen_markieren


@login_required
def benachrichtigung_oeffnen(request, pk):
    try:
        benachrichtigung = als_gelesen_markieren(request.user, pk)
    except Benachrichtigung.DoesNotExist:
        raise Http404("Diese Benachrichtigung gibt es für Sie nicht.")
    # Only a path of this application is followed, never another host.
    if benachrichtigung.link and url_has_allowed_host_and_scheme(benachrichtigung.link, allowed_hosts=None):
        return redirect(benachrichtigung.link)
    return redirect("start")


@login_required
@require_POST
def alle_gelesen(request):
    als_gelesen_markieren(request.user)
    return redirect(request.POST.get("zurueck") if url_has_allowed_host_and_scheme(
        request.POST.get("zurueck"), allowed_hosts=None) else "start")
