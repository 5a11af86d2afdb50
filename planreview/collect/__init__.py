"""The next collection round: pre-filled forms per actor."""
