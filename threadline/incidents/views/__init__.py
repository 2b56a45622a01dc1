"""Pages of incidents: notifying one, the list, the incident page and what is recorded on it."""
