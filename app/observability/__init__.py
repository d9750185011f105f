"""Prometheus metrics, structured request logs and request ids."""
