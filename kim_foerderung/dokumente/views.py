"""Serving stored documents: only to whom may see them, only if the stored file is intact."""
import hashlib
import logging

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import render

from kim_foerderung.zugang.zugriff import darf, darf_sehen, objekt_oder_404

from .models import Dokument

logger = logging.getLogger(__name__)


@login_required
def dokument_herunterladen(request, pk):
    """Object before method: another Kommune's document is a 404 on every method, only then a POST is a 405."""
    # A document of another Kommune, or one without Kommune, answers 404 to a Kommune user.
    dokument = objekt_oder_404(request.user, Dokument, pk=pk)
    if not darf(request.user, "dokument.herunterladen", dokument):
        raise Http404
    # The object the document belongs to decides too (a Bescheid's PDF only once it has been sent).
    if dokument.bezug is not None and not darf_sehen(request.user, dokument.bezug):
        raise Http404
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    try:
        datei = dokument.datei.storage.open(dokument.datei.name, "rb")
    except (OSError, ValueError):
        datei = None
    if datei is not None:
        # Hash the very file handle that is then served.
        pruefsumme = hashlib.sha256()
        for block in iter(lambda: datei.read(1024 * 1024), b""):
            pruefsumme.update(block)
        if pruefsumme.hexdigest() == dokument.sha256:
            datei.seek(0)
            antwort = FileResponse(
                datei, as_attachment=True, filename=dokument.dateiname, content_type=dokument.mime_typ
            )
            antwort["X-Content-Type-Options"] = "nosniff"
            antwort["Cache-Control"] = "private, no-store"
            return antwort
        datei.close()
        logger.error(
            "Prüfsumme von Dokument %s (%s) stimmt nicht: gespeichert %s, Datei %s.",
            dokument.pk, dokument.schluessel, dokument.sha256, pruefsumme.hexdigest(),
        )
    else:
        logger.error("Datei von Dokument %s (%s) fehlt: %s.", dokument.pk, dokument.schluessel, dokument.datei.name)
    antwort = render(request, "dokumente/nicht_verfuegbar.html", {"dokument": dokument}, status=409)
    antwort["Cache-Control"] = "private, no-store"
    return antwort
