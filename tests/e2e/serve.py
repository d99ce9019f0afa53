"""The browser tests' server: Django's runserver, living at the run's instant (see tests/instant.py)."""

import sys

from django.core.management import execute_from_command_line

from tests import instant

if __name__ == "__main__":
    instant.start()
    execute_from_command_line(["manage.py", "runserver", "--noreload", sys.argv[1]])
