from django.urls import path

from . import views, views_rechner

urlpatterns = [
    path("antraege/", views.antraege_liste, name="antraege_liste"),
    path("antraege/neu/", views.antrag_neu, name="antrag_neu"),
    path("antraege/fristausnahmen/", views.fristausnahmen, name="fristausnahmen"),
    path("antraege/<int:pk>/", views.antrag_detail, name="antrag_detail"),
    path("antraege/<int:pk>/abschnitt/<slug:abschnitt>/", views.abschnitt_speichern, name="antrag_abschnitt"),
    path("antraege/<int:pk>/zusammenfassung/", views.zusammenfassung, name="antrag_zusammenfassung"),
    path("antraege/<int:pk>/hochladen/<slug:feld>/", views.konzept_hochladen, name="antrag_hochladen"),
    path("antraege/<int:pk>/weiterleitungen/", views.weiterleitung_speichern, name="antrag_weiterleitung"),
    path("antraege/<int:pk>/weiterleitungen/<int:wid>/entfernen/", views.weiterleitung_entfernen,
         name="antrag_weiterleitung_entfernen"),
    path("antraege/<int:pk>/weiterleitungen/<int:wid>/vertrag/", views.weiterleitung_vertrag,
         name="antrag_weiterleitung_vertrag"),
    path("antraege/<int:pk>/einreichen/", views.einreichen, name="antrag_einreichen"),
    path("antraege/<int:pk>/fristausnahme/", views.fristausnahme_nachtraeglich, name="antrag_fristausnahme"),
    path("antraege/<int:pk>/zurueckziehen/", views.zurueckziehen, name="antrag_zurueckziehen"),
    path("antraege/<int:pk>/pruefung/", views.pruefung_beginnen, name="antrag_pruefung_beginnen"),
    path("antraege/<int:pk>/nachforderung/", views.nachforderung_stellen, name="antrag_nachforderung"),
    path("antraege/<int:pk>/antwort/", views.nachforderung_beantworten, name="antrag_antwort"),
    path("foerderrechner/", views_rechner.foerderrechner, name="foerderrechner"),
    path("foerderrechner/ergebnis/", views_rechner.foerderrechner_ergebnis, name="foerderrechner_ergebnis"),
    path("foerderrechner/uebernehmen/", views_rechner.als_antrag_uebernehmen, name="foerderrechner_uebernehmen"),
]
