"""The committee document: HTML from templates, charts, PDF, artifact pass, verify, labels."""
