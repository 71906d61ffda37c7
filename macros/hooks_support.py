"""State shared by the two MkDocs adapters (hooks.py and main.py) within one process."""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Set by hooks.on_startup: drafts show only in the local preview (`mkdocs serve`).
state = {"serving": False}


def include_drafts(config) -> bool:
    return state["serving"]
