"""The Akte: the whole history of one Kommune in one Förderjahr, in time order, each step with its documents.

Read only. The backbone is generic, so a later stage adds its steps with (almost) no code here:

1. Every Protokoll entry of the Kommune (kim_foerderung.protokoll) whose object belongs to the Förderjahr. Which
   Förderjahr an object belongs to is found from its model: ``FOERDERJAHR_PFAD`` if the model declares it (like
   ``KOMMUNE_PFAD``), else a ``foerderjahr`` field, else the shortest chain of foreign keys to a model that has one
   (a Tranche → Bescheid → Antrag finds ``bescheid__antrag__foerderjahr`` by itself). One query per object type.
2. Every Dokument of those objects (kim_foerderung.dokumente), attached to the entry that recorded it.
3. Steps that are dates rather than actions (Bekanntgabe, Klagefrist, Bestandskraft, a Frist): each stage's
   ``selectors.akte_ereignisse(user, kommune, foerderjahr)``, if it has one – found by name, in stage order.

Visibility: a Kommune user sees only her own Kommune (the page resolves the Kommune through zugang first), and
of it only what she may see elsewhere: objects with ``fuer_kommune_sichtbar`` False (a Bescheid before it is
sent) and the internal Prüfung are left out, with their entries and documents.
"""
from dataclasses import dataclass, field
from datetime import date, datetime, time
from importlib import import_module

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from kim_foerderung.dokumente.models import Dokument
from kim_foerderung.protokoll.models import Protokolleintrag
from kim_foerderung.statusnamen import statusname
from kim_foerderung.zugang.rollen import LANDESROLLEN, hat_rolle
from kim_foerderung.zugang.zugriff import sichtbar

# The stage apps in import order; each may offer selectors.akte_ereignisse.
STUFEN = ["antraege", "bescheide", "auszahlung", "verwendungsnachweis"]
STUFEN_NAMEN = {"antraege": "Antrag", "bescheide": "Bescheid", "auszahlung": "Auszahlung",
                "verwendungsnachweis": "Verwendungsnachweis", "arbeitsliste": "Arbeitsliste",
                "stammdaten": "Stammdaten"}
# Objects of the Bezirksregierung's internal work that a Kommune does not see in its Akte.
INTERN = {"bescheide.pruefung", "arbeitsliste.wiedervorlage"}
# Not part of the case itself: ordering the export of the Akte.
AUSSERHALB = {"arbeitsliste.aktenexport"}
# Models whose foreign keys never lead to a Förderjahr of the case.
_NICHT_FOLGEN = {"zugang.benutzer", "dokumente.dokument", "contenttypes.contenttype", "stammdaten.kommune"}


@dataclass
class Ereignis:
    zeitpunkt: datetime
    titel: str
    stufe: str = ""
    objekt: str = ""
    person: str = ""
    status: str = ""
    notiz: str = ""
    link: str = ""
    dokumente: list = field(default_factory=list)
    nur_datum: bool = False
    tagesende: bool = False  # a date-only step that closes its day (the end of a Frist), else it opens it

    @property
    def sortierung(self):
        # A step that is only a date opens its day (Bekanntgabe: a Verzicht that day comes after it) or closes it
        # (the last day of the Klagefrist); recorded actions sit in between, in their order.
        stelle = (2 if self.tagesende else 0) if self.nur_datum else 1
        return (timezone.localdate(self.zeitpunkt), stelle, self.zeitpunkt)


def _als_zeitpunkt(wert):
    if isinstance(wert, datetime):
        return wert if timezone.is_aware(wert) else timezone.make_aware(wert)
    if isinstance(wert, date):
        return timezone.make_aware(datetime.combine(wert, time(0, 0)))
    raise TypeError(f"Kein Zeitpunkt: {wert!r}")


_PFADE = {}


def foerderjahr_pfad(model):
    """The ORM path from ``model`` to its Förderjahr, or None (see module docstring)."""
    if model in _PFADE:
        return _PFADE[model]
    pfad = getattr(model, "FOERDERJAHR_PFAD", None)
    if pfad is None:
        schlange = [(model, "", 0)]
        gesehen = {model}
        while schlange and pfad is None:
            m, praefix, tiefe = schlange.pop(0)
            if any(f.name == "foerderjahr" and f.concrete for f in m._meta.get_fields()):
                pfad = f"{praefix}foerderjahr"
                break
            if tiefe >= 4:
                continue
            for f in m._meta.get_fields():
                if not (f.is_relation and f.concrete and (f.many_to_one or f.one_to_one)):
                    continue
                ziel = f.related_model
                if ziel is None or ziel in gesehen or ziel._meta.label_lower in _NICHT_FOLGEN:
                    continue
                gesehen.add(ziel)
                schlange.append((ziel, f"{praefix}{f.name}__", tiefe + 1))
    _PFADE[model] = pfad
    return pfad


def _link(obj):
    """The page of an object of the case: its get_absolute_url, else the page of its Antrag or Bescheid."""
    if hasattr(obj, "get_absolute_url"):
        try:
            return obj.get_absolute_url()
        except NoReverseMatch:
            return ""
    label = obj._meta.label_lower
    try:
        if label == "antraege.antrag":
            return reverse("antrag_detail", args=[obj.pk])
        if label == "bescheide.bescheid":
            return reverse("bescheid_detail", args=[obj.pk])
        if label == "bescheide.pruefung":
            return reverse("pruefung", args=[obj.antrag_id])
        if getattr(obj, "bescheid_id", None):
            return reverse("bescheid_detail", args=[obj.bescheid_id])
        if getattr(obj, "antrag_id", None):
            return reverse("antrag_detail", args=[obj.antrag_id])
    except NoReverseMatch:
        return ""
    return ""


# Objects that a Kommune sees only in some states, for models that do not declare fuer_kommune_sichtbar.
SICHTBAR_AB = {"verwendungsnachweis.erstattungsbescheid": ("freigegeben", "erstattet")}


def _sichtbar_fuer(user, obj, landes):
    if landes:
        return True
    label = obj._meta.label_lower
    if label in INTERN:
        return False
    if label in SICHTBAR_AB:
        return getattr(obj, "status", None) in SICHTBAR_AB[label]
    return bool(getattr(obj, "fuer_kommune_sichtbar", True))


@dataclass
class Akte:
    kommune: object
    foerderjahr: int
    ereignisse: list
    dokumente: list
    objekte: dict

    @property
    def anzahl_dokumente(self):
        return len(self.dokumente)


def akte_fuer(user, kommune, foerderjahr):
    """The Akte of ``kommune`` (already resolved through zugang for ``user``) in ``foerderjahr``. The number of
    queries depends on the number of object types, not on the number of entries or documents."""
    landes = hat_rolle(user, *LANDESROLLEN)
    # First only which objects the Kommune's entries and documents are about (pairs, no rows), then the objects of
    # this Förderjahr, then the entries and documents of exactly those: the Akte of one year does not read the
    # history of every other year (issue 13; a Kommune adds a year each year). The content types come from
    # ContentType's cache (get_for_id), not from a join.
    eintraege_qs = sichtbar(user, Protokolleintrag).filter(kommune=kommune)
    dokumente_qs = sichtbar(user, Dokument).filter(kommune=kommune)
    ids_je_typ = {}
    paare = (eintraege_qs.order_by().values_list("content_type_id", "object_id")
             .union(dokumente_qs.order_by().values_list("content_type_id", "object_id")))
    for ct_id, object_id in paare:
        ids_je_typ.setdefault(ct_id, set()).add(object_id)

    objekte = {}  # (content_type_id, object_id str) -> object of the Förderjahr the user may see
    for ct_id, ids in ids_je_typ.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        if model is None or model._meta.label_lower in AUSSERHALB:
            continue
        if not landes and model._meta.label_lower in INTERN:  # never shown to a Kommune: not even fetched
            continue
        pfad = foerderjahr_pfad(model)
        if pfad is None:
            continue
        pk_feld = model._meta.pk
        try:
            pks = [pk_feld.to_python(i) for i in ids]
        except Exception:  # noqa: BLE001 - an id that is no pk of this model matches nothing
            continue
        for obj in model._default_manager.filter(pk__in=pks, **{pfad: foerderjahr}):
            if _sichtbar_fuer(user, obj, landes):
                objekte[(ct_id, str(obj.pk))] = obj

    ids_des_jahres = {}
    for ct_id, object_id in objekte:
        ids_des_jahres.setdefault(ct_id, []).append(object_id)
    des_jahres = Q(pk__in=[])  # matches nothing – and without objects Django asks the database nothing
    for ct_id, ids in ids_des_jahres.items():
        des_jahres |= Q(content_type_id=ct_id, object_id__in=ids)
    eintraege = list(eintraege_qs.filter(des_jahres).order_by("zeitpunkt", "id"))
    dokumente = list(dokumente_qs.filter(des_jahres).select_related("erstellt_von").order_by("erstellt_am", "id"))
    dokument_nach_id = {d.pk: d for d in dokumente}
    zugeordnet = set()
    ereignisse = []
    for e in eintraege:
        obj = objekte.get((e.content_type_id, e.object_id))
        if obj is None:
            continue
        docs = []
        dok_id = (e.daten or {}).get("dokument_id")
        if dok_id in dokument_nach_id and dok_id not in zugeordnet:
            docs.append(dokument_nach_id[dok_id])
            zugeordnet.add(dok_id)
        status = ""
        if e.von_status or e.nach_status:
            status = f"{statusname(type(obj), e.von_status)} → {statusname(type(obj), e.nach_status)}"
        ereignisse.append(Ereignis(
            zeitpunkt=e.zeitpunkt, titel=e.aktion, stufe=STUFEN_NAMEN.get(obj._meta.app_label, ""),
            objekt=e.objekt_text, person=e.benutzername, status=status, notiz=e.notiz, link=_link(obj),
            dokumente=docs,
        ))
    for d in dokumente:
        if d.pk not in zugeordnet:
            obj = objekte[(d.content_type_id, d.object_id)]
            ereignisse.append(Ereignis(
                zeitpunkt=d.erstellt_am, titel=f"Dokument: {d.titel}", stufe=STUFEN_NAMEN.get(obj._meta.app_label, ""),
                objekt=str(obj), person=d.erstellt_von.anzeigename if d.erstellt_von else "System",
                link=_link(obj), dokumente=[d]))
    for stufe in STUFEN:
        if not apps.is_installed(stufe):
            continue
        try:
            modul = import_module(f"{stufe}.selectors")
        except ModuleNotFoundError:
            continue
        funktion = getattr(modul, "akte_ereignisse", None)
        if funktion is None:
            continue
        for beitrag in funktion(user, kommune, foerderjahr):
            beitrag = dict(beitrag)
            zeitpunkt = beitrag.pop("zeitpunkt")
            nur_datum = not isinstance(zeitpunkt, datetime)
            beitrag.setdefault("stufe", STUFEN_NAMEN.get(stufe, ""))
            ereignis = Ereignis(zeitpunkt=_als_zeitpunkt(zeitpunkt), nur_datum=nur_datum, **beitrag)
            ereignisse.append(ereignis)
            # A stage may attach a document of its own object (e.g. the Auszahlungsliste of a run, for the
            # Bezirksregierung only): it belongs to the Akte, and to its ZIP, too.
            for d in ereignis.dokumente:
                if d.pk not in dokument_nach_id:
                    dokument_nach_id[d.pk] = d
                    dokumente.append(d)
    ereignisse.sort(key=lambda ev: ev.sortierung)
    dokumente.sort(key=lambda d: (d.erstellt_am, d.pk))
    return Akte(kommune=kommune, foerderjahr=foerderjahr, ereignisse=ereignisse, dokumente=dokumente,
                objekte=objekte)


def jahre_mit_akte(user, kommune):
    """The Förderjahre in which the Kommune has an Antrag (for the year switch of the Akte)."""
    from antraege.models import Antrag

    return sorted(set(sichtbar(user, Antrag).filter(kommune=kommune).order_by().values_list("foerderjahr",
                                                                                             flat=True)))
