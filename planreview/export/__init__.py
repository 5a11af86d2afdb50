"""Files beside the report: JSON summary, CSV, xlsx comparison, atomic writes."""
