"""The office's statistics from the audit trail: figures (``stats``), the PDF and CSV (``render``)
and the chart (``chart``); a simulated office day to show them on is ``app.sim.simday``."""
