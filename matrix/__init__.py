"""The evidence-based WSIS–SDG Matrix: which cells a tagged project evidences, the count arithmetic that keeps
the stream's tables, and the rule that calls each cell supported, unevidenced or emerging. Pure logic."""
