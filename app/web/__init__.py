"""The fact explorer: server-rendered pages over the store, with a little vanilla JS."""
