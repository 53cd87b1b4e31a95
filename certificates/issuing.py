"""Issuing certificates, and correcting the name on one.

Plain functions without request objects. A certificate is issued when `courses`
announces that a participant finished a workshop (`workshop_finished`, connected in
signal_handlers.py); who finishes what is decided by `courses` alone.
"""

from django.db import IntegrityError, transaction

from academy.base.models import SiteSettings

from .models import Certificate


def issue(user, workshop):
    """Issue the certificate of a finished workshop once; returns it.

    Safe to call again, in any order and concurrently: the unique constraint on
    (participant, workshop) decides, and the first one stays.
    """
    existing = Certificate.objects.filter(user=user, workshop=workshop).first()
    if existing:
        return existing
    branding = SiteSettings.load()
    try:
        with transaction.atomic():
            return Certificate.objects.create(
                user=user,
                workshop=workshop,
                name=user.get_full_name(),
                workshop_title=workshop.title,
                duration_minutes=workshop.duration_minutes,
                organisation_name=branding.organisation_name,
                trainer_name=workshop.trainer_name,
                signatory_name=branding.signatory_name,
                signatory_role=branding.signatory_role,
            )
    except IntegrityError:
        return Certificate.objects.get(user=user, workshop=workshop)


@transaction.atomic
def correct_name(certificate, new_name):
    """Correct a typo in the printed name; the code stays, the change is recorded."""
    new_name = " ".join(new_name.split())
    if not new_name or new_name == certificate.name:
        return False
    certificate.name_changes.create(old_name=certificate.name, new_name=new_name)
    certificate.name = new_name
    certificate.save(update_fields=["name"])
    return True
