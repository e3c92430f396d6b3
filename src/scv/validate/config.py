"""Thresholds of `scv validate`: defaults.yml beside this file, overridden by --config."""

from __future__ import annotations

import copy
from importlib import resources
from pathlib import Path
from typing import Any

import yaml


class ValidationConfigError(Exception):
    """A usage or configuration problem: the message says what to change (exit 2)."""


DEFAULTS_FILE = "defaults.yml"

# Mappings whose keys are chosen by the user (sources, quantiles), not fixed names.
_OPEN_MAPPINGS = {("marts", "quarantine", "max_ratio_by_source")}
_QUANTILE_KEY = "quantiles"


def defaults() -> dict[str, Any]:
    text = resources.files("scv.validate").joinpath(DEFAULTS_FILE).read_text(encoding="utf-8")
    return yaml.safe_load(text)


def load(path: Path | None) -> dict[str, Any]:
    """The defaults, with the values of the YAML file at `path` (if any) laid over them."""
    config = defaults()
    if path is None:
        return config
    try:
        override = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ValidationConfigError(f"cannot read the --config file {path}: {error}") from error
    except yaml.YAMLError as error:
        raise ValidationConfigError(
            f"the --config file {path} is not valid YAML: {error}"
        ) from error
    if override is None:
        return config
    if not isinstance(override, dict):
        raise ValidationConfigError(
            f"the --config file {path} must be a mapping like {DEFAULTS_FILE} "
            "(raw: ..., marts: ...)"
        )
    return merge(config, override, where=())


def merge(base: dict[str, Any], override: dict[str, Any], where: tuple[str, ...]) -> dict[str, Any]:
    merged = copy.deepcopy(base)
    for key, value in override.items():
        path = (*where, str(key))
        if where in _OPEN_MAPPINGS:
            merged[key] = value
            continue
        if key not in base:
            known = ", ".join(str(k) for k in base)
            raise ValidationConfigError(
                f"unknown setting {'.'.join(path)} in --config; known here: {known} "
                f"(see {DEFAULTS_FILE} in scv/validate)"
            )
        if isinstance(base[key], dict) and key == _QUANTILE_KEY:
            # a quantiles mapping replaces the default one: its bounds go together
            if not isinstance(value, dict):
                raise ValidationConfigError(
                    f"{'.'.join(path)} must be a mapping quantile: [low, high]"
                )
            merged[key] = value
        elif isinstance(base[key], dict):
            if not isinstance(value, dict):
                raise ValidationConfigError(f"{'.'.join(path)} must be a mapping, got {value!r}")
            merged[key] = merge(base[key], value, path)
        else:
            merged[key] = value
    return merged


def number(value: Any, name: str, *, allow_none: bool = False) -> float | None:
    """A threshold as a float; a clear error when the config holds something else."""
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationConfigError(f"setting {name} must be a number, got {value!r}")
    return float(value)


def bounds(value: Any, name: str) -> tuple[float | None, float | None]:
    """[low, high] or {min, max}, either side null for unbounded."""
    if isinstance(value, dict) and set(value) <= {"min", "max"}:
        low, high = value.get("min"), value.get("max")
    elif isinstance(value, list | tuple) and len(value) == 2:
        low, high = value
    else:
        raise ValidationConfigError(
            f"setting {name} must be [low, high] or {{min, max}}, got {value!r}"
        )
    low = number(low, f"{name} (low)", allow_none=True)
    high = number(high, f"{name} (high)", allow_none=True)
    if low is not None and high is not None and low > high:
        raise ValidationConfigError(f"setting {name}: low {low} is above high {high}")
    return low, high
