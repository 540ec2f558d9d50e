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
]
