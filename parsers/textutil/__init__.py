"""Text utilities shared by the parsers: normalisation, sentences, word frequencies."""
