"""GitHub at the edge: the only code that talks to the API, and the conversion of its answers."""
