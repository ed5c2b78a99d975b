"""Meeting pages (filled in by the proeftuinen work)."""
