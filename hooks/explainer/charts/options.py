"""The options every chart fence accepts (`ChartOptions`), and the constrained types chart options use.

Each chart module defines its own options model on this base.
"""

from __future__ import annotations

from typing import Annotated, ClassVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

__all__ = ["ChartOptions", "Id"]

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
"""A record id, as in a data file's name."""
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class ChartOptions(BaseModel):
    """Options every chart accepts."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)
    refs: ClassVar[dict[str, str]] = {}
    """Option name → the collection its ids belong to."""

    title: Title | None = Field(default=None, description="A title instead of the chart's own.")
