"""Who signs in to the dashboard: judges, organisers, regional offices and the public (registered voters)."""

from typing import Literal

from pydantic import BaseModel, Field

Role = Literal["judge", "organiser", "regional", "public"]
ROLES: tuple[Role, ...] = ("judge", "organiser", "regional", "public")


class User(BaseModel):
    username: str = Field(min_length=2, max_length=64, pattern=r"^[A-Za-z0-9._@-]+$")
    role: Role
    name: str = ""
    organisation: str = Field(default="", description="a judge is never assigned entries of this organisation")
    region: str | None = Field(default=None, description="the ITU region of a regional office user")
