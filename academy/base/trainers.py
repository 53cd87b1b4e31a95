"""The one place that says what the *Trainers* group may do.

Trainers edit and publish pages, use images and documents, change the site settings,
write quizzes, and see (and act on) what their participants do: progress, quiz
statistics, certificates (revoke, reinstate), session registrations (attendance).
Nothing else in the admin: no users, groups or other settings.

The group is brought to this list after every `migrate` (post_migrate; idempotent):
what is listed is granted, and a permission on the group that is not listed is
removed, so the list is the truth. App labels are strings: nothing is imported.
"""

TRAINERS = "Trainers"

# Permissions on the whole page tree (the root page) and on every collection.
PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
]
COLLECTION_PERMISSIONS = {
    "wagtailimages.image": ["add_image", "change_image", "choose_image"],
    "wagtaildocs.document": ["add_document", "change_document", "choose_document"],
}
# Model permissions of the group itself.
MODEL_PERMISSIONS = {
    "wagtailadmin.admin": ["access_admin"],
    "base.sitesettings": ["change_sitesettings"],
    # Quizzes: write, preview and publish them; see the statistics of the attempts.
    "quizzes.quiz": [
        "add_quiz",
        "change_quiz",
        "publish_quiz",
        "delete_quiz",
        "view_quiz",
    ],
    "quizzes.attempt": ["view_attempt"],
    # Give one participant extra attempts at a quiz (from the participant's page).
    "quizzes.extraattempts": ["add_extraattempts"],
    # The progress report and each participant's page.
    "courses.enrolment": ["view_enrolment"],
    # Find certificates; revoke or reinstate one.
    "certificates.certificate": ["view_certificate", "change_certificate"],
    # The sessions report; take attendance.
    "live_sessions.registration": ["view_registration", "change_registration"],
    # Translate pages and quizzes with wagtail-localize; see what is missing.
    "wagtail_localize.translation": ["submit_translation"],
}


def _staff_sources():
    """(users flagged staff or superuser, the Trainers group's links to users): two
    small indexed lookups (a partial index of the few staff users; the group's link
    table). One query with an OR across the group join read every user (a
    sequential scan of 100,000 rows, found by `make bench-explain`)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    User = get_user_model()
    flagged = User.objects.filter(Q(is_staff=True) | Q(is_superuser=True)).order_by()
    trainers = User.groups.through.objects.filter(group__name=TRAINERS).order_by()
    return flagged, trainers


def staff_user_ids():
    """The ids of trainers (the Trainers group) and administrators (staff or
    superuser), as one query: their own tries at quizzes and workshops are no
    participant's, and are left out of the statistics and progress reports."""
    flagged, trainers = _staff_sources()
    return flagged.values_list("pk", flat=True).union(
        trainers.values_list("user_id", flat=True)
    )


def staff_condition(user_field="user"):
    """A Q that holds for rows whose `user_field` is a trainer or administrator
    (negate it to keep the participants': e.g. in an aggregate's filter), costing
    the same with 100,000 participants as with ten."""
    from django.db.models import Q

    flagged, trainers = _staff_sources()
    return Q(**{f"{user_field}__in": flagged.values("pk")}) | Q(
        **{f"{user_field}__in": trainers.values("user_id")}
    )


def is_trainer(user):
    """Whether `user` is a trainer (the Trainers group) or an administrator."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or user.is_staff:
        return True
    return user.groups.filter(name=TRAINERS).exists()


def exclude_staff(queryset, user_field="user"):
    """`queryset` without the rows of trainers and administrators."""
    return queryset.exclude(staff_condition(user_field))


def _permission(content_type_model, permission_model, label, codename):
    app_label, model = label.split(".")
    content_type, _ = content_type_model.objects.get_or_create(
        app_label=app_label, model=model
    )
    permission, _ = permission_model.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": codename.replace("_", " ").capitalize()},
    )
    return permission


def sync_trainers_group(apps=None):
    """Give the Trainers group exactly the permissions listed above."""
    from django.apps import apps as global_apps

    apps = apps or global_apps
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model(
        "wagtailcore", "GroupCollectionPermission"
    )

    def permission(label, codename):
        return _permission(ContentType, Permission, label, codename)

    group, _ = Group.objects.get_or_create(name=TRAINERS)
    wanted = [
        permission(label, codename)
        for label, codenames in MODEL_PERMISSIONS.items()
        for codename in codenames
    ]
    group.permissions.set(wanted)
    root_page = Page.objects.filter(depth=1).first()
    if root_page is not None:
        for codename in PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=root_page,
                permission=permission("wagtailcore.page", codename),
            )
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for label, codenames in COLLECTION_PERMISSIONS.items():
            for codename in codenames:
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=root_collection,
                    permission=permission(label, codename),
                )
    return group


NEEDED_TABLES = {
    "auth_group",
    "auth_permission",
    "django_content_type",
    "wagtailcore_page",
    "wagtailcore_collection",
    "wagtailcore_grouppagepermission",
    "wagtailcore_groupcollectionpermission",
}


def after_migrate(sender, using="default", **kwargs):
    """Once per `migrate`, after the last app's post_migrate; skipped while a
    partial migrate has not made the tables it needs yet."""
    from django.db import connections

    if set(connections[using].introspection.table_names()) >= NEEDED_TABLES:
        sync_trainers_group()


def connect():
    from django.apps import apps
    from django.db.models.signals import post_migrate

    # post_migrate is sent once per app that has models, in INSTALLED_APPS order:
    # connected for the last of them, the sync runs once, after every table and
    # content type exists. (An app without models gets no post_migrate at all.)
    last_app = [config for config in apps.get_app_configs() if config.models_module][-1]
    post_migrate.connect(after_migrate, sender=last_app, dispatch_uid="trainers-group")
