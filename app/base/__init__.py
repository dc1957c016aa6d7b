"""The ground floor every other part of ``app`` stands on: where files live (``paths``), the log
(``logsetup``), the clerk's sentences (``clerktext``), settings and their schema, secrets in the OS keyring
(``credentials``), the one file writer (``outfile``), how a print ends (``outcome``), CSV cells and typed
values. Imports nothing else of ``app``."""
