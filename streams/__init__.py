"""Stream processing: validate raw submissions, normalise and tag them (Faust worker)."""
