"""Present: the CLI, exports, the HTML report and the web UI + JSON API — thin layers over the store."""
