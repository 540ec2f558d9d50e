from django.urls import path

from . import views

urlpatterns = [
    path("auszahlung/", views.auszahlung_uebersicht, name="auszahlung_uebersicht"),
    path("auszahlung/export.csv", views.auszahlung_csv, name="auszahlung_csv"),
    path("auszahlung/antrag/<int:antrag_pk>/", views.auszahlung_antrag, name="auszahlung_antrag"),
    path("auszahlung/antrag/<int:antrag_pk>/mittelanforderung/", views.mittelanforderung_stellen,
         name="mittelanforderung_stellen"),
    path("auszahlung/tranche/<int:pk>/ausgezahlt/", views.tranche_ausgezahlt, name="tranche_ausgezahlt"),
    path("auszahlung/laeufe/", views.zahlungslauf_liste, name="zahlungslauf_liste"),
    path("auszahlung/laeufe/vorbereiten/", views.zahlungslauf_vorbereiten, name="zahlungslauf_vorbereiten"),
    path("auszahlung/laeufe/<int:lauf_pk>/", views.zahlungslauf_detail, name="zahlungslauf_detail"),
    path("auszahlung/laeufe/<int:lauf_pk>/feststellen/", views.zahlungslauf_feststellen,
         name="zahlungslauf_feststellen"),
    path("auszahlung/laeufe/<int:lauf_pk>/anordnen/", views.zahlungslauf_anordnen, name="zahlungslauf_anordnen"),
    path("auszahlung/laeufe/<int:lauf_pk>/zurueckgeben/", views.zahlungslauf_zurueckgeben,
         name="zahlungslauf_zurueckgeben"),
    path("auszahlung/laeufe/<int:lauf_pk>/stornieren/", views.zahlungslauf_stornieren,
         name="zahlungslauf_stornieren"),
    path("auszahlung/buchungen/", views.buchungen, name="buchungen"),
    path("auszahlung/kontoauszug/<int:auszug_pk>/", views.kontoauszug_detail, name="kontoauszug_detail"),
    path("auszahlung/buchung/<int:buchung_pk>/klaeren/", views.buchung_klaeren, name="buchung_klaeren"),
]
