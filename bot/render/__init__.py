"""Every text the bot writes: GitHub bodies, dry-run output, job summaries, the weekly digest."""
