from django.urls import path

from . import views

app_name = "live_sessions"

urlpatterns = [
    path("sessions/<int:session_id>/register/", views.register, name="register"),
    path(
        "sessions/registrations/<int:registration_id>/cancel/",
        views.cancel,
        name="cancel",
    ),
    path(
        "sessions/registrations/<int:registration_id>/ics/",
        views.calendar_file,
        name="ics",
    ),
    path("sessions/<int:session_id>/attendance/", views.attendance, name="attendance"),
    path(
        "sessions/<int:session_id>/attendance/code/",
        views.attendance_code,
        name="attendance_code",
    ),
    path("sessions/<int:session_id>/check-in/", views.check_in, name="check_in"),
]
