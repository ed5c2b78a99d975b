"""Initiative pages."""
