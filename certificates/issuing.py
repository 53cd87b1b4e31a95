"""Issuing certificates, changing the name on one, and withdrawing them.

Plain functions without request objects. A certificate is issued when `courses`
announces that a participant finished a workshop (`workshop_finished`, connected in
signal_handlers.py); who finishes what is decided by `courses` alone.

The name on a certificate: a *small* correction (names.py: diacritics, case,
punctuation, spacing, a typo, one name part added or removed, measured against the
name the certificate was issued with or the last one a trainer approved) is made at
once. Any other change is a request: the certificate keeps its name until a trainer
approves it; a rejection leaves it as it is. Either way the participant gets an
email. Against abuse: one request at a time per certificate, and at most
`NAME_CHANGES_PER_PERIOD` changes (made or asked) per certificate in
`NAME_CHANGE_PERIOD`. Every change is kept with who asked, when, from what to what,
its status and who decided when.
"""

import uuid
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from academy.base import translations
from academy.base.models import SiteSettings

from . import emails, names, validity
from .models import Certificate, CertificateNameChange, CertificateRenewal

Status = CertificateNameChange.Status

NAME_CHANGES_PER_PERIOD = 3
NAME_CHANGE_PERIOD = timedelta(days=30)


def issue(user, workshop):
    """Issue the certificate of a finished workshop once; returns it.

    Safe to call again, in any order and concurrently: the unique constraint on
    (participant, workshop) decides, and the first one stays. The participant is
    emailed once, by the call that issued it, after the transaction commits.
    """
    existing = Certificate.objects.filter(user=user, workshop=workshop).first()
    if existing:
        return existing
    branding = SiteSettings.load()
    now = timezone.now()
    try:
        with transaction.atomic():
            certificate = Certificate.objects.create(
                issued_at=now,
                valid_from=now,
                valid_until=validity.expires(now, workshop.certificate_valid_months),
                user=user,
                workshop=workshop,
                name=user.get_full_name(),
                workshop_title=workshop.title,
                translated=translated_texts(workshop, branding),
                language=getattr(user, "preferred_language", settings.LANGUAGE_CODE),
                duration_minutes=workshop.duration_minutes,
                organisation_name=branding.organisation_name,
                trainer_name=workshop.trainer_name,
                signatory_name=branding.signatory_name,
                signatory_role=branding.signatory_role,
            )
    except IntegrityError:
        return Certificate.objects.get(user=user, workshop=workshop)
    # robust: whatever goes wrong with the email, the completion stands.
    transaction.on_commit(
        partial(emails.send_certificate_issued, certificate.pk), robust=True
    )
    return certificate


def translated_texts(workshop, branding):
    """{language: {field: text}} of what a certificate says differently in another
    language: the title of the workshop's live translation, the signatory's role."""
    texts = {}
    for code, _name in settings.LANGUAGES:
        if code == settings.LANGUAGE_CODE:
            continue
        found = {}
        shown = translations.in_language(workshop, code)
        if shown is not workshop and shown.title != workshop.title:
            found["workshop_title"] = shown.title
        role = branding.signatory_role_in(code)
        if role != branding.signatory_role:
            found["signatory_role"] = role
        if found:
            texts[code] = found
    return texts


class RenewalRefused(Exception):
    """A certificate that cannot be renewed now; the message says why."""


def renewable(certificate, now=None):
    """Whether its holder may renew `certificate` now: it expires (or expired), is
    neither revoked nor withdrawn, its workshop has a renewal quiz, and the
    expiry is at most RENEW_BEFORE away."""
    now = now or timezone.now()
    workshop = certificate.workshop
    return bool(
        certificate.valid_until
        and not certificate.is_revoked
        and not certificate.is_withdrawn
        and workshop is not None
        and workshop.renewal_quiz_id
        and certificate.valid_until - now <= validity.RENEW_BEFORE
    )


def renew(certificate, now=None):
    """A new credential for `certificate`: a new id, valid from now for the
    workshop's period. The old credential keeps its signature and its date: it
    simply expires. Kept as a CertificateRenewal; the holder gets an email."""
    now = now or timezone.now()
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if not renewable(certificate, now):
            raise RenewalRefused(_("This certificate cannot be renewed now."))
        months = certificate.workshop.certificate_valid_months
        renewal = CertificateRenewal.objects.create(
            certificate=certificate,
            renewed_at=now,
            old_credential_id=certificate.credential_id,
            old_valid_until=certificate.valid_until,
            new_valid_until=validity.expires(now, months),
        )
        certificate.credential_id = uuid.uuid4()
        certificate.valid_from = now
        certificate.valid_until = renewal.new_valid_until
        certificate.save(update_fields=["credential_id", "valid_from", "valid_until"])
    transaction.on_commit(
        partial(emails.send_certificate_renewed, certificate.pk), robust=True
    )
    return certificate


def renew_after_quiz(user, quiz, now=None):
    """`user` passed `quiz`: renew each of their certificates it is the renewal
    quiz of and that may be renewed now. Returns the renewed ones."""
    renewed = []
    candidates = Certificate.objects.filter(
        user=user, workshop__renewal_quiz=quiz, valid_until__isnull=False
    ).select_related("workshop")
    for certificate in candidates:
        if renewable(certificate, now):
            renewed.append(renew(certificate, now))
    return renewed


class NameChangeRefused(Exception):
    """A name change that is not taken; the message says why, to the participant."""


def clean_name(name):
    return " ".join((name or "").split())


def reference_name(changes, current_name):
    """What a small correction is measured against: the last name a trainer
    approved, else the name the certificate was issued with. `changes` in order."""
    approved = [c for c in changes if c.status == Status.APPROVED]
    if approved:
        return approved[-1].new_name
    return changes[0].old_name if changes else current_name


def correct_name(certificate, new_name, by=None, now=None):
    """The holder changes the name on their certificate.

    A small correction is made at once (status *applied*); anything else becomes a
    request (*pending*) and the certificate keeps its name. Returns the recorded
    change, or None when the name is the same. Raises NameChangeRefused when a
    request is still waiting, when the limit of changes is reached, or when the
    certificate is revoked or withdrawn.
    """
    new_name = clean_name(new_name)
    now = now or timezone.now()
    with transaction.atomic():
        # One change at a time per certificate (PostgreSQL: a row lock; the unique
        # constraint on pending requests holds on every database).
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.is_revoked or locked.is_withdrawn:
            raise NameChangeRefused(
                _("The name on this certificate cannot be changed.")
            )
        if not new_name or new_name == locked.name:
            return None
        changes = list(locked.name_changes.all())
        pending = next((c for c in changes if c.is_pending), None)
        if pending:
            raise NameChangeRefused(
                _(
                    "Your request to change the name to “%(name)s” is waiting for a "
                    "trainer. You can change the name again once it is decided."
                )
                % {"name": pending.new_name}
            )
        recent = [c for c in changes if c.changed_at > now - NAME_CHANGE_PERIOD]
        if len(recent) >= NAME_CHANGES_PER_PERIOD:
            raise NameChangeRefused(
                ngettext(
                    "The name on this certificate was changed %(count)d time in the "
                    "last %(days)d days. Please try again later or ask your trainer.",
                    "The name on this certificate was changed %(count)d times in the "
                    "last %(days)d days. Please try again later or ask your trainer.",
                    len(recent),
                )
                % {"count": len(recent), "days": NAME_CHANGE_PERIOD.days}
            )
        small = names.is_small_change(reference_name(changes, locked.name), new_name)
        try:
            with transaction.atomic():
                change = CertificateNameChange.objects.create(
                    certificate=locked,
                    old_name=locked.name,
                    new_name=new_name,
                    changed_at=now,
                    status=Status.APPLIED if small else Status.PENDING,
                    requested_by=by,
                )
        except IntegrityError:  # a request sent at the same moment won
            raise NameChangeRefused(
                _("A request to change this name is already waiting for a trainer.")
            ) from None
        if small:
            locked.name = new_name
            locked.save(update_fields=["name"])
            certificate.name = new_name
    return change


def pending_name_changes():
    return CertificateNameChange.objects.filter(status=Status.PENDING)


def decide_name_change(change, approve, by, now=None):
    """A trainer approves (the certificate gets the new name) or rejects (it keeps
    its name) a waiting request; the participant is emailed after the commit.
    Returns False when the request was already decided."""
    now = now or timezone.now()
    with transaction.atomic():
        change = (
            CertificateNameChange.objects.select_for_update()
            .filter(pk=change.pk, status=Status.PENDING)
            .first()
        )
        if change is None:
            return False
        change.status = Status.APPROVED if approve else Status.REJECTED
        change.decided_by = by
        change.decided_at = now
        change.save(update_fields=["status", "decided_by", "decided_at"])
        if approve:
            # Nothing else changed the name meanwhile: no change is taken while a
            # request waits.
            certificate = change.certificate
            certificate.name = change.new_name
            certificate.save(update_fields=["name"])
        transaction.on_commit(
            partial(emails.send_name_change_decided, change.pk), robust=True
        )
    return True


def withdraw_certificates_of(user, now=None):
    """The holder deletes their account: each certificate stays as a record without
    personal data (code, workshop, date, organisation), marked withdrawn; its name
    and name changes go. Called before the account is deleted."""
    now = now or timezone.now()
    for certificate in Certificate.objects.filter(user=user, withdrawn_at=None):
        certificate.name_changes.all().delete()
        certificate.name = ""
        certificate.withdrawn_at = now
        # A save, not an update: the verification page's stamp and the search index
        # follow it (signal_handlers.py).
        certificate.save(update_fields=["name", "withdrawn_at"])
