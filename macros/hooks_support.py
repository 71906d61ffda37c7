"""What the two MkDocs adapters (hooks.py and main.py) share within one process."""
from pathlib import Path

# Set by hooks.on_startup: drafts show only in the local preview (`mkdocs serve`).
state = {"serving": False}


def project_root(config) -> Path:
    """The project folder: where the config file lives (mkdocs.yml and mkdocs.en.yml sit together)."""
    return Path(config.config_file_path).resolve().parent


def include_drafts(config) -> bool:
    return state["serving"]
