"""German error pages, rendered from the one base layout."""
from django.shortcuts import render


def verboten(request, exception=None):
    grund = str(exception) if exception and str(exception) else "Für diese Seite fehlt Ihnen die Berechtigung."
    return render(request, "fehler/403.html", {"grund": grund}, status=403)


def nicht_gefunden(request, exception=None):
    return render(request, "fehler/404.html", status=404)


def serverfehler(request):
    return render(request, "fehler/500.html", status=500)
