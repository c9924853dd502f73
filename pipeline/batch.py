"""`produce batch`: every episode not yet built (a back catalogue, a network of shows), on
this machine with --jobs or on a Dask cluster with --scheduler.

Each episode is one call of the same stage functions (`run.produce_episode`), submitted
to Dask's scheduler; there is no scheduler of our own. Workers need produce installed
and the show folder at the same path (a shared disk). One failing episode does not stop
the others: its message comes back in the results.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .show.config import Show, load_show
from .show.episode import load_episode
from .errors import UserError
from .publishing.publish import manifest
from .run import produce_episode


@dataclass(frozen=True)
class BatchResult:
    slug: str
    edited_duration: float = 0.0
    cuts: int = 0
    error: str = ""


def pending(show: Show, everything: bool = False) -> list[str]:
    """Slugs of the episodes to build: those with a recording and no complete build (or all)."""
    from .show.episode import find_recording, list_episodes
    out = []
    for episode in list_episodes(show):
        try:
            find_recording(episode.folder)
        except UserError:
            continue
        if everything or manifest(episode) is None:
            out.append(episode.slug)
    return out


def produce_one(root: str, slug: str) -> BatchResult:
    """Build one episode (runs in a worker process)."""
    try:
        show = load_show(Path(root))
        result = produce_episode(show, load_episode(show, show.episodes_dir / slug))
        cuts = len(result.edit_list.edits) if result.edit_list else 0
        return BatchResult(slug, round(result.edited_duration, 3), cuts)
    except UserError as exc:
        return BatchResult(slug, error=str(exc))


def run_batch(show: Show, slugs: list[str], jobs: int = 1, scheduler: str = "",
              on_done: Callable[[BatchResult], None] = lambda result: None) -> list[BatchResult]:
    """Build `slugs`: in this process (jobs=1), on a local Dask cluster, or on the one at
    `scheduler`. `on_done` hears of each episode as it finishes (a back catalogue takes
    hours); the results come back in the order of `slugs`."""
    if not slugs:
        return []
    if jobs <= 1 and not scheduler:
        results = []
        for slug in slugs:
            results.append(produce_one(str(show.root), slug))
            on_done(results[-1])
        return results
    from distributed import Client, LocalCluster, as_completed

    cluster = None if scheduler else LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                                  dashboard_address=None)
    try:
        with Client(scheduler or cluster) as client:
            futures = client.map(produce_one, [str(show.root)] * len(slugs), slugs, pure=False)
            for future in as_completed(futures):
                on_done(future.result())
            return client.gather(futures)
    except OSError as exc:
        raise UserError(f"cannot reach the Dask scheduler {scheduler or 'on this machine'} ({exc})") from None
    finally:
        if cluster is not None:
            cluster.close()
