"""Writes of the Dokumente app: render a template to PDF/A-3b, store uploads, check stored files.

Every stored file gets its SHA-256. A Dokument is identified by its unique ``schluessel``; a second call with
the same key returns the stored Dokument and renders nothing (also when two workers race: the unique
constraint decides, the loser's file is removed).
"""
import hashlib
import io
import logging
import re
import threading
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from kim_foerderung.protokoll.services import protokolliere
from kim_foerderung.zeit import jetzt
from kim_foerderung.zugang.zugriff import kommune_von

from .models import Dokument

logger = logging.getLogger(__name__)

PDF_VARIANTE = "pdf/a-3b"
PDF_MIME = "application/pdf"
MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # 20 MB
MAX_UPLOAD_TEXT = "20 MB"
_LESEBLOCK = 1024 * 1024


class DokumentFehler(Exception):
    """A domain error with a German sentence for the user (views show it as a message, never a 500)."""

    def __init__(self, meldung):
        super().__init__(meldung)
        self.meldung = meldung


class KeinPdf(DokumentFehler):
    pass


class DateiZuGross(DokumentFehler):
    pass


# --- helpers -----------------------------------------------------------------------------------------------


def sha256_von(daten):
    return hashlib.sha256(daten).hexdigest()


def _sha256_datei(fileobj):
    pruefsumme = hashlib.sha256()
    for block in iter(lambda: fileobj.read(_LESEBLOCK), b""):
        pruefsumme.update(block)
    return pruefsumme.hexdigest()


def _benutzer_oder_none(benutzer):
    return benutzer if benutzer is not None and getattr(benutzer, "is_authenticated", False) else None


def _speichername(schluessel, endung=".pdf"):
    """Never derived from user input alone: the key's slug plus a random part, so names neither collide nor
    reveal more than the key."""
    basis = slugify(schluessel)[:80] or "dokument"
    return f"{basis}-{uuid.uuid4().hex[:12]}{endung}"


_VERBOTEN_IM_NAMEN = set('/\\:*?"<>|;')


def _download_name(dateiname, endung=".pdf"):
    """A safe download name: no path, no control or reserved characters, ends with ``endung``."""
    name = str(dateiname or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join("_" if z in _VERBOTEN_IM_NAMEN else z for z in name if z.isprintable())
    name = " ".join(name.split()).strip(". ")
    if not name:
        name = "dokument"
    if not name.lower().endswith(endung):
        name += endung
    if len(name) > 200:
        name = name[: 200 - len(endung)] + endung
    return name


def _pruefe_bezug(bezug, kommune):
    if bezug is None or bezug.pk is None:
        raise ValueError("Ein Dokument braucht ein gespeichertes Bezugsobjekt.")
    if kommune is not None and getattr(type(bezug), "KOMMUNE_PFAD", None) is not None:
        eigene = kommune_von(bezug)
        # kommune=None is allowed (an internal document the Kommune must not see); another Kommune is not.
        if eigene is not None and eigene.pk != kommune.pk:
            raise ValueError(
                f"Das Dokument gehört zu {eigene}, soll aber {kommune} zugeordnet werden."
            )


def _vorhandenes(schluessel):
    return Dokument.objects.filter(schluessel=schluessel).first()


def _datei_entfernen(storage, name):
    if not name:
        return
    try:
        storage.delete(name)
    except OSError:  # pragma: no cover - best effort cleanup
        logger.warning("Verwaiste Dokumentdatei %s konnte nicht entfernt werden.", name)


def _speichern(*, schluessel, inhalt, bezug, kommune, benutzer, titel, art, dateiname, mime_typ, aktion):
    """Store ``inhalt`` and the Dokument row and write the audit entry, in one transaction.

    Returns ``(dokument, neu)``. Losing a race on the unique ``schluessel`` returns the winner's Dokument and
    removes the file just written.
    """
    pruefsumme = sha256_von(inhalt)
    dokument = Dokument(
        kommune=kommune,
        content_type=ContentType.objects.get_for_model(type(bezug)),
        object_id=str(bezug.pk),
        art=art,
        titel=titel,
        schluessel=schluessel,
        dateiname=dateiname,
        mime_typ=mime_typ,
        groesse=len(inhalt),
        sha256=pruefsumme,
        erstellt_von=_benutzer_oder_none(benutzer),
        erstellt_am=jetzt(),
    )
    gespeichert = None
    try:
        with transaction.atomic():
            dokument.datei.save(_speichername(schluessel, Path(dateiname).suffix or ".pdf"), ContentFile(inhalt), save=False)
            gespeichert = dokument.datei.name
            dokument.save(force_insert=True)
            protokolliere(
                bezug, benutzer, f"{aktion}: {titel}"[:120],
                daten={"dokument_id": dokument.pk, "schluessel": schluessel, "sha256": pruefsumme},
            )
    except IntegrityError:
        _datei_entfernen(dokument.datei.storage, gespeichert)
        vorhanden = _vorhandenes(schluessel)
        if vorhanden is None:
            raise
        return vorhanden, False
    except BaseException:
        _datei_entfernen(dokument.datei.storage, gespeichert)
        raise
    return dokument, True


# --- rendering -----------------------------------------------------------------------------------------------


def _erlaubte_ordner():
    basis = Path(settings.BASE_DIR)
    ordner = [basis / "static", basis / "templates", *map(Path, getattr(settings, "STATICFILES_DIRS", []))]
    return [o.resolve() for o in ordner]


def _url_fetcher():
    """Resources only from the project's static and template folders (file:) or data: URIs; nothing from the
    network and no other local file (WeasyPrint could otherwise attach or embed it)."""
    from urllib.request import url2pathname

    from weasyprint.urls import URLFetcher

    erlaubt = _erlaubte_ordner()

    class LokalerFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.lower().startswith("file:"):
                pfad = url.split("?")[0].split("#")[0][len("file:"):]
                if pfad.startswith("//"):
                    pfad = pfad[2:]
                pfad = Path(url2pathname(pfad)).resolve()
                if not any(pfad.is_relative_to(o) for o in erlaubt):
                    raise ValueError(f"Datei außerhalb der erlaubten Ordner: {url}")
            return super().fetch(url, headers)

    return LokalerFetcher(allowed_protocols={"file", "data"}, timeout=5)


def html_rendern(template_name, context):
    return render_to_string(template_name, context)


_schriften = threading.local()


def _schriftkonfiguration():
    """One WeasyPrint FontConfiguration per thread, kept across documents: without it every document set up
    Fontconfig and Pango's font map anew and loaded the DejaVu faces again (issue 13: about a third of the time
    of a one-page Bescheid). The templates use only installed fonts (no @font-face), so nothing of one document
    stays in it for the next; per thread, because Pango's font map is not thread-safe."""
    konfiguration = getattr(_schriften, "konfiguration", None)
    if konfiguration is None:
        from weasyprint.text.fonts import FontConfiguration

        konfiguration = _schriften.konfiguration = FontConfiguration()
    return konfiguration


HAUSSTIL = Path(settings.BASE_DIR) / "templates" / "pdf" / "dokument.css"
_hausstile = threading.local()


def hausstil():
    """(SHA-256, parsed WeasyPrint stylesheet) of pdf/dokument.css, the house style of every letter. Parsed once per
    thread (like the font configuration it belongs to) instead of once per document as an inline <style> was
    (issue 13: 3–14 % of the work of a letter); parsed again when the file changes, so a running development
    server shows an edit at once."""
    stand = HAUSSTIL.stat().st_mtime_ns
    vorhanden = getattr(_hausstile, "stil", None)
    if vorhanden is None or vorhanden[0] != stand:
        from weasyprint import CSS

        text = HAUSSTIL.read_text(encoding="utf-8")
        vorhanden = _hausstile.stil = (stand, sha256_von(text.encode()),
                                       CSS(string=text, base_url=str(settings.BASE_DIR),
                                           url_fetcher=_url_fetcher(), font_config=_schriftkonfiguration()))
    return vorhanden[1], vorhanden[2]


_STIL = re.compile(r"<style>(.*?)</style>", re.S)


def pdf_aus_html(html):
    """HTML → PDF/A-3b bytes, in the house style (pdf/dokument.css). WeasyPrint 69's variant sets PDF 1.7, the XMP
    PDF/A identification and the sRGB OutputIntent (its bundled sRGB2014.icc) itself; fonts are always embedded
    (as subsets).

    WeasyPrint takes a passed stylesheet as the user's, below every author style of the document; the document's
    own <style> goes along as a user stylesheet after the house style, so the two cascade as one stylesheet
    would (order, then specificity: ``table.fest`` keeps 8.5pt against a document's ``table { font-size: 9pt }``)."""
    from weasyprint import CSS, HTML

    basis = str(settings.BASE_DIR)
    fetcher = _url_fetcher()
    schriften = _schriftkonfiguration()
    _pruefsumme, hausstil_css = hausstil()
    eigene = [CSS(string=text, base_url=basis, url_fetcher=fetcher, font_config=schriften)
              for text in _STIL.findall(html)]
    return HTML(string=_STIL.sub("", html), base_url=basis, url_fetcher=fetcher).write_pdf(
        pdf_variant=PDF_VARIANTE, font_config=schriften, stylesheets=[hausstil_css, *eigene]
    )


# The one line of a letter's HTML that changes with every render of the same text (basis.html's creation time).
_ERSTELLT_META = re.compile(r'<meta name="dcterms\.created" content="[^"]*">')
PDF_CACHE_ZEITRAUM = 24 * 3600  # seconds; content-addressed, so never stale – only memory is at stake


def pdf_aus_html_zwischengespeichert(html):
    """For a PDF rendered on every request and never stored (the draft preview of a Bescheid): the same text gives
    the PDF of its first render, from Django's cache (Redis in production), instead of WeasyPrint again (about
    250 ms of CPU for a Zuwendungsbescheid). The key is the SHA-256 of the house style and of the HTML itself
    without its creation time, so any change of the text – a saved draft, another day's date – is another key,
    and only who could render exactly this text can receive it. The PDF keeps the creation time of that first
    render, which is when it was made."""
    # The house style is part of the text: an edited pdf/dokument.css is another PDF.
    schluessel = "kim:pdf:" + sha256_von(hausstil()[0].encode() + _ERSTELLT_META.sub("", html).encode())
    pdf = cache.get(schluessel)
    if pdf is None:
        pdf = pdf_aus_html(html)
        cache.set(schluessel, pdf, PDF_CACHE_ZEITRAUM)
    return pdf


def pdf_erzeugen(*, schluessel, template_name, context, bezug, kommune, benutzer, titel, art, dateiname):
    """Render ``template_name`` with ``context`` to PDF/A-3b and store it as Dokument ``schluessel``.

    If a Dokument with this key exists, it is returned unchanged and nothing is rendered.
    The template gets in addition (unless the context sets them): ``dokument_titel``, ``dokument_schluessel``,
    ``behoerde`` and ``erstellt_am`` / ``erstellt_am_iso``.
    """
    vorhanden = _vorhandenes(schluessel)
    if vorhanden is not None:
        return vorhanden
    _pruefe_bezug(bezug, kommune)

    zeitpunkt = timezone.localtime(jetzt()).replace(microsecond=0)
    kontext = {
        "dokument_titel": titel,
        "dokument_schluessel": schluessel,
        "behoerde": getattr(settings, "KIM_BEWILLIGUNGSBEHOERDE", "Bezirksregierung Arnsberg"),
        "erstellt_am": zeitpunkt,
        "erstellt_am_iso": zeitpunkt.isoformat(),
    }
    kontext.update(context or {})
    pdf = pdf_aus_html(html_rendern(template_name, kontext))
    dokument, _neu = _speichern(
        schluessel=schluessel, inhalt=pdf, bezug=bezug, kommune=kommune, benutzer=benutzer, titel=titel,
        art=art, dateiname=_download_name(dateiname), mime_typ=PDF_MIME, aktion="Dokument erzeugt",
    )
    return dokument


# --- uploads -------------------------------------------------------------------------------------------------


def _pdf_lesen(fileobj):
    """pypdf reader for ``fileobj`` or None if it is not a PDF (magic bytes at the start and parseable)."""
    from pypdf import PdfReader

    try:
        fileobj.seek(0)
        if fileobj.read(5) != b"%PDF-":
            return None
        fileobj.seek(0)
        reader = PdfReader(fileobj, strict=False)
        if reader.is_encrypted:
            return reader
        if len(reader.pages) < 1:
            return None
        return reader
    except Exception:  # noqa: BLE001 - any parser error means "not a PDF we accept"
        return None
    finally:
        try:
            fileobj.seek(0)
        except Exception:  # noqa: BLE001
            pass


def ist_pdf(fileobj):
    """True if ``fileobj`` starts with ``%PDF-`` and pypdf can parse it (at least one page)."""
    return _pdf_lesen(fileobj) is not None


def _lesen_begrenzt(datei):
    groesse = getattr(datei, "size", None)
    if groesse is not None and groesse > MAX_UPLOAD_BYTES:
        raise DateiZuGross(_zu_gross_text())
    if hasattr(datei, "seek"):
        datei.seek(0)
    if hasattr(datei, "chunks"):
        teile, gelesen = [], 0
        for teil in datei.chunks():
            gelesen += len(teil)
            if gelesen > MAX_UPLOAD_BYTES:
                raise DateiZuGross(_zu_gross_text())
            teile.append(teil)
        return b"".join(teile)
    inhalt = datei.read(MAX_UPLOAD_BYTES + 1)
    if len(inhalt) > MAX_UPLOAD_BYTES:
        raise DateiZuGross(_zu_gross_text())
    return inhalt


def _zu_gross_text():
    return (
        f"Die Datei ist größer als {MAX_UPLOAD_TEXT}. Bitte laden Sie eine kleinere PDF-Datei hoch "
        "(z. B. mit geringerer Bildauflösung gespeichert)."
    )


def datei_speichern(*, datei, bezug, kommune, benutzer, titel, art, schluessel=None, dateiname=None):
    """Store an uploaded PDF (``UploadedFile`` or binary file object) as a Dokument.

    Refuses with :class:`KeinPdf` / :class:`DateiZuGross` (German messages). Without ``schluessel`` a fresh
    one is generated (``upload-<uuid>``). Repeating a call with the same key and the same content returns the
    stored Dokument; other content under an existing key is refused (a document version never changes).
    """
    inhalt = _lesen_begrenzt(datei)
    reader = _pdf_lesen(io.BytesIO(inhalt))
    if reader is None:
        raise KeinPdf("Die Datei ist kein PDF-Dokument. Bitte laden Sie eine PDF-Datei hoch.")
    if reader.is_encrypted:
        raise KeinPdf(
            "Die PDF-Datei ist verschlüsselt oder mit einem Kennwort geschützt. "
            "Bitte laden Sie die Datei ohne Kennwortschutz hoch."
        )
    schluessel = schluessel or f"upload-{uuid.uuid4().hex}"
    pruefsumme = sha256_von(inhalt)

    def gleich_oder_fehler(vorhanden):
        if vorhanden.sha256 != pruefsumme:
            raise DokumentFehler(
                "Unter diesem Schlüssel ist bereits ein anderes Dokument gespeichert; "
                "eine gespeicherte Fassung wird nicht überschrieben."
            )
        return vorhanden

    vorhanden = _vorhandenes(schluessel)
    if vorhanden is not None:
        return gleich_oder_fehler(vorhanden)
    _pruefe_bezug(bezug, kommune)
    dokument, neu = _speichern(
        schluessel=schluessel, inhalt=inhalt, bezug=bezug, kommune=kommune, benutzer=benutzer, titel=titel,
        art=art, dateiname=_download_name(dateiname or getattr(datei, "name", None) or titel),
        mime_typ=PDF_MIME, aktion="Dokument hochgeladen",
    )
    return dokument if neu else gleich_oder_fehler(dokument)


# --- integrity -----------------------------------------------------------------------------------------------


def pruefsumme_gueltig(dokument):
    """Re-hash the stored file; False if it differs from ``dokument.sha256`` or cannot be read."""
    try:
        with dokument.datei.storage.open(dokument.datei.name, "rb") as datei:
            return _sha256_datei(datei) == dokument.sha256
    except (OSError, ValueError):
        return False


# --- other files (payment files, bank statements) -------------------------------------------------------------


def datei_ablegen(*, schluessel, inhalt, bezug, kommune, benutzer, titel, art, dateiname, mime_typ):
    """Store ``inhalt`` (bytes produced by the application, e.g. a SEPA XML file, or a bank statement) as Dokument
    ``schluessel`` with its SHA-256. If the key exists, the stored Dokument is returned unchanged (never
    re-rendered); other content under an existing key is refused."""
    vorhanden = _vorhandenes(schluessel)
    if vorhanden is None:
        _pruefe_bezug(bezug, kommune)
        endung = "." + dateiname.rsplit(".", 1)[-1] if "." in dateiname else ""
        vorhanden, neu = _speichern(
            schluessel=schluessel, inhalt=inhalt, bezug=bezug, kommune=kommune, benutzer=benutzer, titel=titel,
            art=art, dateiname=_download_name(dateiname, endung), mime_typ=mime_typ, aktion="Datei abgelegt",
        )
        if neu:
            return vorhanden
    if vorhanden.sha256 != sha256_von(inhalt):
        raise DokumentFehler("Unter diesem Schlüssel ist bereits eine andere Datei gespeichert; eine abgelegte "
                             "Datei wird nie ersetzt.")
    return vorhanden
