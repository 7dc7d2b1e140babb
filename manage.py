#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "citynet.settings")
    # Management commands on a developer's machine run with the development defaults;
    # production sets DEBUG=0 in its environment (docs/deploy.md). The WSGI entry point
    # has no such default: gunicorn always starts in production mode.
    os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
