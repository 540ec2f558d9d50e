from django.urls import path

from . import views

urlpatterns = [
    path("basiszinssaetze/", views.basiszinssaetze, name="basiszinssaetze"),
    path("", views.liste, name="vn_liste"),
    path("<int:pk>/", views.detail, name="vn_detail"),
    path("<int:pk>/abschnitt/<slug:abschnitt>/", views.abschnitt, name="vn_abschnitt"),
    path("<int:pk>/rechnen/", views.rechnen, name="vn_rechnen"),
    path("<int:pk>/einreichen/", views.einreichen, name="vn_einreichen"),
    path("<int:pk>/belege/neu/", views.beleg_hinzufuegen, name="vn_beleg_hinzufuegen"),
    path("<int:pk>/belege/entfernen/", views.beleg_entfernen, name="vn_beleg_entfernen"),
    path("<int:pk>/belege/import/", views.belege_importieren, name="vn_belege_importieren"),
    path("<int:pk>/belege/vorlage.xlsx", views.belege_vorlage, name="vn_belege_vorlage"),
    path("<int:pk>/nachfordern/", views.nachfordern, name="vn_nachfordern"),
    path("<int:pk>/pruefen/", views.pruefen, name="vn_pruefen"),
    path("<int:pk>/anhoerung/", views.anhoerung, name="vn_anhoerung"),
    path("<int:pk>/stellungnahme/", views.stellungnahme, name="vn_stellungnahme"),
    path("<int:pk>/erstattung/", views.erstattung_vorbereiten, name="vn_erstattung"),
    path("<int:pk>/erstattung/zeichnen/", views.erstattung_freigeben, name="vn_erstattung_zeichnen"),
    path("<int:pk>/erstattung/rueckzahlung/", views.rueckzahlung, name="vn_rueckzahlung"),
]
