"""Check a credential file (JSON or JWT), as /certificates/verify/ does."""

import sys

from django.core.management.base import BaseCommand, CommandError

from certificates import verification


class Command(BaseCommand):
    help = (
        "Check a credential (JSON with its proof, or a VC-JWT): the signature, the "
        "key, revocation, expiry and what it certifies. Exit status 0 only when valid."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The credential file; - reads standard input.")

    def handle(self, *args, file, **options):
        try:
            if file == "-":
                text = sys.stdin.buffer.read()
            else:
                with open(file, "rb") as handle:
                    text = handle.read(verification.MAX_SIZE + 1)
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from None
        result = verification.verify(text)
        self.stdout.write(result.summary)
        if result.format:
            self.stdout.write(f"Format: {result.format}")
        if result.key_id:
            state = "current" if result.key_is_current else "earlier"
            self.stdout.write(f"Key: {result.key_id} ({state})")
        if result.signature_ok:
            self.stdout.write(f"Revoked: {'yes' if result.revoked else 'no'}")
            self.stdout.write(f"Valid from: {result.valid_from.isoformat()}")
            if result.valid_until:
                self.stdout.write(f"Valid until: {result.valid_until.isoformat()}")
            self.stdout.write(f"Name: {result.holder}")
            self.stdout.write(f"Achievement: {result.achievement.get('name', '')}")
            self.stdout.write(f"Issued by: {result.issuer_name}")
        for problem in result.problems:
            self.stdout.write(f"- {problem}")
        if result.verdict != verification.VALID:
            raise CommandError(result.verdict)
