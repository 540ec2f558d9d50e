from django.urls import path

from . import views

urlpatterns = [
    path("<int:pk>/", views.dokument_herunterladen, name="dokument_herunterladen"),
]
