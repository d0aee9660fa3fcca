"""Minutes text to a `Meeting`: Markdown, sentences, words and dates."""
