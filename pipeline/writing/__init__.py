"""Text on the edited timeline: chapters, captions and transcripts, show notes."""
