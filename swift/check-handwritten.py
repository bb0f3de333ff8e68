#!/usr/bin/env python3
"""Checks the hand-written Swift against the generated bindings, without a
Swift toolchain (none runs here).

  python3 swift/check-handwritten.py

For swift/Sources/AuraSign/AuraSignClock.swift:
- the `code` switch names every case of the generated `AuraException`, each
  with as many bound values as the case has fields, and no other case;
- every `try f(label: …)` call names a generated function or method `f` whose
  labels, in order, are the call's, with only defaulted parameters left out
  (or one of the hand-written overloads, which must differ from the
  generated ones by leaving out `now:`);
- every type the hand-written signatures name is declared in the generated
  file or is a Swift standard type.
Exits 1 and prints each problem otherwise. A type checker would catch more;
this catches what drifts when the Rust API changes.
"""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
GENERATED = ROOT / "Sources/AuraSign/AuraSign.swift"
HANDWRITTEN = ROOT / "Sources/AuraSign/AuraSignClock.swift"
STANDARD = {"String", "Int64", "UInt64", "UInt32", "UInt16", "Bool", "Double", "Void", "Data"}


def split_top(text: str) -> list[str]:
    """Splits `a: x, b: f(y, z)` on the commas at depth 0."""
    parts, depth, cur = [], 0, ""
    for ch in text:
        if ch in "([{<":
            depth += 1
        elif ch in ")]}>":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        parts.append(cur.strip())
    return parts


def balanced(text: str, start: int) -> str:
    """The text inside the parentheses opening at `start`."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return text[start + 1 : i]
    raise ValueError("unbalanced parentheses")


def signatures(text: str, pattern: str) -> dict[str, list[list[tuple[str, bool]]]]:
    """name -> each overload's parameters as (label, has_default)."""
    found: dict[str, list[list[tuple[str, bool]]]] = {}
    for m in re.finditer(pattern, text):
        params = []
        for p in split_top(balanced(text, m.end() - 1)):
            label = p.split(":")[0].strip().split()[0]
            params.append((label, "=" in p.split(":", 1)[1]))
        found.setdefault(m.group(1), []).append(params)
    return found


def matches(call_labels: list[str], params: list[tuple[str, bool]]) -> bool:
    i = 0
    for label, has_default in params:
        if i < len(call_labels) and call_labels[i] == label:
            i += 1
        elif not has_default:
            return False
    return i == len(call_labels)


def main() -> int:
    gen = GENERATED.read_text()
    hand = HANDWRITTEN.read_text()
    problems = []

    # 1. The error cases.
    enum = re.search(r"public\s+enum AuraException: Swift\.Error[^{]*\{(.*?)\n\}", gen, re.S)
    cases = {}
    for m in re.finditer(r"\n    case (\w+)\(", enum.group(1)):
        fields = balanced(enum.group(1), m.end() - 1)
        cases[m.group(1)] = len(split_top(fields))
    bound = {}
    for m in re.finditer(r"let \.(\w+)\(", hand):
        bound[m.group(1)] = len(split_top(balanced(hand, m.end() - 1)))
    for name, n in cases.items():
        if name not in bound:
            problems.append(f"AuraException.{name} is not in the hand-written `code` switch")
        elif bound[name] != n:
            problems.append(f"AuraException.{name} has {n} fields; the switch binds {bound[name]}")
    problems += [f"the switch names .{n}, which AuraException does not have" for n in bound if n not in cases]

    # 2. Calls into the generated API.
    generated = signatures(gen, r"(?:public|open) func (\w+)\(")
    handwritten = signatures(hand, r"(?:public )?func (\w+)\(")
    calls = 0
    for m in re.finditer(r"try (\w+)\(", hand):
        name = m.group(1)
        labels = [a.split(":")[0].strip() for a in split_top(balanced(hand, m.end() - 1))]
        calls += 1
        if not any(matches(labels, params) for params in generated.get(name, [])):
            problems.append(f"no generated {name}({''.join(l + ':' for l in labels)})")
    for name, overloads in handwritten.items():
        for params in overloads:
            if name in generated and any(p == params for p in generated[name]):
                problems.append(f"hand-written {name} repeats a generated signature")

    # 3. Types in the hand-written signatures.
    declared = set(re.findall(r"^(?:public|open) (?:class|struct|enum|protocol) (\w+)", gen, re.M))
    for t in set(re.findall(r"(?:: |-> |\[)\[?([A-Z]\w+)", hand)):
        if t not in declared | STANDARD | {"AuraException", "Date"}:
            problems.append(f"type {t} is neither generated nor standard")

    for p in problems:
        print("swift/check-handwritten: " + p, file=sys.stderr)
    if problems:
        return 1
    print(
        f"swift: hand-written AuraSignClock.swift matches the generated API "
        f"({len(cases)} error cases, {calls} calls, {sum(map(len, handwritten.values()))} overloads)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
