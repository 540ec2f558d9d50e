from django.urls import include, path

from . import views

urlpatterns = [
    path("bescheide/", views.bescheide_liste, name="bescheide_liste"),
    path("bescheide/<int:pk>/", views.bescheid_detail, name="bescheid_detail"),
    path("bescheide/<int:pk>/vorschau/", views.vorschau, name="bescheid_vorschau"),
    path("bescheide/<int:pk>/speichern/", views.entwurf_speichern, name="bescheid_speichern"),
    path("bescheide/<int:pk>/vorlegen/", views.vorlegen, name="bescheid_vorlegen"),
    path("bescheide/<int:pk>/verwerfen/", views.verwerfen, name="bescheid_verwerfen"),
    path("bescheide/<int:pk>/zeichnen/", views.freigeben, name="bescheid_freigeben"),
    path("bescheide/<int:pk>/zurueckgeben/", views.zurueckgeben, name="bescheid_zurueckgeben"),
    path("bescheide/<int:pk>/versenden/", views.versenden, name="bescheid_versenden"),
    path("bescheide/<int:pk>/empfang/", views.empfang_bestaetigen, name="bescheid_empfang"),
    path("bescheide/<int:pk>/verzicht/", views.verzicht, name="bescheid_verzicht"),
    path("bescheide/<int:pk>/spaeterer-empfang/", views.spaeteren_empfang_erfassen, name="bescheid_spaeterer_empfang"),
    path("bescheide/<int:pk>/kuerzung/", views.kuerzung_vorschlagen, name="bescheid_kuerzung"),
    path("bescheide/<int:pk>/aenderung/", views.aenderung_beantragen, name="bescheid_aenderung_beantragen"),
    path("bescheide/<int:pk>/aenderungsbescheid/", views.aenderungsbescheid_anlegen, name="bescheid_aenderungsbescheid"),
    path("pruefung/<int:antrag_pk>/", views.pruefung, name="pruefung"),
    path("pruefung/<int:antrag_pk>/entwurf/", views.entwurf_anlegen, name="bescheid_entwurf_anlegen"),
    path("", include("bescheide.urls_haushalt")),
]
