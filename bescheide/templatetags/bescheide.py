from django import template

from bescheide import selectors

register = template.Library()


@register.inclusion_tag("bescheide/_zum_antrag.html", takes_context=True)
def entscheidung_zum_antrag(context, antrag):
    """The decision on an Antrag as far as the user may see it (a Kommune only sees sent Bescheide)."""
    request = context["request"]
    return {"bescheide": selectors.bescheide_zum_antrag(request.user, antrag), "antrag": antrag,
            "darf_pruefen": context.get("darf_pruefen")}
