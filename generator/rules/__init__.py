"""The call year's rules and unit costs (data), what each action is, and the checks they imply."""
