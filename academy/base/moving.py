"""Moving a model to another app without copying its table: the content types.

Used by the migrations that take a model over from another app (with
`SeparateDatabaseAndState` and the old `db_table`). Renaming the model's content type
keeps everything that points at it: permissions and who holds them (the Trainers
group, single users), search index entries, log entries. Works on the historical
models a migration passes in (`apps`), never on the current ones.
"""

from django.db import IntegrityError, transaction


def move_content_types(apps, old_label, new_label, models):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in models:
        old = ContentType.objects.filter(app_label=old_label, model=model).first()
        if old is None:
            continue
        new = ContentType.objects.filter(app_label=new_label, model=model).first()
        if new is not None:
            # The new code ran against this database before the migration did (a
            # partial `migrate`, a worker started early) and made a content type of
            # its own. Keep the old one, which holds the history, and fold the new
            # one into it.
            _fold(apps, new, old)
        old.app_label = new_label
        old.save(update_fields=["app_label"])


def move_content_types_back(apps, old_label, new_label, models):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in models:
        moved = ContentType.objects.filter(app_label=new_label, model=model).first()
        if moved is None:
            continue
        stale = ContentType.objects.filter(app_label=old_label, model=model).first()
        if stale is not None:
            _fold(apps, stale, moved)
        moved.app_label = old_label
        moved.save(update_fields=["app_label"])


def _fold(apps, duplicate, keep):
    """Move what points at `duplicate` to `keep`, then delete `duplicate`."""
    Permission = apps.get_model("auth", "Permission")
    for permission in Permission.objects.filter(content_type=duplicate):
        same = Permission.objects.filter(
            content_type=keep, codename=permission.codename
        ).first()
        if same is None:
            permission.content_type = keep
            permission.save(update_fields=["content_type"])
            continue
        # Who holds the duplicate gets the kept one (groups and single users).
        for group in permission.group_set.all():
            group.permissions.add(same)
        user_model = apps.get_model(*_user_label(apps))
        for user in user_model.objects.filter(user_permissions=permission):
            user.user_permissions.add(same)
        permission.delete()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if (
                field.is_relation
                and field.related_model is not None
                and field.related_model._meta.label_lower == "contenttypes.contenttype"
                and model._meta.label_lower != "auth.permission"
            ):
                rows = model._base_manager.filter(**{field.name: duplicate})
                try:
                    with transaction.atomic():
                        rows.update(**{field.name: keep})
                except IntegrityError:
                    # The same row exists for the kept type (e.g. a search index
                    # entry): the duplicate's copy is redundant.
                    rows.delete()
    duplicate.delete()


def _user_label(apps):
    from django.conf import settings

    return settings.AUTH_USER_MODEL.split(".")
