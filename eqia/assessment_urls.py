
app_name = "assessments"

# PLACEHOLDER: the content pages (task list, parts, actions) fill this in.
urlpatterns: list = []
