"""factstore: a REST API for a news fact store."""

__version__ = "0.1.0"
