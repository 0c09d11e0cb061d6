"""`manage.py load-hs CSV`: the hyphenated name of the `load_hs` command."""

from openexpo.core.management.commands.load_hs import Command

__all__ = ["Command"]
