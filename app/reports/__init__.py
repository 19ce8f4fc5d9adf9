"""Supervisors' figures: flag statistics and the liquids report, read from stored screenings and reviews.

data.py reads the rows (one SQL pass per table, amended declarations counted once), stats.py and liquids.py
aggregate them with plain functions, table.py turns any of them into CSV."""
