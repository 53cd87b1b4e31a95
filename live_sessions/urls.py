from django.urls import path

from . import views

app_name = "live_sessions"

urlpatterns = [
    path("sessions/<id:session_id>/register/", views.register, name="register"),
    path(
        "sessions/registrations/<id:registration_id>/cancel/",
        views.cancel,
        name="cancel",
    ),
    path(
        "sessions/registrations/<id:registration_id>/ics/",
        views.calendar_file,
        name="ics",
    ),
    path("sessions/<id:session_id>/attendance/", views.attendance, name="attendance"),
    path(
        "sessions/<id:session_id>/attendance/code/",
        views.attendance_code,
        name="attendance_code",
    ),
    path("sessions/<id:session_id>/check-in/", views.check_in, name="check_in"),
]
