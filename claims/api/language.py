"""The language of an API answer's translatable values (rating labels and descriptions): `?lang=` when given,
else the request's `Accept-Language` (Django's LocaleMiddleware has chosen it), else LANGUAGE_CODE.
Language-neutral values (slugs, ids, dates) are the same in every language."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

LANG_PARAMETER = "lang"


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


class RequestedLanguageMixin:
    """For API views: activate `?lang=` for this request; an unknown code is a 400 naming the known ones."""

    extra_query_parameters = (LANG_PARAMETER,)  # read by claims.api.parameters: `lang` is not unknown

    def initial(self, request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        requested = request.query_params.get(LANG_PARAMETER)
        if requested is None:
            return
        if requested not in language_codes():
            raise ValidationError(
                {
                    LANG_PARAMETER: [
                        _("Unknown language: use one of %(codes)s.") % {"codes": ", ".join(language_codes())}
                    ]
                }
            )
        translation.activate(requested)
        request.LANGUAGE_CODE = requested
