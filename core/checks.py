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
    warnings = _ledger_path_warnings(Path(settings.ERASURE_LEDGER))
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


def _ledger_path_warnings(ledger: Path) -> list[Warning]:
    """A relative path depends on the folder each process starts in; a missing folder fails every erasure's line."""
    if not ledger.is_absolute():
        return [
            Warning(
                f"CI_PORTAL_ERASURE_LEDGER is a relative path ({ledger}): each process would find it from the folder "
                "it starts in, so erasures could be recorded in one file and looked for in another.",
                hint="Give the full path, e.g. /srv/ci-portal/erasure-ledger (README, Backups).",
                id="core.W004",
            )
        ]
    if not ledger.parent.is_dir():
        return [
            Warning(
                f"The folder of CI_PORTAL_ERASURE_LEDGER ({ledger.parent}) does not exist: no erasure can write its "
                "line to the ledger file, and the release step (manage.py reapply_erasures) stops with an error.",
                hint="Create the folder, on storage that backups never restore, then run the release again: it "
                "writes the file from the database (README, Backups).",
                id="core.W005",
            )
        ]
    return []
