"""Shared by the provider vector tests: the Rust tests' outcome rules."""

from __future__ import annotations

from typing import Any, Callable, Dict, Tuple

from aura_sign.errors import AuraError, InvalidInput, KeyFormatError

Outcome = Tuple[str, str]
PASS: Outcome = ("pass", "")


def attempt(call: Callable[[], Any]) -> Tuple[Any, Any]:
    """``(result, None)`` or ``(None, exception)``. A ``TypeError`` is the
    typed API refusing a value of the wrong kind (the Rust harness's
    ``invalid_input`` for it)."""
    try:
        return call(), None
    except (AuraError, TypeError) as e:
        return None, e


def by_rule(e: BaseException, *kinds: type) -> bool:
    return isinstance(e, (InvalidInput, TypeError) + kinds)


def compare(case: Dict[str, Any], got: Any, err: Any, *rule_kinds: type) -> Outcome:
    """Reference bytes, or a refusal by rule where the reference produced
    output, or any refusal where it threw; never other bytes."""
    want = case.get("output")
    if not isinstance(want, str):
        want = None
    if want is None:
        return PASS if err is not None else ("failed", f"reference threw {case.get('error')}, Aura gave {got}")
    if err is None:
        return PASS if got == want else ("failed", f"bytes differ:\n  got  {got}\n  want {want}")
    if by_rule(err, *rule_kinds):
        return ("rejected", getattr(err, "message", str(err)))
    return ("failed", f"unexpected error {err!r}")


KEY_ERRORS = (KeyFormatError,)
