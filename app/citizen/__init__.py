"""Who is at the counter: the card read (``cardread``), the registry lookup (``lookup``), the merge of
the two into one record (``merge``) and this installation's seal on a saved read (``readseal``)."""
