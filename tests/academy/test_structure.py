"""The layout the import rules describe (pyproject.toml, README "What is where")."""

import pkgutil
import tomllib
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission

import academy
from academy.base import trainers

ROOT = Path(__file__).resolve().parents[2]


def contracts():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return {c["id"]: c for c in config["tool"]["importlinter"]["contracts"]}


def test_every_module_of_the_roof_is_in_the_import_rules():
    """A new module in academy/ (outside base/ and users/) is part of the roof, which
    no app may import: it must be named in the contracts, or the rule misses it."""
    roof = {
        f"academy.{module.name}"
        for module in pkgutil.iter_modules(academy.__path__)
        if module.name not in ("base", "users")
    }
    for contract_id in ("roof", "ground-floor"):
        forbidden = set(contracts()[contract_id]["forbidden_modules"])
        assert roof <= forbidden, (contract_id, sorted(roof - forbidden))


@pytest.mark.django_db
def test_the_trainers_group_may_do_exactly_what_one_place_says():
    group = Group.objects.get(name=trainers.TRAINERS)
    granted = {
        (f"{p.content_type.app_label}.{p.content_type.model}", p.codename)
        for p in group.permissions.select_related("content_type")
    }
    listed = {
        (label, codename)
        for label, codenames in trainers.MODEL_PERMISSIONS.items()
        for codename in codenames
    }
    assert granted == listed
    pages = set(group.page_permissions.values_list("permission__codename", flat=True))
    assert pages == set(trainers.PAGE_PERMISSIONS)


@pytest.mark.django_db
def test_migrate_brings_the_trainers_group_back_to_the_list():
    from django.core.management import call_command

    group = Group.objects.get(name=trainers.TRAINERS)
    group.permissions.add(Permission.objects.get(codename="delete_user"))
    group.permissions.remove(Permission.objects.get(codename="view_certificate"))

    call_command("migrate", verbosity=0)  # nothing to apply: post_migrate still runs

    codenames = set(group.permissions.values_list("codename", flat=True))
    assert "delete_user" not in codenames and "view_certificate" in codenames
