"""Reports over many documents: the corpus (read, verify, unwrap, consolidate, fold), the
summary aggregation and its renderers. Imports core, never typer."""
