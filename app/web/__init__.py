"""The officer and supervisor pages: server-rendered HTML over the same pipeline and database as the API."""
