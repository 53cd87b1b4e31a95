from django.db import models
from django.utils.translation import gettext_lazy as _


class HeadingLevel(models.TextChoices):
    H2 = "h2", _("Section heading")
    H3 = "h3", _("Subheading")
