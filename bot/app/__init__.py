"""The command shells: read minutes files and GitHub, call the pure stages, write, report."""
