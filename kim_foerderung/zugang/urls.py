from django.urls import path

from . import views

urlpatterns = [
    path("anmelden/", views.AnmeldenView.as_view(), name="login"),
    path("abmelden/", views.AbmeldenView.as_view(), name="logout"),
    path("start/", views.start, name="start"),
    path("start/kommune/", views.start_kommune, name="start_kommune"),
    path("start/sachbearbeitung/", views.start_sachbearbeitung, name="start_sachbearbeitung"),
    path("start/zeichnung/", views.start_zeichnung, name="start_zeichnung"),
    path("start/finanzen/", views.start_finanzen, name="start_finanzen"),
    path("start/admin/", views.start_admin, name="start_admin"),
    path("start/probe/", views.probeseite, name="probeseite"),
    path("verwaltung/ansprechpersonen/", views.ansprechpersonen, name="ansprechpersonen"),
]
