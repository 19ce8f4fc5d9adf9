"""Customs declaration screening for drug precursors (1988 UN Convention, Tables I and II)."""
