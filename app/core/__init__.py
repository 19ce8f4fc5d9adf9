"""The bottom layer: the plain data passed between the pipeline stages and the text utilities every layer
may use (normalisation with offsets, CAS and HS codes, numbers as declarations print them). Imports nothing
of the application."""
