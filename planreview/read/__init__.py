"""Reading: files and years, sheets, header rows, cell values, config, status words;
rows -> measures."""
