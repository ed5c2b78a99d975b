"""Round and pool pages."""
