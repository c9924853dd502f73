"""The audio the listener hears: the room cleaned, the voice levelled, the cuts spliced, mastered and tagged."""
