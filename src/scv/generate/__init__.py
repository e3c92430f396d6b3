"""Realistic, deterministic demo raw data: GA4 export, CRM and commerce extracts.

`scv generate` (see cli.py) calls `generate(GenerateConfig(...))` in runner.py.
"""

from scv.generate.config import GenerateConfig

__all__ = ["GenerateConfig"]
