from django.urls import path

from . import views

app_name = "boosters"

urlpatterns = [
    path("boosters/", views.my_boosters, name="mine"),
    path("boosters/now/", views.take, name="take"),
    path("boosters/<id:round_id>/", views.result, name="result"),
    path("boosters/email/", views.email_setting, name="email"),
    path("boosters/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
