from django.urls import path

from . import certificate_views, quiz_views, session_views, views

app_name = "courses"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path(
        "progress/workshops/<int:workshop_id>/start/",
        views.start_workshop,
        name="start_workshop",
    ),
    path(
        "progress/modules/<int:module_id>/done/",
        views.complete_module,
        name="complete_module",
    ),
    path(
        "progress/modules/<int:module_id>/reopen/",
        views.reopen_module,
        name="reopen_module",
    ),
    path(
        "certificates/<slug:code>/",
        certificate_views.certificate_detail,
        name="certificate",
    ),
    path(
        "certificates/<slug:code>.json",
        certificate_views.certificate_json,
        name="certificate_json",
    ),
    path(
        "certificates/<slug:code>/pdf/",
        certificate_views.certificate_pdf_view,
        name="certificate_pdf",
    ),
    path(
        "certificates/<slug:code>/name/",
        certificate_views.correct_certificate_name,
        name="certificate_name",
    ),
    path(
        "sessions/<int:session_id>/register/",
        session_views.register,
        name="session_register",
    ),
    path(
        "sessions/registrations/<int:registration_id>/cancel/",
        session_views.cancel,
        name="session_cancel",
    ),
    path(
        "sessions/registrations/<int:registration_id>/ics/",
        session_views.calendar_file,
        name="session_ics",
    ),
    path(
        "sessions/<int:session_id>/attendance/",
        session_views.attendance,
        name="session_attendance",
    ),
    path(
        "sessions/<int:session_id>/check-in/",
        session_views.check_in,
        name="session_check_in",
    ),
    path("modules/<int:module_id>/quiz/", quiz_views.take_quiz, name="take_quiz"),
    path(
        "modules/<int:module_id>/quiz/attempts/",
        quiz_views.quiz_history,
        name="quiz_history",
    ),
    path(
        "modules/<int:module_id>/quiz/attempts/<int:attempt_id>/",
        quiz_views.quiz_result,
        name="quiz_result",
    ),
]
