from django.urls import path

from . import quiz_views, views

app_name = "courses"

urlpatterns = [
    path(
        "progress/workshops/<id:workshop_id>/start/",
        views.start_workshop,
        name="start_workshop",
    ),
    path(
        "progress/modules/<id:module_id>/done/",
        views.complete_module,
        name="complete_module",
    ),
    path(
        "progress/modules/<id:module_id>/reopen/",
        views.reopen_module,
        name="reopen_module",
    ),
    path("modules/<id:module_id>/quiz/", quiz_views.take_quiz, name="take_quiz"),
    path(
        "modules/<id:module_id>/quiz/attempts/",
        quiz_views.quiz_history,
        name="quiz_history",
    ),
    path(
        "modules/<id:module_id>/quiz/attempts/<id:attempt_id>/",
        quiz_views.quiz_result,
        name="quiz_result",
    ),
]
