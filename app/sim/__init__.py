"""Simulators, for demos and tests only: the simulated card and SAM as a card source (``demo``), the
registry simulator (``registry``) and a simulated office day (``simday``). Only the front ends and
``loket doctor --demo`` import this package (the ``sim-protected`` contract in ``.importlinter``)."""
