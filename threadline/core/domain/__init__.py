"""Pure rules of the core app: working days and deadlines. No Django, no clock, no I/O."""
