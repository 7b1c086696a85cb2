"""Guards on the stakeholder survey's open link, read from and written to the request and response: one answer per
browser (a signed cookie naming the rounds it answered) and a limit on answers from one network address per hour
(kept as a keyed hash, never the address). Used by the page that takes the answers (views/stakeholders.py)."""

from axes.helpers import get_client_ip_address
from django.core.cache import cache
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import SurveyRound

COOKIE = "stakeholder_answered"
COOKIE_SALT = "surveys.stakeholder"
PER_ADDRESS_PER_HOUR = 20


def answered_rounds(request) -> set[int]:
    value = request.get_signed_cookie(COOKIE, default="", salt=COOKIE_SALT)
    return {int(pk) for pk in value.split(",") if pk.isdigit()}


def remember_answer(request, response, survey_round: SurveyRound) -> None:
    rounds = sorted(answered_rounds(request) | {survey_round.pk})
    response.set_signed_cookie(
        COOKIE,
        ",".join(map(str, rounds)),
        salt=COOKIE_SALT,
        max_age=60 * 60 * 24 * 365,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


def over_limit(request, survey_round: SurveyRound) -> bool:
    """True once this network address has sent PER_ADDRESS_PER_HOUR answers to the round within the hour.

    The cache keeps a keyed hash of the address (as sign-in throttling sees it), with a key from the settings' secret
    that changes every day, so its rows say nothing about who answered; apply_retention removes them once expired."""
    day = timezone.localdate().isoformat()
    address = salted_hmac(f"surveys.stakeholder-limit.{day}", get_client_ip_address(request) or "", algorithm="sha256")
    key = f"stakeholder-limit:{survey_round.pk}:{address.hexdigest()}"
    cache.add(key, 0, 60 * 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, 60 * 60)
        count = 1
    return count > PER_ADDRESS_PER_HOUR
