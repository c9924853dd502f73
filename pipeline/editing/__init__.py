"""The edit decision list: what is cut and why, the host's own corrections, the time map and the review page."""
