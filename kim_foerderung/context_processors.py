from kim_foerderung.zugang.rollen import rollen_von


def kim(request):
    user = getattr(request, "user", None)
    rollen = rollen_von(user) if user is not None and user.is_authenticated else []
    return {
        "kim_rollen": rollen,
        # The navigation depends only on the roles, the own Kommune and the page (aria-current): cached as one
        # fragment per combination (templates/includes/kopf.html, Django's cache framework).
        "kim_navigation_schluessel": ",".join(rollen) + f"|{getattr(user, 'kommune_id', '') or ''}",
    }
