"""The browser workbench over the inputs folder (`planreview serve`); needs the `web` extra."""
