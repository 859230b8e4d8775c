"""`python -m sotay seed demo` and friends: a thin alias for manage.py commands."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sotay.settings")
    from django.core.management import execute_from_command_line

    args = sys.argv[1:]
    if args[:2] == ["seed", "demo"]:
        args = ["seed_demo", *args[2:]]
    execute_from_command_line(["sotay", *args])


if __name__ == "__main__":
    main()
