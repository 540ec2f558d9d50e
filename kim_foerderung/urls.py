from django.contrib import admin
from django.contrib.staticfiles.storage import staticfiles_storage
from django.shortcuts import redirect
from django.urls import include, path

admin.site.site_header = "KIM-Förderung – Verwaltung"
admin.site.site_title = "KIM-Förderung"
admin.site.index_title = "Stammdaten und Benutzer"

urlpatterns = [
    path("", lambda request: redirect("start"), name="home"),
    # Browsers ask for /favicon.ico on pages without <link rel="icon"> (admin, documents): no 404 in the console.
    path("favicon.ico", lambda request: redirect(staticfiles_storage.url("kim/favicon.svg"), permanent=True),
         name="favicon"),
    path("", include("kim_foerderung.zugang.urls")),
    path("stammdaten/", include("kim_foerderung.stammdaten.urls")),
    path("dokumente/", include("kim_foerderung.dokumente.urls")),
    path("benachrichtigungen/", include("kim_foerderung.protokoll.urls")),
    path("", include("antraege.urls")),
    path("", include("bescheide.urls")),
    path("", include("uebersicht.urls")),
    path("verwendungsnachweis/", include("verwendungsnachweis.urls")),
    path("", include("auszahlung.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "kim_foerderung.fehlerseiten.verboten"
handler404 = "kim_foerderung.fehlerseiten.nicht_gefunden"
handler500 = "kim_foerderung.fehlerseiten.serverfehler"
