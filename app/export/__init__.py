"""Exports of the merged record to the systems behind the counter (SATUSEHAT, SIMRS Khanza, CSV/JSON)."""
