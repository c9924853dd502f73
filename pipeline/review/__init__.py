"""review: `produce review`, a local page to check and correct one episode's edit.

The editor's plan (`build/planned.json`) is drawn over the take's waveform; the host switches
cuts off, moves them, adds his own, listens across each one, sees which script words a cut
takes, saves his decisions as `edits.toml` and renders the episode again from the edit stage
on. `session` is the model, `server` the local HTTP face, `static/` the page (with
wavesurfer.js vendored: nothing is fetched at run time).
"""

from .server import make_review_server
from .session import ReviewSession

__all__ = ["ReviewSession", "make_review_server"]
