"""The surveys app's services: one module per business process, each write keyword-only and atomic."""
