"""Generate the CLI reference (``docs/cli.md``) from the real CLI, so the docs cannot drift.

    python -m dateline.present.clidoc > docs/cli.md
"""

from __future__ import annotations

import click

from dateline.present.cli import main


def cli_reference() -> str:
    """Markdown with every command's ``--help`` text."""
    parts = ["# CLI reference\n", "Generated from the CLI by `python -m dateline.present.clidoc`; "
             "a test fails when it is out of date.\n"]  # fmt: skip
    ctx = click.Context(
        main, info_name="dateline", terminal_width=100, max_content_width=100, **main.context_settings
    )
    parts.append(f"## dateline\n\n```\n{main.get_help(ctx)}\n```\n")
    for name in main.list_commands(ctx):
        cmd = main.get_command(ctx, name)
        assert cmd is not None
        sub = click.Context(cmd, info_name=name, parent=ctx, terminal_width=100, max_content_width=100)
        parts.append(f"## dateline {name}\n\n```\n{cmd.get_help(sub)}\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    print(cli_reference(), end="")
