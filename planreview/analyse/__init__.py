"""Analysis: year tables, comparison, history, indicators, hints, responses."""
