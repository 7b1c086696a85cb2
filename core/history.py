"""Who made a change, for django-simple-history's record of it: set by the service that saves, as the request's
user is not there in a worker, a command or a test."""


def recorded_by(instance, by):
    """The instance, to be saved or deleted with `by` as the one who did it in its history."""
    instance._history_user = by
    return instance
