"""Every write of the surveys app, one module per business process."""
