"""The show as the host writes it: show.toml, the essays, the episode folders and what was published of them."""
