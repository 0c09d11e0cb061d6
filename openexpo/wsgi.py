"""WSGI entry point (gunicorn openexpo.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openexpo.settings")
application = get_wsgi_application()

from openexpo.visitors.lane import ScanLane  # noqa: E402  (needs the apps loaded)

application = ScanLane(application)
