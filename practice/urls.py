from django.urls import path

from . import views

app_name = "practice"

urlpatterns = [
    path("practice/assessment/", views.assessment, name="assessment"),
    path("practice/plan/", views.plan, name="plan"),
    path("practice/check-in/", views.check_in, name="check_in"),
    path("practice/reminders/", views.reminders, name="reminders"),
    path("practice/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
