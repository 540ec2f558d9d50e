from django.urls import path

from . import views

urlpatterns = [
    path("basiszinssaetze/", views.basiszinssaetze, name="basiszinssaetze"),
    path("", views.liste, name="vn_liste"),
    path("<int:pk>/", views.detail, name="vn_detail"),
    path("<int:pk>/abschnitt/<slug:abschnitt>/", views.abschnitt, name="vn_abschnitt"),
    path("<int:pk>/rechnen/", views.rechnen, name="vn_rechnen"),
    path("<int:pk>/einreichen/", views.einreichen, name="vn_einreichen"),
]
