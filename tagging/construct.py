"""Building pydantic models from values the tagger has already checked, without validating them again.

`builder(Model)` returns a function taking every field positionally, in the model's field order, that makes
the same instance `Model.model_construct(**fields)` would (same `__dict__`, same fields set, no extra, no
private attributes) for a fraction of the cost: model_construct looks up aliases and defaults field by
field on every call, which cost about a fifth of tagging a description. A model that model_construct would
treat differently (aliases, extra="allow", a post-init hook, a root model) gets model_construct itself.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)


def _plain(model: type[BaseModel]) -> bool:
    fields = model.model_fields.values()
    return (
        not model.__pydantic_root_model__
        and model.__pydantic_post_init__ is None
        and model.model_config.get("extra") != "allow"
        and all(f.alias is None and f.validation_alias is None for f in fields)
    )


def _slot_setter(model: type[BaseModel], name: str) -> Callable[[Any, Any], None]:
    """The setter of the slot `name` (a descriptor of BaseModel), called directly: object.__setattr__ looks
    the name up on every call."""
    for klass in model.__mro__:
        if name in klass.__dict__:
            return klass.__dict__[name].__set__
    raise AttributeError(name)


def builder(model: type[M]) -> Callable[..., M]:
    names = tuple(model.model_fields)
    if not _plain(model) or not all(n.isidentifier() for n in names):
        return lambda *values: model.model_construct(**dict(zip(names, values, strict=True)))
    # like dataclasses and namedtuple, the function is written for the model's fields: unpacking the values
    # (a wrong number fails with ValueError, as a strict zip would) into a dict display is the cheapest way
    args = ", ".join(f"v{i}" for i in range(len(names)))
    fields = ", ".join(f"{n!r}: v{i}" for i, n in enumerate(names))
    source = (
        "def build(*values):\n"
        f"    ({args}{',' if len(names) == 1 else ''}) = values\n"
        "    m = new(model)\n"
        f"    set_dict(m, {{{fields}}})\n"
        "    set_fields(m, set(all_set))\n"
        "    set_extra(m, None)\n"
        "    set_private(m, None)\n"
        "    return m\n"
    )
    scope = {
        "model": model, "new": model.__new__, "all_set": frozenset(names),
        "set_dict": _slot_setter(model, "__dict__"), "set_fields": _slot_setter(model, "__pydantic_fields_set__"),
        "set_extra": _slot_setter(model, "__pydantic_extra__"),
        "set_private": _slot_setter(model, "__pydantic_private__"),
    }
    exec(source, scope)  # noqa: S102 - the source holds only the model's field names, which are identifiers
    return scope["build"]
