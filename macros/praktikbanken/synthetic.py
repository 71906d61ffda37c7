"""Synthetic cases for benchmarks: valid, realistic and reproducible.

Texts are taken from the real cases (so field lengths match), and facets are drawn with a
fixed seed from every municipality and taxonomy value, so listings and filters see a spread.
"""
from __future__ import annotations

import copy
import random

import yaml

from .guide import Guide


def synthetic_cases(guide: Guide, count: int, seed: int = 1) -> dict[str, str]:
    """{file name: YAML text} for `count` cases built on the real ones."""
    rng = random.Random(seed)
    templates = [c.data for c in guide.cases.values() if not c.draft]
    tax = guide.taxonomies
    municipalities = sorted(tax.municipalities)
    files = {}
    for n in range(1, count + 1):
        data = copy.deepcopy(templates[n % len(templates)])
        data.pop("draft", None)
        data["title"] = {lang: f"{text} ({n})" for lang, text in data["title"].items()}
        data["municipality"] = rng.choice(municipalities)
        data["themes"] = rng.sample(sorted(tax.themes), rng.randint(1, 4))
        data["target_groups"] = rng.sample(sorted(tax.target_groups), rng.randint(1, 3))
        data["municipal_roles"] = rng.sample(sorted(tax.municipal_roles), rng.randint(1, 2))
        data["legal_duties"] = [{"duty": d, "basis": rng.choice(["practice", "chapter", "document"])}
                                for d in rng.sample(sorted(tax.legal_duties), rng.randint(0, 2))]
        if data["legal_duties"]:
            data.pop("no_duty_reason", None)  # only a case without duties says why none applies
        data["status"]["value"] = rng.choice(["ongoing", "ended", "mainstreamed", "unknown"])
        data["related"] = []
        files[f"synthetic-{n:05d}.yaml"] = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return files
