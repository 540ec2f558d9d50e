from django.urls import path

from . import views

urlpatterns = [
    path("basiszinssaetze/", views.basiszinssaetze, name="basiszinssaetze"),
]
