from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticeConfig(AppConfig):
    """The ten golden tips as a practice: self-assessment, a plan, weekly check-ins.

    Its own app (not part of courses): it follows a participant for weeks after a
    workshop, with its own data, reminders and report; it only reads courses' tips.
    """

    name = "practice"
    verbose_name = _("tips practice")

    def ready(self):
        from functools import partial

        from django.db.models.signals import post_delete, post_save

        from academy.base import privacy
        from courses import dependent_records

        from .logic import checking_in_users, planning_users, rating_users
        from .models import CheckIn, PlanItem, Rating, ReminderSettings
        from .privacy import export_practice

        privacy.register(
            "tips_practice",
            export_practice,
            [
                "practice.Rating",
                "practice.PlanItem",
                "practice.CheckIn",
                "practice.CheckInAnswer",
                "practice.ReminderSettings",
            ],
        )

        # Ratings, plans and check-ins hang on tips: a tip that has them is not
        # removed, and the tips page is not deleted (courses.dependent_records).
        for key, label, users in (
            ("tip_ratings", _("self-ratings"), rating_users),
            ("plan_items", _("plans"), planning_users),
            ("check_in_answers", _("check-ins"), checking_in_users),
        ):
            dependent_records.register(dependent_records.TIPS, key, label, users)
            dependent_records.register(
                dependent_records.PAGES,
                key,
                label,
                partial(users, on_pages=True),
            )

        for model in (Rating, PlanItem, CheckIn, ReminderSettings):
            for signal in (post_save, post_delete):
                signal.connect(
                    forget_practice_card,
                    sender=model,
                    dispatch_uid=f"practice-card-{model.__name__}-{id(signal)}",
                )


def forget_practice_card(instance, **kwargs):
    """The participant's dashboard card changes with every rating, plan, check-in
    and reminder setting."""
    from academy.base.caching import bump_stamp

    bump_stamp(f"practice:{instance.user_id}")
