from django.urls import path

from . import views

urlpatterns = [
    path("<int:pk>/", views.benachrichtigung_oeffnen, name="benachrichtigung_oeffnen"),
    path("gelesen/", views.alle_gelesen, name="benachrichtigungen_gelesen"),
]
