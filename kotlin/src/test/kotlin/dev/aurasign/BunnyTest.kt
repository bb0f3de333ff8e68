package dev.aurasign

import com.fasterxml.jackson.databind.JsonNode
import org.junit.jupiter.api.Test
import kotlin.random.Random
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue

/**
 * Bunny: every case of bunny.json as crates/aura-core/tests/vectors_bunny.rs
 * runs it (each signer's case through its style, every input through the
 * default style, the verifier on every reference URL and every default-style
 * URL), then properties.
 */
class BunnyTest {
    private fun styleOf(kind: String) = when (kind) {
        "node.signUrl" -> BunnyStyle.NODE
        "python.sign_url" -> BunnyStyle.PYTHON
        "go.SignUrl" -> BunnyStyle.GO
        "rust.sign_url" -> BunnyStyle.RUST
        "php.sign_bcdn_url" -> BunnyStyle.PHP
        else -> error("unknown kind $kind")
    }

    private fun text(i: JsonNode, key: String) = i.text(key)?.takeIf { it.isNotEmpty() }
    private fun long(i: JsonNode, key: String): Long? = i.get(key)?.takeIf { it.isIntegralNumber && it.canConvertToLong() }?.asLong()

    /** The arguments as the case passed them; a missing one takes the signer's own default. */
    private fun options(i: JsonNode, style: BunnyStyle) = BunnyOptions(
        style = style,
        expirationTime = long(i, "expiration_time") ?: 86_400,
        expiresAt = long(i, "expires_at"),
        userIp = text(i, "user_ip"),
        directory = i.get("is_directory")?.takeIf { it.isBoolean }?.asBoolean() ?: bunnyDefaultIsDirectory(style),
        pathAllowed = text(i, "path_allowed"),
        countriesAllowed = text(i, "countries_allowed"),
        countriesBlocked = text(i, "countries_blocked"),
        ignoreParams = i.get("ignore_params")?.takeIf { it.isBoolean }?.asBoolean() ?: false,
        speedLimit = long(i, "speed_limit") ?: 0,
    )

    private fun now(i: JsonNode) = Math.floorDiv(i.get("now_ms").asLong(), 1000L)

    private fun sign(i: JsonNode, o: BunnyOptions): String = BunnySigner(i.text("security_key")!!).sign(i.text("url")!!, o, now(i)).url

    /** `%XX` decoded, anything else as it is (Rust's `u8::from_str_radix` also takes a leading `+`). */
    private fun percentDecoded(path: String): ByteArray {
        val b = path.toByteArray(Charsets.UTF_8)
        val out = java.io.ByteArrayOutputStream()
        fun hex(c: Byte) = Character.digit(c.toInt().toChar(), 16).takeIf { c >= 0 }
        var i = 0
        while (i < b.size) {
            val v = if (b[i] == '%'.code.toByte() && i + 2 < b.size) {
                val (x, y) = b[i + 1] to b[i + 2]
                if (x == '+'.code.toByte()) hex(y) else hex(x)?.let { h -> hex(y)?.let { h * 16 + it } }
            } else null
            if (v != null) { out.write(v); i += 3 } else { out.write(b[i].toInt()); i += 1 }
        }
        return out.toByteArray()
    }

    /** A parameter of a signed URL (query or directory segment), decoded. */
    private fun urlParam(url: String, name: String): String? = url.split('?', '&', '/').firstNotNullOfOrNull { piece ->
        piece.removePrefix(name).takeIf { piece.startsWith(name) && it.startsWith("=") }?.substring(1)
    }?.let { String(percentDecoded(it.split('/', '#')[0]), Charsets.UTF_8) }

    /** The viewer a signed URL is meant for: its IP, and a country the signed lists let through. */
    private fun viewerFor(url: String, o: BunnyOptions): BunnyViewer {
        val blocked = urlParam(url, "token_countries_blocked") ?: ""
        val country = urlParam(url, "token_countries")?.split(',')?.map { it.trim() }?.firstOrNull { it.isNotEmpty() }
            ?: listOf("ZZ", "YY").first { !blocked.contains(it) }
        return BunnyViewer(o.userIp, country)
    }

    /** The request path of a signed URL (after the directory segment). */
    private fun requestPath(url: String): String {
        var rest = url.substring(url.indexOf("://") + 3)
        rest = rest.substring(rest.indexOf('/').let { if (it < 0) rest.length else it })
        if (rest.startsWith("/bcdn_token=")) {
            val r = rest.removePrefix("/bcdn_token=")
            rest = r.substring(r.indexOf('/').let { if (it < 0) r.length else it })
        }
        return rest.split('?', '#')[0]
    }

    /** Accepted until `expires` (unless outside `path_allowed`), expired after, refused under another key. */
    private fun verifyRoundTrip(url: String, expires: Long, key: String, o: BunnyOptions): Outcome {
        val viewer = viewerFor(url, o)
        val outsidePath = o.pathAllowed?.let { p -> !percentDecoded(requestPath(url)).startsWithBytes(p.toByteArray(Charsets.UTF_8)) } ?: false
        val verifier = BunnyVerifier(listOf("another-key", key))
        val atExpiry = attempt { verifier.verify(url, expires, viewer) }
        val e = atExpiry.error
        val expectedOk = when {
            e == null && !outsidePath -> atExpiry.getOrThrow().expires == expires
            e is AuraException.AccessDenied && outsidePath -> e.ruleIndex == 0u
            else -> false
        }
        val later = attempt { verifier.verify(url, expires + 1, viewer) }
        val other = attempt { BunnyVerifier(listOf("another-key")).verify(url, expires, viewer) }
        return if (expectedOk && later.error is AuraException.Expired && other.error is AuraException.BadSignature) Outcome.Pass
        else Outcome.Fail("verify $url: at expiry $atExpiry, after $later, other key $other")
    }

    private fun ByteArray.startsWithBytes(p: ByteArray) = size >= p.size && p.indices.all { this[it] == p[it] }

    private fun referenceNotVerified(id: String): String? = when (id) {
        "node-062", "py-062", "rust-033", "php-033" ->
            "locked to ::ffff:1.2.3.4 as the IPv6 /64 ::/64; the verifier reads an IPv4-mapped viewer as the IPv4 address (as Go signs it), so a ::/64 lock does not match it"
        "py-064" -> "locked to fe80::1%eth0: the verifier refuses a viewer IP with a zone"
        "py-091", "go-039", "php-039" -> "\"://not a url?…\" is not an absolute URL; the path the signer hashed (\"not a url\") is not in it"
        else -> null
    }

    @Test
    fun vectors() {
        val cases = cdnVectors("bunny.json").get("cases").toList()
        val t = Tally("bunny.json")
        for (case in cases) {
            val id = case.get("id").asText(); val kind = case.get("kind").asText(); val i = case.get("input")
            val o = options(i, styleOf(kind))
            t.record(kind, id, compareOutput(case.text("output"), attempt { sign(i, o) }))
            val url = case.text("output")
            if (url != null && attempt { BunnySigner(i.text("security_key")!!) }.isSuccess) {
                val expires = url.split("expires=").last().split('/')[0].toLong()
                val outcome = when (val v = verifyRoundTrip(url, expires, i.text("security_key")!!, o)) {
                    is Outcome.Fail -> referenceNotVerified(id)?.let { Outcome.Strict(it) } ?: v
                    else -> v
                }
                t.record("verify_reference_output", id, outcome)
            }
        }
        for (case in cases.filter { it.get("kind").asText() == "python.sign_url" }) {
            val id = case.get("id").asText(); val i = case.get("input")
            var o = options(i, BunnyStyle.DEFAULT)
            if (i.get("is_directory") == null) {
                o = o.copy(directory = false)
                val d = attempt { sign(i, o) }
                val p = attempt { sign(i, o.copy(style = BunnyStyle.PYTHON)) }
                t.record("default", id, when {
                    d.isSuccess && p.isSuccess && d.getOrNull() == p.getOrNull() -> Outcome.Pass
                    d.error is AuraException.InvalidInput && p.isSuccess -> Outcome.Rejected(d.error!!.detail)
                    d.isFailure && p.isFailure -> Outcome.Pass
                    else -> Outcome.Fail("default $d vs python style $p")
                })
            } else {
                t.record("default", id, compareOutput(case.text("output"), attempt { sign(i, o) }))
            }
            val signed = attempt { BunnySigner(i.text("security_key")!!).sign(i.text("url")!!, o, now(i)) }.getOrNull()
            if (signed != null) t.record("verify_default_output", id, verifyRoundTrip(signed.url, signed.expires, i.text("security_key")!!, o))
        }
        assertEquals(emptyList(), t.failures())
    }

    @Test
    fun properties() {
        val rnd = Random(13)
        repeat(300) { n ->
            val key = rnd.word(8, 40)
            val style = BunnyStyle.entries[n % BunnyStyle.entries.size]
            val now = 1_700_000_000L + rnd.nextInt(1_000_000)
            val o = BunnyOptions(
                style = style, expirationTime = rnd.nextLong(1, 86_400), directory = rnd.nextBoolean(),
                userIp = if (rnd.nextBoolean()) "198.51.100.${rnd.nextInt(256)}" else null,
                countriesAllowed = if (rnd.nextBoolean()) "DE,FR" else null,
                speedLimit = if (rnd.nextBoolean()) rnd.nextLong(1, 5000) else 0,
            )
            val path = "/" + rnd.word() + "/" + rnd.word() + ".mp4"
            val signed = BunnySigner(key).sign("https://cdn.example.com$path?q=${rnd.word()}", o, now)
            val verifier = BunnyVerifier(listOf(key))
            val viewer = BunnyViewer(o.userIp, if (o.countriesAllowed != null) "DE" else null)
            assertEquals(signed.expires, verifier.verify(signed.url, now, viewer).expires)
            val host = "https://cdn.example.com".length
            val changed = mutate(signed.url, host, rnd)
            assertFailsWith<AuraException>("$changed accepted") { verifier.verify(changed, now, viewer) }
            assertFailsWith<AuraException.Expired> { verifier.verify(signed.url, signed.expires + 1, viewer) }
        }
    }

    @Test
    fun keysStayOutOfText() {
        val signer = BunnySigner("bunny-SECRET-key")
        val verifier = BunnyVerifier(listOf("bunny-SECRET-key"))
        val signed = signer.sign("https://cdn.example.com/a.mp4", BunnyOptions(), 1_700_000_000)
        assertNoSecret("$signer $verifier $signed", "bunny-SECRET-key")
        assertEquals("BunnySigner(<redacted>)", signer.toString())
    }
}
