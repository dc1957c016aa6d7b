"""The export targets: every module here declares one ``TARGET`` (app/export/target.py), and nothing else
needs to name it (app/export/registry.py finds it)."""
