"""Asynchronous ingestion: jobs on a procrastinate queue kept in our Postgres."""
