from django.urls import path

from . import views

urlpatterns = [
    # The export routes first: "akte/export/1/" must not be read as the Akte of a Kommune "export".
    path("akte/export/<int:pk>/", views.akte_export, name="akte_export"),
    path("akte/export/<int:pk>/datei/", views.akte_export_datei, name="akte_export_datei"),
    path("akte/<str:ags>/<int:jahr>/", views.akte, name="akte"),
    path("akte/<str:ags>/<int:jahr>/zip/", views.akte_zip, name="akte_zip"),
    path("akte/<str:ags>/<int:jahr>/wiedervorlage/", views.wiedervorlage_anlegen, name="wiedervorlage_anlegen"),
    path("wiedervorlagen/<int:pk>/erledigt/", views.wiedervorlage_erledigen, name="wiedervorlage_erledigen"),
    path("programm/", views.programmuebersicht, name="programmuebersicht"),
    path("programm/export.csv", views.programm_csv, name="programm_csv"),
    path("programm/export.xlsx", views.programm_xlsx, name="programm_xlsx"),
    path("suche/", views.suche, name="suche"),
    path("zeichnung/reihe/", views.zeichnungsreihe, name="zeichnungsreihe"),
]
