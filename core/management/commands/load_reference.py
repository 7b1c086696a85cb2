from django.core.management.base import BaseCommand, CommandError

from core.reference import LoadRefused, add_arguments, load_all


class Command(BaseCommand):
    help = (
        "Load the reference data each app owns: the 32 authorities, their family groups and collaboratives, the "
        "2021–24 programme of visits, the participant survey, the starting framework and the final report's case "
        "studies. Safe to run again."
    )

    def add_arguments(self, parser):
        add_arguments(parser)  # the options each app registered with its loader

    def handle(self, *args, **options):
        try:
            for line in load_all(**options):
                self.stdout.write(line)
        except LoadRefused as error:
            raise CommandError(str(error)) from error
