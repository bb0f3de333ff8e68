#!/usr/bin/env python3
"""One patch to the Kotlin uniffi generates (kotlin/target/uniffi/…/aura_sign.kt):
a lone surrogate in a String argument is refused as the core's `invalid_input`
(`AuraException.InvalidInput`), as Python and Node refuse it, instead of the
generated conversion's `java.nio.charset.MalformedInputException`.

  python3 kotlin/patch-generated.py <generated .kt file>

The generated conversion already refuses (it encodes with REPORT); only the
exception type changes. Fails loudly when the generated text is not the one
this was written against (uniffi 0.32.2), so an upgrade cannot skip it.
"""
import sys
from pathlib import Path

ORIGINAL = """    fun toUtf8(value: String): ByteBuffer {
        // Make sure we don't have invalid UTF-16, check for lone surrogates.
        return Charsets.UTF_8.newEncoder().run {
            onMalformedInput(CodingErrorAction.REPORT)
            encode(CharBuffer.wrap(value))
        }
    }
"""

PATCHED = """    fun toUtf8(value: String): ByteBuffer {
        // Make sure we don't have invalid UTF-16, check for lone surrogates.
        // Patched by kotlin/patch-generated.py: refused as invalid_input.
        return try {
            Charsets.UTF_8.newEncoder().run {
                onMalformedInput(CodingErrorAction.REPORT)
                encode(CharBuffer.wrap(value))
            }
        } catch (e: java.nio.charset.CharacterCodingException) {
            var at = 0
            while (at < value.length) {
                val c = value[at]
                if (Character.isHighSurrogate(c) && at + 1 < value.length && Character.isLowSurrogate(value[at + 1])) at += 2
                else if (Character.isSurrogate(c)) break
                else at += 1
            }
            throw AuraException.InvalidInput(
                "invalid_input",
                "text contains a lone surrogate at index $at (not Unicode text; it cannot be signed as given)",
            )
        }
    }
"""

path = Path(sys.argv[1])
text = path.read_text()
if text.count(ORIGINAL) != 1:
    sys.exit(f"kotlin/patch-generated.py: the generated string conversion in {path} is not the expected one")
path.write_text(text.replace(ORIGINAL, PATCHED))
print("kotlin: generated String conversion patched (lone surrogate -> AuraException.InvalidInput)")
