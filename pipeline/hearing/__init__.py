"""What was said and how it sounds: the analysis copy, frame levels, and the transcript with word times."""
