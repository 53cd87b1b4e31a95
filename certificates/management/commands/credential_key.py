"""Make a signing key for the credentials, or show the one in use."""

from django.core.management.base import BaseCommand

from certificates import credentials, keys


class Command(BaseCommand):
    help = (
        "Print a new Ed25519 signing key (PEM) for CREDENTIAL_SIGNING_KEY(_FILE); "
        "with --show, the keys in use and the issuer's DID."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--show", action="store_true", help="Show the current and retired keys."
        )

    def handle(self, *args, show=False, **options):
        if not show:
            self.stdout.write(keys.generate_pem(), ending="")
            return
        self.stdout.write(f"Issuer: {credentials.issuer_did()}")
        current = keys.signing_key()
        self.stdout.write(f"Signing key: {current.kid}")
        self.stdout.write(current.public.pem(), ending="")
        for key in keys.retired_keys():
            self.stdout.write(f"Retired key (still verifies): {key.kid}")
