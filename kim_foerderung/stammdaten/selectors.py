from django.db.models import Count, Q

from kim_foerderung.zugang.zugriff import objekt_oder_404, sichtbar

from .models import Kommune


def kommunen_fuer(user):
    return (
        sichtbar(user, Kommune)
        .annotate(
            anzahl_kreisangehoerige=Count("kreisangehoerige", distinct=True),
            anzahl_qualifiziert=Count(
                "kreisangehoerige",
                filter=Q(
                    kreisangehoerige__eigene_auslaenderbehoerde=True,
                    kreisangehoerige__eigenes_jugendamt=True,
                    kreisangehoerige__integrationsrat=True,
                ),
                distinct=True,
            ),
        )
        .order_by("sortierschluessel")
    )


def kommune_fuer(user, ags):
    return objekt_oder_404(user, Kommune.objects.prefetch_related("kreisangehoerige", "traeger"), ags=ags)
