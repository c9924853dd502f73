"""produce: an essay and a raw recording in, a published podcast episode out.

Each module in this package is one stage of the pipeline (see `pipeline.run` for the
order) or one boundary to the outside world (ffmpeg, storage, the feed's XML).
"""

__version__ = "0.1.0"
