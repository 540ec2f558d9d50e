"""The roles of DESIGN.md. Kept free of model imports so templates and context processors can use it."""
from django.db import models


class Rolle(models.TextChoices):
    KOMMUNE = "kommune", "Kommune"
    SACHBEARBEITUNG = "sachbearbeitung", "Sachbearbeitung"
    ZEICHNUNG = "zeichnung", "Zeichnung"
    FINANZEN = "finanzen", "Finanzen"
    ADMIN = "admin", "Admin"


# Roles of the Bezirksregierung: they see every Kommune's data.
LANDESROLLEN = frozenset({Rolle.SACHBEARBEITUNG, Rolle.ZEICHNUNG, Rolle.FINANZEN, Rolle.ADMIN})


def rollen_von(user):
    """The roles a user holds, in the order of DESIGN.md's table."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    rollen = []
    if getattr(user, "kommune_id", None):
        rollen.append(Rolle.KOMMUNE)
    if getattr(user, "ist_sachbearbeitung", False):
        rollen.append(Rolle.SACHBEARBEITUNG)
    if getattr(user, "ist_zeichnung", False):
        rollen.append(Rolle.ZEICHNUNG)
    if getattr(user, "ist_finanzen", False):
        rollen.append(Rolle.FINANZEN)
    if getattr(user, "is_superuser", False) or getattr(user, "ist_admin", False):
        rollen.append(Rolle.ADMIN)
    return rollen


def hat_rolle(user, *rollen):
    eigene = rollen_von(user)
    return any(r in eigene for r in rollen)
