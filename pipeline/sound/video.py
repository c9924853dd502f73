"""episode MP3 + artwork → `youtube.mp4`, for hosts who also publish on YouTube.

One ffmpeg pass: the artwork centred on a dark frame (a still, at 2 frames a second), or
an audiogram with the waveform moving under it (25 frames a second). H.264 and AAC, the
length of the MP3. Measured here on 2 minutes of an episode: 4 s as a still, 36 s as an
audiogram, so an hour's audiogram takes a quarter of an hour (it shows a progress bar).
"""

from __future__ import annotations

from pathlib import Path

from .. import ffmpeg
from ..cache import atomic_path
from ..show.config import YouTubeSettings


def render_video(mp3: Path, artwork: Path, out: Path, settings: YouTubeSettings,
                 progress=lambda fraction: None) -> float:
    """Write the video (telling `progress` how far it is); returns its duration in seconds."""
    width, height = (int(v) for v in settings.size.split("x"))
    duration = ffmpeg.probe(mp3).duration
    side = int(height * (0.72 if settings.style == "audiogram" else 1.0))
    background = (f"[0:v]scale={side}:{side},pad={width}:{height}:(ow-iw)/2:"
                  f"{0 if settings.style == 'audiogram' else '(oh-ih)/2'}:color=0x141c26")
    if settings.style == "audiogram":
        fps = 25
        graph = (f"{background},fps={fps}[bg];[1:a]aformat=channel_layouts=mono,showwaves=s={width}x{height - side}"
                 f":mode=cline:rate={fps}:colors=0xecc45e,format=rgba[waves];[bg][waves]overlay=0:{side},"
                 f"format=yuv420p[v]")
        video = ["-c:v", "libx264", "-preset", "veryfast", "-crf", "28"]
    else:
        fps = 2
        graph = f"{background},fps={fps},format=yuv420p[v]"
        video = ["-c:v", "libx264", "-preset", "veryfast", "-tune", "stillimage", "-crf", "28"]
    with atomic_path(out) as tmp:
        ffmpeg.run_with_progress(
            ["-loop", "1", "-framerate", str(fps), "-i", str(artwork), "-i", str(mp3),
             "-filter_complex", graph, "-map", "[v]", "-map", "1:a", *video, "-r", str(fps),
             "-c:a", "aac", "-b:a", "128k", "-t", f"{duration:.3f}", "-movflags", "+faststart", str(tmp)],
            out, "rendering the YouTube video", duration, progress)
    return ffmpeg.probe(out).duration
