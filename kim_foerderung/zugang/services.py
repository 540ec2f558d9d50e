"""Writes to users: the contact details of the Bezirksregierung's staff (Admin), the demo users of the embedded
default."""
import sys

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction

from kim_foerderung.protokoll.services import protokolliere
from kim_foerderung.stammdaten.models import Kommune

from .models import Benutzer

DEMO_PASSWORT = "kim-demo"

# (username, first name, last name, Kommune AGS or None, roles)
DEMO_BENUTZER = [
    ("kommune", "Katrin", "Kommunal", "05978000", {}),
    ("kommune2", "Bernd", "Bielefelder", "05711000", {}),
    ("sachbearbeitung", "Sabine", "Sachs", None, {"ist_sachbearbeitung": True}),
    ("sachbearbeitung2", "Stefan", "Sommer", None, {"ist_sachbearbeitung": True}),
    ("zeichnung", "Zora", "Zeichner", None, {"ist_zeichnung": True}),
    ("finanzen", "Frank", "Finanz", None, {"ist_finanzen": True}),
    ("finanzen2", "Fatma", "Fiskal", None, {"ist_finanzen": True}),
    ("admin", "Anna", "Admin", None, {"ist_admin": True, "is_staff": True, "is_superuser": True}),
]

# Phone numbers of the demo staff of the Bezirksregierung (Briefkopf of the letters); Arnsberg's exchange
# 02931 82-0 with invented extensions.
DEMO_TELEFON = {
    "sachbearbeitung": "02931 82-2417",
    "sachbearbeitung2": "02931 82-2418",
    "zeichnung": "02931 82-2400",
    "finanzen": "02931 82-2431",
    "finanzen2": "02931 82-2432",
    "admin": "02931 82-2499",
}


class DemoNurImEntwicklungsmodus(Exception):
    pass


def demo_erlaubt() -> bool:
    """Demo users (with a published password) only with DJANGO_DEBUG=1, never in production.

    The one exception is a test run inside pytest, where pytest-django forces DEBUG off: the test suite creates
    demo users in-process. The environment variable KIM_TESTING alone is not enough, so a mis-set variable in
    production cannot open this door, and no subprocess (``manage.py demodaten``) ever gets it."""
    return bool(settings.DEBUG) or ("pytest" in sys.modules and bool(getattr(settings, "TESTING", False)))


def pruefe_demo_erlaubt():
    """Raises DemoNurImEntwicklungsmodus unless demo_erlaubt(); call it before any database write."""
    if not demo_erlaubt():
        raise DemoNurImEntwicklungsmodus(
            "Demo-Daten (Benutzer, Anträge, Bescheide) werden nur im Entwicklungsmodus angelegt (DJANGO_DEBUG=1)."
        )


def demo_benutzer_anlegen():
    """Create (or reset) the demo users. Refuses unless demo_erlaubt(): never in production."""
    pruefe_demo_erlaubt()
    return _demo_benutzer_schreiben()


@transaction.atomic
def _demo_benutzer_schreiben():
    ergebnis = []
    for username, vorname, nachname, ags, rollen in DEMO_BENUTZER:
        kommune = Kommune.objects.get(ags=ags) if ags else None
        benutzer, neu = Benutzer.objects.update_or_create(
            username=username,
            defaults={
                "first_name": vorname,
                "last_name": nachname,
                "email": f"{username}@example.org",
                "telefon": DEMO_TELEFON.get(username, ""),
                "kommune": kommune,
                "ist_sachbearbeitung": rollen.get("ist_sachbearbeitung", False),
                "ist_zeichnung": rollen.get("ist_zeichnung", False),
                "ist_finanzen": rollen.get("ist_finanzen", False),
                "ist_admin": rollen.get("ist_admin", False),
                "is_staff": rollen.get("is_staff", False),
                "is_superuser": rollen.get("is_superuser", False),
                "is_active": True,
            },
        )
        benutzer.set_password(DEMO_PASSWORT)
        benutzer.save(update_fields=["password"])
        if neu:
            protokolliere(benutzer, None, f"Demo-Benutzer {username} angelegt")
        ergebnis.append((benutzer, neu))
    return ergebnis


@transaction.atomic
def ansprechperson_speichern(admin, benutzer, *, telefon, email):
    """Admin sets phone and e-mail of a person of the Bezirksregierung (they stand in the Briefkopf of every letter
    she prepares or whose Kommune she looks after); old and new values are audited. Returns the person."""
    from .rollen import Rolle, hat_rolle

    if not hat_rolle(admin, Rolle.ADMIN):
        raise PermissionDenied
    benutzer = Benutzer.objects.select_for_update().get(pk=benutzer.pk, kommune__isnull=True)
    alt = {"telefon": benutzer.telefon, "email": benutzer.email}
    neu = {"telefon": telefon, "email": email}
    if alt == neu:
        return benutzer
    benutzer.telefon, benutzer.email = telefon, email
    benutzer.save(update_fields=["telefon", "email"])
    protokolliere(benutzer, admin, "Telefon und E-Mail für den Briefkopf geändert",
                  daten={"alt": alt, "neu": neu})
    return benutzer
