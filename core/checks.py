"""Deployment checks of the portal's own settings (`manage.py check --deploy`)."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def erasure_ledger_kept(app_configs=None, **kwargs) -> list[Warning]:
    """Without a ledger file outside the media folder, restoring a backup taken before an erasure undoes it."""
    if not settings.ERASURE_LEDGER:
        return [
            Warning(
                "CI_PORTAL_ERASURE_LEDGER is not set: erasures are recorded only in the database, so restoring a "
                "backup taken before an erasure brings the person back.",
                hint="Set it to a file on storage that backups never restore (README, Backups).",
                id="core.W001",
            )
        ]
    warnings = []
    ledger = Path(settings.ERASURE_LEDGER).resolve()
    if not settings.S3_BUCKET and ledger.is_relative_to(Path(settings.MEDIA_ROOT).resolve()):
        warnings.append(
            Warning(
                "CI_PORTAL_ERASURE_LEDGER is inside DJANGO_MEDIA_ROOT: restoring the media folder would replace it.",
                hint="Keep it outside the media folder (README, Backups).",
                id="core.W002",
            )
        )
    if not settings.ERASURE_KEY:
        warnings.append(
            Warning(
                "CI_PORTAL_ERASURE_KEY is not set: the ledger's hashes use a key derived from the secret key, so "
                "rotating DJANGO_SECRET_KEY would stop erasures from being re-applied after a restore.",
                hint="Set it once to a long random value and keep it with the secret key.",
                id="core.W003",
            )
        )
    return warnings
