"""Before an episode goes out: the checks `produce validate` makes, made on that episode by
`produce publish` (and `produce episode`) before listeners can see it.

- the MP3 as listeners will play it: integrated loudness within 1 LU of the show's target,
  true peak at or below its ceiling (measured on the encoded file, not taken from the build);
- the episode's item in the feed as it would be written: Apple's, Spotify's, YouTube's and
  Podcasting 2.0's rules (`validate.check_xml`), and addresses listeners can reach;
- where the storage is remote: the uploaded MP3 at its public address, its size and byte ranges
  (an address this machine cannot reach at all is a warning: it cannot be judged from here).

An episode that fails is not released (the feed is written without it; one already out keeps
its previous files); `--force` releases it all the same, with the problems as warnings.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from ..errors import UserError
from ..show.config import Show
from ..sound.meter import measure_file
from .validate import Problem, address_rules, check_xml, enclosure_problems

LOUDNESS_TOLERANCE_LU = 1.0
PEAK_TOLERANCE_DB = 0.1


def audio_problems(show: Show, mp3: Path) -> list[Problem]:
    """The encoded MP3 against the show's loudness target and true-peak ceiling."""
    try:
        measured = measure_file(mp3)
    except UserError as exc:
        return [Problem(str(mp3), "Media", f"the MP3 cannot be decoded ({exc}); run `produce episode` again")]
    target, ceiling = show.audio.target_lufs, show.audio.true_peak
    out = []
    if abs(measured.integrated - target) > LOUDNESS_TOLERANCE_LU:
        out.append(Problem(str(mp3), "Loudness", f"integrated loudness {measured.integrated:.1f} LUFS; the show's "
                                                 f"target is {target:.0f} LUFS ±{LOUDNESS_TOLERANCE_LU:.0f} (Apple and "
                                                 "Spotify turn a quieter episode up, a louder one down)"))
    if measured.true_peak > ceiling + PEAK_TOLERANCE_DB:
        out.append(Problem(str(mp3), "Loudness", f"true peak {measured.true_peak:.1f} dBTP; the ceiling is "
                                                 f"{ceiling:.1f} dBTP (it would clip once decoded)"))
    return out


def feed_problems(xml: bytes, titles: set[str]) -> dict[str, list[Problem]]:
    """The problems of the items titled `titles` in the feed as it would be written, by title;
    the channel's own problems concern every release and go to each."""
    problems, channel = check_xml(xml)
    if channel is None:
        return {title: problems for title in titles}
    problems += address_rules(channel)[0]
    found: dict[str, list[Problem]] = {title: [] for title in titles}
    for problem in problems:
        for title in titles:
            if problem.where == "channel" or problem.where.startswith(f"item “{title}”"):
                found[title].append(problem)
    return found


def media_problems(xml: bytes, title: str) -> tuple[list[Problem], str]:
    """The item's enclosure fetched at its public address, as an app would: a refusal (403, 404),
    a wrong size or no byte ranges is a problem. An address that cannot be reached from here at
    all (no route, no name) cannot be judged from here: that is said as a note."""
    channel = etree.fromstring(xml).find("channel")
    for item in channel.findall("item"):
        if (item.findtext("title") or "").strip() == title and item.find("enclosure") is not None:
            enclosure = item.find("enclosure")
            problems, unreachable = enclosure_problems(f"item “{title}”", enclosure.get("url", ""),
                                                       enclosure.get("length", ""))
            note = f"{title}: the MP3 could not be fetched at its public address from here ({unreachable}); " \
                   "not checked" if unreachable else ""
            return problems, note
    return [Problem(f"item “{title}”", "RSS", "not in the feed that would be written")], ""
