"""`python -m openexpo COMMAND`: the same commands as manage.py."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openexpo.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["openexpo", *sys.argv[1:]])


if __name__ == "__main__":
    main()
