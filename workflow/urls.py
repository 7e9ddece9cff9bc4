
app_name = "workflow"

# PLACEHOLDER: the workflow pages (submit, review, approve, sign off, history) fill this in.
urlpatterns: list = []
