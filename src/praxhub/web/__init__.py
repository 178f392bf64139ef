"""The Django project: settings, URLs, views and templates of the web app and the JSON API."""
