"""The home page panel of the chronologies asked of a person's agency."""
