"""The values every stage shares: config, models, state, markers, people, issue bodies."""
