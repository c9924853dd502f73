"""The spoken words against the essay: which word reads which, where the reading starts and ends, the retakes."""
