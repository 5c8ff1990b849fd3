from django.urls import path

from claims import views

app_name = "claims"

urlpatterns = [
    path("", views.article_list, name="home"),
    path("articles/", views.article_list, name="article_list"),
    path("articles/<int:pk>/", views.article_detail, name="article_detail"),
]
