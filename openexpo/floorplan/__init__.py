"""The floorplan domain app."""
