"""The `wsis` command and the settings every stage reads."""
