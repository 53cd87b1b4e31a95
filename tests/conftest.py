import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.management import call_command
from django.utils import translation

from tests.factories import make_user


def clear_caches():
    from academy.base.caching import clear_local
    from academy.templatetags.academy_tags import _local_admin_access

    for cache in caches.all():
        cache.clear()
    clear_local()
    _local_admin_access.clear()


@pytest.fixture(autouse=True)
def _clear_cache():
    clear_caches()
    yield
    clear_caches()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in Dutch: a request in English must not leak into the next."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def demo(db):
    """The demo content and accounts, as `make run` loads them."""
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def participant(db):
    return make_user("sanne@example.com", full_name="Sanne de Boer")


@pytest.fixture
def trainer(db):
    user = make_user("marieke@example.com", full_name="Marieke van Dijk")
    user.groups.add(Group.objects.get(name="Trainers"))
    return user


@pytest.fixture
def admin_user(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser(
        email="admin@example.com", password="admin-password-123"
    )


@pytest.fixture
def trainer_client(client, trainer):
    client.force_login(trainer)
    return client


@pytest.fixture
def participant_client(client, participant):
    client.force_login(participant)
    return client
