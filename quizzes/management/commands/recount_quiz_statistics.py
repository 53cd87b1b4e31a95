from django.core.management.base import BaseCommand, CommandError

from quizzes.models import Quiz
from quizzes.tallies import recount


class Command(BaseCommand):
    help = (
        "Recount the quiz statistics' running counts from the attempts (after a bulk "
        "load, or to repair): of one quiz, or of all."
    )

    def add_arguments(self, parser):
        parser.add_argument("--quiz", type=int, help="the id of one quiz")

    def handle(self, *args, quiz=None, **options):
        if quiz is not None and not Quiz.objects.filter(pk=quiz).exists():
            raise CommandError(f"No quiz with id {quiz}.")
        rows = recount(quiz)
        self.stdout.write(f"Recounted: {rows} tally rows.")
