import pytest

from academy.base.models import SiteSettings
from tests.factories import make_workshop

from .helpers import finish


@pytest.fixture
def branding():
    SiteSettings.objects.create(
        organisation_name="Bureau Relatiewerk",
        signatory_name="Marieke van Dijk",
        signatory_role="Trainer",
    )


@pytest.fixture
def certificate(participant, branding):
    return finish(participant, make_workshop(modules=2))
