"""Pure decisions: what to write for a meeting, what carries over, who gets a reminder, what a preview says."""
