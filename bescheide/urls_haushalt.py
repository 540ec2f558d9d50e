"""URLs of the Haushaltsmittel page and the Verteilungsvorschlag (Nr. 1.3, 5.4.1)."""
from django.urls import path

from . import views_haushalt

urlpatterns = [
    path("haushalt/", views_haushalt.haushalt_start, name="haushalt"),
    path("haushalt/<int:jahr>/", views_haushalt.haushalt_jahr, name="haushalt_jahr"),
    path("haushalt/<int:jahr>/mittel/", views_haushalt.haushaltsmittel_speichern, name="haushaltsmittel_speichern"),
    path("haushalt/<int:jahr>/kontingente/", views_haushalt.cm_kontingent_speichern, name="cm_kontingent_speichern"),
    path("haushalt/<int:jahr>/verteilung/", views_haushalt.verteilung, name="verteilung"),
    path("haushalt/<int:jahr>/verteilung/uebernehmen/", views_haushalt.verteilung_uebernehmen,
         name="verteilung_uebernehmen"),
]
