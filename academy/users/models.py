from django.conf import settings
from django.contrib.auth.models import (
    AbstractBaseUser,
    BaseUserManager,
    PermissionsMixin,
)
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def language_or_default(code):
    """`code` when the site offers it, else the site's default language."""
    offered = {language for language, _name in settings.LANGUAGES}
    return code if code in offered else settings.LANGUAGE_CODE


class UserManager(BaseUserManager):
    """Creates users and superusers identified by their email address."""

    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email):
        """The whole address in lower case: one account per mailbox, however typed."""
        return (email or "").strip().lower()

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A superuser needs is_staff and is_superuser.")
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email):
        # Logging in with "Anna@Example.com" finds "anna@example.com".
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    """A participant, trainer or administrator; logs in with their email address."""

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(
        _("full name"),
        max_length=150,
        blank=True,
        help_text=_("As it should appear on certificates."),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_(
            "The language of your emails, certificates and credentials; chosen at "
            "sign-up from the language you were reading."
        ),
    )
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Can log in to the Django admin site."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="unique_email_any_case")
        ]
        indexes = [
            # The trainers' reports leave staff out (academy.base.trainers): the few
            # staff users, found without reading every participant.
            models.Index(
                fields=["id"],
                condition=models.Q(is_staff=True) | models.Q(is_superuser=True),
                name="users_staff",
            ),
            # The progress report sorted by name.
            models.Index(fields=["full_name", "email"], name="users_name_email"),
        ]

    def __str__(self):
        return self.get_full_name()

    @property
    def preferred_language(self):
        """The participant's language, or the site's default for one it no longer
        offers."""
        return language_or_default(self.language)

    def clean(self):
        super().clean()
        self.email = UserManager.normalize_email(self.email)

    def save(self, *args, **kwargs):
        self.email = UserManager.normalize_email(self.email)
        super().save(*args, **kwargs)

    def get_full_name(self):
        return self.full_name.strip() or self.email

    def get_short_name(self):
        return self.full_name.split()[0] if self.full_name.strip() else self.email
