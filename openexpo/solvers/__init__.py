"""Pure algorithms: no Django imports, frozen dataclasses in and out."""
