package dev.aurasign

import com.fasterxml.jackson.databind.JsonNode
import com.fasterxml.jackson.databind.ObjectMapper
import kotlin.random.Random
import kotlin.test.assertFalse
import kotlin.test.assertTrue

// Shared by the six CDN provider suites (CloudFront, Google, Mux, imgix,
// Bunny, Akamai): loading a vector file (member order kept), the outcome of
// one case, the typed-API adapters the Rust vector tests use (whole seconds,
// `invalid_input` for what a typed API cannot take), property helpers.

/** A vector file through Jackson (member order kept: parameter order is signed). */
fun cdnVectors(name: String): JsonNode = ObjectMapper().readTree(vectorFile(name))

/** A field as text, or null when absent, null or not a string. */
fun JsonNode.text(key: String): String? = get(key)?.takeIf { it.isTextual }?.asText()

fun JsonNode.present(key: String): Boolean = get(key) != null && !get(key).isNull

fun JsonNode.strings(): List<String> = map { it.asText() }

/** What a binding's adapter raises for input the typed API cannot take (rule 1). */
fun invalidInput(detail: String) = AuraException.InvalidInput("invalid_input", detail)

/** The outcome of one case, as the Rust tests' `Outcome`. */
sealed class Outcome {
    object Pass : Outcome()
    data class Rejected(val why: String) : Outcome()
    data class Strict(val why: String) : Outcome()
    data class NotApplicable(val why: String) : Outcome()
    data class Fail(val why: String) : Outcome()
}

fun Tally.record(kind: String, id: String, outcome: Outcome) = when (outcome) {
    Outcome.Pass -> pass(kind)
    is Outcome.Rejected -> rejected(kind, id, outcome.why)
    is Outcome.Strict -> strict(kind, id, outcome.why)
    is Outcome.NotApplicable -> na(kind, id, outcome.why)
    is Outcome.Fail -> fail(kind, id, outcome.why)
}

/** Runs `f`; an AuraException becomes a failed Result (as Rust's `Result`). */
inline fun <T> attempt(f: () -> T): Result<T> = try { Result.success(f()) } catch (e: AuraException) { Result.failure(e) }

val Result<*>.error: AuraException? get() = exceptionOrNull() as AuraException?

/** `js::time::seconds`: a safe integer number of seconds, else `invalid_input`. */
fun wholeSeconds(what: String, v: JsonNode): Long {
    if (!v.isNumber) throw invalidInput("$what must be a number of seconds, got $v")
    if (v.isIntegralNumber && v.canConvertToLong() && Math.abs(v.asLong()) <= 9007199254740991L) return v.asLong()
    val d = v.asDouble()
    if (d.isFinite() && d % 1.0 == 0.0 && Math.abs(d) <= 9007199254740991.0) return d.toLong()
    throw invalidInput("$what must be an integer number of seconds with |$what| <= 2^53-1, got $v")
}

private val canonicalIpv4 = Regex("""^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$""")

/** Whether Rust's `str::parse::<IpAddr>` (what the Rust tests use to pick a viewer) takes `s`: canonical dotted IPv4, or IPv6. */
fun parsesAsIp(s: String): Boolean = canonicalIpv4.matches(s) ||
    (':' in s && s.all { it in '0'..'9' || it in 'a'..'f' || it in 'A'..'F' || it == ':' || it == '.' } && runCatching { java.net.InetAddress.getByName(s) }.isSuccess)

/** Compares a signing result with the case's `output` (absent: the reference threw). */
fun compareOutput(want: String?, got: Result<String>, ruleCodes: Set<String> = setOf("invalid_input")): Outcome {
    val e = got.error
    return when {
        want == null && e != null -> Outcome.Pass
        want == null -> Outcome.Fail("reference threw, Aura returned ${got.getOrNull()}")
        e == null && got.getOrNull() == want -> Outcome.Pass
        e == null -> Outcome.Fail("bytes differ:\n  got  ${got.getOrNull()}\n  want $want")
        e.code in ruleCodes -> Outcome.Rejected(e.detail)
        else -> Outcome.Fail("unexpected error $e")
    }
}

/** Finishes a suite: prints the table, returns the failures. */
fun Tally.failures(): List<String> = report()

/** Flips one ASCII letter or digit of `s` at or after `from` (a→b, else →a), as the Rust property tests' `mutate`. */
fun mutate(s: String, from: Int, rnd: Random): String {
    val positions = (from until s.length).filter { s[it].isLetterOrDigit() && s[it].code < 128 }
    val i = positions[rnd.nextInt(positions.size)]
    return s.substring(0, i) + (if (s[i] == 'a') 'b' else 'a') + s.substring(i + 1)
}

/** `text` must hold none of the secrets (toString, exceptions). */
fun assertNoSecret(shown: String, vararg secrets: String) {
    for (s in secrets) assertFalse(shown.contains(s), "a secret is printed: $shown")
    assertTrue(shown.isNotEmpty())
}

fun Random.hex(bytes: Int): String = (1..bytes).joinToString("") { "%02x".format(nextInt(256)) }
fun Random.word(min: Int = 1, max: Int = 12): String = (1..nextInt(min, max + 1)).map { "abcdefghijklmnopqrstuvwxyz0123456789-_".random(this) }.joinToString("")
