from django.urls import path

from . import views

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
]
