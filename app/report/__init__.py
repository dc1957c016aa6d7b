"""The office's statistics from the audit trail: figures (``stats``), the PDF and CSV (``render``), the
chart (``chart``) and a simulated office day to show them on (``simday``)."""
