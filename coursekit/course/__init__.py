"""The course engine: loading and validating data, references and citations, theme, self-check engine."""
