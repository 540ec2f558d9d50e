from kim_foerderung.zugang.rollen import rollen_von


def kim(request):
    user = getattr(request, "user", None)
    return {
        "kim_rollen": rollen_von(user) if user is not None and user.is_authenticated else [],
    }
