from django.urls import path

from . import views

urlpatterns = [
    path("kommunen/", views.kommunen_liste, name="kommunen_liste"),
    path("kommunen/<str:ags>/", views.kommune_detail, name="kommune_detail"),
]
