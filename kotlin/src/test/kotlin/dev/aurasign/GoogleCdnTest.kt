package dev.aurasign

import com.fasterxml.jackson.databind.JsonNode
import org.junit.jupiter.api.Test
import kotlin.random.Random
import kotlin.test.assertContentEquals
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNull
import kotlin.test.assertTrue

/**
 * Google Cloud CDN and Media CDN: every case of google-cdn.json as crates/aura-core/tests/vectors_google_cdn.rs
 * runs it (the Python sample's bytes and string-to-sign, or a refusal), every reference output through the
 * verifiers (valid until Expires, expired after, refused under another key); then properties and redaction.
 */
class GoogleCdnTest {
    private val file = cdnVectors("google-cdn.json")

    // ------------------------------------------------------------ dates (as the Rust harness)

    /** Python `datetime.fromisoformat` of the vectors' strings: (wall-clock seconds read as UTC, microseconds, UTC offset). */
    private fun parseIso(text: String): Triple<Long, Long, Long?> {
        val date = text.substringBefore('T'); val rest = text.substringAfter('T')
        val d = date.split('-').map { it.toLong() }
        val at = rest.indexOfFirst { it == '+' || it == '-' }
        val (time, offset) = if (at >= 0) rest.substring(0, at) to rest.substring(at) else rest to null
        val hms = time.substringBefore('.'); val frac = if ('.' in time) time.substringAfter('.') else "0"
        val t = hms.split(':').map { it.toLong() }
        val micros = frac.padEnd(6, '0').substring(0, 6).toLong()
        // days_from_civil (Howard Hinnant)
        val (y0, m, day) = Triple(d[0], d[1], d[2])
        val y = if (m <= 2) y0 - 1 else y0
        val era = Math.floorDiv(y, 400L)
        val yoe = y - era * 400
        val mp = (m + 9) % 12
        val doy = (153 * mp + 2) / 5 + day - 1
        val doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        val days = era * 146097 + doe - 719468
        val secs = days * 86400 + t[0] * 3600 + t[1] * 60 + t[2]
        val off = offset?.let { o ->
            val sign = if (o.startsWith('-')) -1 else 1
            val parts = o.substring(1).split(':').map { it.toLong() }
            sign * (parts[0] * 3600 + parts[1] * 60)
        }
        return Triple(secs, micros, off)
    }

    /** `int((dt - epoch).total_seconds())`: truncated toward zero. */
    private fun truncate(secs: Long, micros: Long): Long = (secs * 1_000_000 + micros) / 1_000_000

    /** UTC offset of the zones the vectors use, in January 2026. */
    private fun tzOffset(tz: String?): Long = when (tz) {
        null -> 0
        "America/New_York" -> -5 * 3600
        "Asia/Kolkata" -> 5 * 3600 + 1800
        "Europe/Berlin" -> 3600
        else -> error("unknown tz $tz")
    }

    private enum class Clock {
        /** cdn/snippets.py after #12704: aware datetimes only. */
        AWARE,
        /** media_cdn/snippets.py: naive datetimes, read as UTC. */
        NAIVE_UTC,
        /** dualtoken.py: aware, or naive read as local time. */
        LOCAL,
    }

    /** Why the typed API cannot be given an argument (a Python type error). */
    private class NotExpressible(val why: String) : Exception(why)

    /** The Unix seconds the sample computes. */
    private fun seconds(v: JsonNode, clock: Clock, tz: String?): Long {
        if (!v.isTextual) throw NotExpressible("an int expiration_time is a Python TypeError; the API takes Unix seconds")
        val (secs, micros, offset) = parseIso(v.asText())
        return when {
            clock == Clock.AWARE && offset == null -> throw NotExpressible("a naive datetime is a Python TypeError in cdn/snippets.py; the API takes Unix seconds")
            clock == Clock.NAIVE_UTC && offset != null -> throw NotExpressible("an aware datetime is a Python TypeError in media_cdn/snippets.py; the API takes Unix seconds")
            offset != null -> truncate(secs - offset, micros)
            clock == Clock.LOCAL -> truncate(secs - tzOffset(tz), micros)
            else -> truncate(secs, micros)
        }
    }

    private fun clockOf(kind: String) = when (kind) {
        "cdn_signed_url", "cdn_signed_url_prefix", "cdn_signed_cookie" -> Clock.AWARE
        "media_cdn_signed_url", "media_cdn_signed_url_prefix", "media_cdn_signed_cookie" -> Clock.NAIVE_UTC
        else -> Clock.LOCAL
    }

    private fun JsonNode.truthy(key: String): String? = text(key)?.takeIf { it.isNotEmpty() }
    private fun JsonNode.s(key: String): String = text(key) ?: error("missing string $key in $this")

    // ------------------------------------------------------------ cases

    /** Runs the case through the API (throws NotExpressible when it cannot be expressed). */
    private fun run(kind: String, i: JsonNode): Result<GoogleCdnSigned> {
        val tz = i.text("tz")
        val clock = clockOf(kind)
        val expires = i.get("expiration_time")?.let { seconds(it, clock, tz) }
        val key = i.s("base64_key")
        return when (kind) {
            "cdn_signed_url", "cdn_signed_url_prefix", "cdn_signed_cookie" -> attempt {
                val signer = CloudCdnSigner(i.s("key_name"), key)
                when (kind) {
                    "cdn_signed_url" -> signer.signUrl(i.s("url"), expires!!)
                    "cdn_signed_url_prefix" -> signer.signUrlPrefix(i.s("url"), i.s("url_prefix"), expires!!)
                    else -> signer.signCookie(i.s("url_prefix"), expires!!)
                }
            }
            "media_cdn_signed_url", "media_cdn_signed_url_prefix", "media_cdn_signed_cookie", "media_cdn_path_component" -> attempt {
                val signer = MediaCdnSigner(i.s("key_name"), key)
                when (kind) {
                    "media_cdn_signed_url" -> signer.signUrl(i.s("url"), expires!!)
                    "media_cdn_signed_url_prefix" -> signer.signUrlPrefix(i.s("url"), i.s("url_prefix"), expires!!)
                    "media_cdn_signed_cookie" -> signer.signCookie(i.s("url_prefix"), expires!!)
                    else -> signer.signPathComponent(i.s("url_prefix"), i.s("filename"), expires!!)
                }
            }
            "media_cdn_token" -> {
                // The sample's precedence picks one resource: FullPath > PathGlobs > URLPrefix (truthy values only).
                val resource = i.truthy("full_path")?.let { MediaCdnTokenResource.FullPath(it) }
                    ?: i.truthy("path_globs")?.let { MediaCdnTokenResource.PathGlobs(it) }
                    ?: i.truthy("url_prefix")?.let { MediaCdnTokenResource.UrlPrefix(it) }
                    ?: throw NotExpressible("no resource: the typed API always has one (MediaCdnTokenResource)")
                val headers = (i.get("headers") ?: emptyList<JsonNode>()).map { h ->
                    val value = h.text("value") ?: throw NotExpressible("a header without a value cannot be expressed ((name, value) pairs)")
                    MediaCdnHeader(h.s("name"), value)
                }
                val starts = i.get("start_time")?.let { seconds(it, clock, tz) }
                val options = MediaCdnTokenOptions(resource, starts, expires, i.text("session_id"), i.text("data"), headers, i.text("ip_ranges"))
                attempt { MediaCdnTokenSigner(key, parseMediaCdnTokenAlgorithm(i.s("signature_algorithm"))).sign(options, i.get("now_unix").asLong()) }
            }
            else -> error("unknown kind $kind")
        }
    }

    private fun output(case: JsonNode): String? = case.get("output")?.let { o -> listOf("signed_url", "cookie", "token").firstNotNullOfOrNull { o.text(it) } }

    private fun compare(case: JsonNode, got: Result<GoogleCdnSigned>): Outcome {
        val want = output(case)
        val e = got.error
        return when {
            want == null && e != null -> Outcome.Pass
            want == null -> Outcome.Fail("reference raised ${case.get("error")}, Aura signed ${got.getOrThrow().value}")
            e == null -> {
                val signed = got.getOrThrow()
                val sts = case.get("output").s("string_to_sign")
                if (signed.value == want && signed.stringToSign == sts) Outcome.Pass
                else Outcome.Fail("bytes differ:\n  got  ${signed.value}\n  want $want\n  got  sts ${signed.stringToSign}\n  want sts $sts")
            }
            e is AuraException.InvalidInput -> Outcome.Rejected(e.detail)
            else -> Outcome.Fail("unexpected error $e")
        }
    }

    // ------------------------------------------------------------ verifiers on the reference outputs

    private fun expiresIn(text: String): Long = text.substring(text.lastIndexOf("Expires=") + "Expires=".length).takeWhile { it in '0'..'9' }.toLong()

    /** A key of the same kind that is not the case's. */
    private fun otherKey(key: String, first: String, second: String) = if (key == second) first else second

    private fun publicKeyOf(key: String): ByteArray? = attempt { MediaCdnSigner("k", key).publicKey() }.getOrNull()

    private val edKeys = "vQWlLOQaqCxgT_UiJGpR5W8s0M9C3X5MuX5Coe99Axo=" to "X7H4C9FRM1vsvT5B4BsJsFilMitoVru1CmmV5hBFWLQ="

    /** Accepted until Expires (or refused by the prefix rule where the URL is outside it), expired after, refused under another key; null: not applicable. */
    private fun verifyReference(kind: String, i: JsonNode, output: String): Outcome? {
        val key = i.s("base64_key")
        val keyName = i.text("key_name") ?: ""
        val e = expiresIn(output)
        val outside = when (kind) {
            "cdn_signed_url_prefix", "media_cdn_signed_url_prefix" -> !i.s("url").trim().startsWith(i.s("url_prefix").trim())
            else -> false
        }
        val cookieUrl = i.text("url_prefix")?.let { "${it.trim()}x" }
        fun check(f: (Long) -> Any, other: Result<Any>): Outcome {
            val at = attempt { f(e) }
            val atErr = at.error
            val ok = (atErr == null && !outside) || (outside && atErr is AuraException.AccessDenied && atErr.ruleIndex == 0u)
            val later = attempt { f(e + 1) }
            return if (ok && later.error is AuraException.Expired && (other.error is AuraException.BadSignature || other.error is AuraException.UnknownKid)) Outcome.Pass
            else Outcome.Fail("verify $output: at expiry $at, after $later, other key $other")
        }
        return when (kind) {
            "cdn_signed_url", "cdn_signed_url_prefix", "cdn_signed_cookie" -> {
                val v = attempt { CloudCdnVerifier(mapOf(keyName to key)) }.getOrNull() ?: return null // key name refused by rule
                val other = CloudCdnVerifier(mapOf(keyName to otherKey(key, "dDU4lYX-e6nRQowNdmXWJw==", "3Wl6GHS3A1mJZw_RhS8PzQ==")))
                if (kind == "cdn_signed_cookie") {
                    check({ now -> v.verifyCookie(output, cookieUrl!!, now) }, attempt { other.verifyCookie(output, cookieUrl!!, e) })
                } else {
                    check({ now -> v.verifyUrl(output, now) }, attempt { other.verifyUrl(output, e) })
                }
            }
            "media_cdn_token" -> {
                val (v, other) = if ("~Signature=" in output) {
                    MediaCdnTokenVerifier(ed25519PublicKeys = listOf(publicKeyOf(key)!!)) to
                        MediaCdnTokenVerifier(ed25519PublicKeys = listOf(publicKeyOf(otherKey(key, edKeys.first, edKeys.second))!!))
                } else {
                    MediaCdnTokenVerifier(hmacKeys = listOf(key)) to
                        MediaCdnTokenVerifier(hmacKeys = listOf(otherKey(key, "ZECB2GCGgISWMyGLSM-d6DMUqqSrFqSOsJweQlM6x2k=", "Pi6vwsqGH8AyLx0PDIRpHjS_zhJl-cnJz13UtmqZQ5Q=")))
                }
                val headers = (i.get("headers") ?: emptyList<JsonNode>()).map { MediaCdnHeader(it.s("name"), it.s("value")) }
                val path = i.truthy("full_path")
                    ?: i.truthy("path_globs")?.let { g -> g.trim().split(',', '!').first().replace('*', 'x') }
                    ?: "/"
                val url = "${i.text("url_prefix") ?: ""}x"
                val ip = i.text("ip_ranges")?.split(',')?.first()?.substringBefore('/')?.takeIf { parsesAsIp(it) }
                val request = MediaCdnTokenRequest(url, path, headers, ip)
                val starts = output.split('~').firstNotNullOfOrNull { it.removePrefix("Starts=").takeIf { s -> s != it } }?.toLong()
                val f = { now: Long -> attempt { v.verify(output, request, now) } }
                val otherResult = attempt { other.verify(output, request, e) }
                val beforeStart = starts?.takeIf { it > 0 }?.let { f(it - 1) }
                val (at, later) = f(e) to f(e + 1)
                if (at.isSuccess && later.error is AuraException.Expired && otherResult.error is AuraException.BadSignature &&
                    (beforeStart == null || beforeStart.error is AuraException.NotYetValid)
                ) Outcome.Pass
                else Outcome.Fail("verify $output: at expiry $at, after $later, other key $otherResult, before start $beforeStart")
            }
            else -> {
                val public = publicKeyOf(key) ?: return null // no Ed25519 key
                val v = attempt { MediaCdnVerifier(mapOf(keyName to public)) }.getOrNull() ?: return null // key name refused by rule
                val other = MediaCdnVerifier(mapOf(keyName to publicKeyOf(otherKey(key, edKeys.first, edKeys.second))!!))
                when (kind) {
                    "media_cdn_signed_cookie" -> check({ now -> v.verifyCookie(output, cookieUrl!!, now) }, attempt { other.verifyCookie(output, cookieUrl!!, e) })
                    "media_cdn_path_component" -> check({ now -> v.verifyPathComponent(output, now) }, attempt { other.verifyPathComponent(output, e) })
                    else -> check({ now -> v.verifyUrl(output, now) }, attempt { other.verifyUrl(output, e) })
                }
            }
        }
    }

    @Test
    fun vectors() {
        val t = Tally("google-cdn.json")
        val cases = file.get("cases").toList()
        assertEquals(file.get("counts").get("total").asInt(), cases.size)
        for (case in cases) {
            val id = case.get("id").asText(); val kind = case.get("kind").asText(); val i = case.get("input")
            val outcome = try {
                compare(case, run(kind, i))
            } catch (n: NotExpressible) {
                if (case.has("error")) Outcome.NotApplicable(n.why) else Outcome.Fail("cannot express a case the sample signs: ${n.why}")
            }
            t.record(kind, id, outcome)
            // What Aura refuses to sign (e.g. `~` inside token values) is not expected to verify either.
            if (outcome is Outcome.Rejected) continue
            val out = output(case) ?: continue
            verifyReference(kind, i, out)?.let { t.record("verify.$kind", id, it) }
        }
        assertEquals(emptyList(), t.failures())
    }

    // ------------------------------------------------------------ properties

    private val hmacKey = "dDU4lYX-e6nRQowNdmXWJw=="
    private val seed = edKeys.first
    private val NOW = 1_767_225_600L

    @Test
    fun properties() {
        val rnd = Random(13)
        val cloud = CloudCdnSigner("key-1", hmacKey)
        val cloudV = CloudCdnVerifier(mapOf("key-1" to hmacKey, "key-0" to "3Wl6GHS3A1mJZw_RhS8PzQ=="))
        val media = MediaCdnSigner("key-1", seed)
        val mediaV = MediaCdnVerifier(mapOf("key-1" to media.publicKey()))
        repeat(40) {
            val base = "https://media.example.com/${rnd.word()}/${rnd.word()}"
            val url = if (rnd.nextBoolean()) "$base.m3u8?q=${rnd.word()}" else "$base.m3u8"
            val expires = NOW + rnd.nextLong(60, 864_000)
            for ((sign, verify) in listOf<Pair<(String, Long) -> GoogleCdnSigned, (String, Long) -> GoogleCdnGrant>>(
                cloud::signUrl to cloudV::verifyUrl,
                media::signUrl to mediaV::verifyUrl,
                { u: String, x: Long -> cloud.signUrlPrefix(u, "$base.", x) } to cloudV::verifyUrl,
                { u: String, x: Long -> media.signUrlPrefix(u, "$base.", x) } to mediaV::verifyUrl,
            )) {
                val signed = sign(url, expires).value
                val g = verify(signed, NOW)
                assertEquals("key-1", g.keyName)
                assertEquals(expires, g.expires)
                assertEquals(expires, verify(signed, expires).expires) // valid while now <= Expires
                assertFailsWith<AuraException.Expired> { verify(signed, expires + 1) }
                repeat(4) { assertFailsWith<AuraException> { verify(mutate(signed, url.length, rnd), NOW) } }
            }
            // A prefix signature covers what starts with the prefix, nothing else.
            val prefixed = cloud.signUrlPrefix(url, "$base.", expires).value
            assertFailsWith<AuraException> { cloudV.verifyUrl(prefixed.replaceFirst(base, "$base-other"), NOW) }
            val cookie = cloud.signCookie("$base/", expires).value
            assertEquals("$base/", cloudV.verifyCookie(cookie, "$base/x.ts", NOW).urlPrefix)
            assertFailsWith<AuraException.AccessDenied> { cloudV.verifyCookie(cookie, "https://media.example.com/elsewhere", NOW) }.also { assertEquals(0u, it.ruleIndex) }
            assertFailsWith<AuraException.Expired> { cloudV.verifyCookie(cookie, "$base/x.ts", expires + 1) }
            val mcookie = media.signCookie("$base/", expires).value
            assertEquals(expires, mediaV.verifyCookie(mcookie, "$base/x.ts", NOW).expires)
            assertFailsWith<AuraException> { mediaV.verifyCookie(mutate(mcookie, mcookie.indexOf("Signature="), rnd), "$base/x.ts", NOW) }
            val component = media.signPathComponent("$base/", "seg-${rnd.word()}.ts", expires).value
            assertEquals("$base/", mediaV.verifyPathComponent(component, NOW).urlPrefix)
            assertFailsWith<AuraException.Expired> { mediaV.verifyPathComponent(component, expires + 1) }
            // The signature covers the prefix and the token component, not the file after it (the prefix grants it).
            val cut = component.lastIndexOf('/')
            assertFailsWith<AuraException> { mediaV.verifyPathComponent(mutate(component.substring(0, cut), base.length + 1, rnd) + component.substring(cut), NOW) }
            assertEquals(expires, mediaV.verifyPathComponent(component.substring(0, cut) + "/other.ts", NOW).expires)
        }
        // tokens: Ed25519 and both HMACs
        val tokenKeys = listOf(
            MediaCdnTokenSigner(seed, MediaCdnTokenAlgorithm.ED25519) to MediaCdnTokenVerifier(ed25519PublicKeys = listOf(media.publicKey())),
            MediaCdnTokenSigner(hmacKey, MediaCdnTokenAlgorithm.HMAC_SHA1) to MediaCdnTokenVerifier(hmacKeys = listOf(hmacKey)),
            MediaCdnTokenSigner(hmacKey, parseMediaCdnTokenAlgorithm("SHA256")) to MediaCdnTokenVerifier(hmacKeys = listOf(hmacKey)),
        )
        repeat(30) { n ->
            val (signer, verifier) = tokenKeys[n % tokenKeys.size]
            val dir = "/${rnd.word()}/"
            val expires = NOW + rnd.nextLong(60, 864_000)
            val resource = when (n % 3) {
                0 -> MediaCdnTokenResource.PathGlobs("$dir*")
                1 -> MediaCdnTokenResource.FullPath("${dir}a.ts")
                else -> MediaCdnTokenResource.UrlPrefix("https://media.example.com$dir")
            }
            val options = MediaCdnTokenOptions(resource, starts = NOW - 5, expires = expires, sessionId = rnd.word(), headers = listOf(MediaCdnHeader("X-Viewer", "v1")), ipRanges = "198.51.100.0/24")
            val token = signer.sign(options, NOW)
            val request = MediaCdnTokenRequest("https://media.example.com${dir}a.ts", "${dir}a.ts", listOf(MediaCdnHeader("x-viewer", "v1")), "198.51.100.7")
            val grant = verifier.verify(token.value, request, NOW)
            assertEquals(expires, grant.expires)
            assertEquals(listOf("X-Viewer"), grant.headerNames)
            assertFailsWith<AuraException.Expired> { verifier.verify(token.value, request, expires + 1) }
            assertFailsWith<AuraException.NotYetValid> { verifier.verify(token.value, request, NOW - 6) }
            repeat(4) { assertFailsWith<AuraException> { verifier.verify(mutate(token.value, 0, rnd), request, NOW) } }
            fun denied(r: MediaCdnTokenRequest) = assertFailsWith<AuraException.AccessDenied> { verifier.verify(token.value, r, NOW) }.ruleIndex
            assertEquals(2u, denied(request.copy(ip = "203.0.113.1")))
            assertEquals(3u, denied(request.copy(headers = emptyList())))
            when (resource) {
                is MediaCdnTokenResource.UrlPrefix -> assertEquals(0u, denied(request.copy(url = "https://media.example.com/other/a.ts")))
                else -> assertFailsWith<AuraException> { verifier.verify(token.value, request.copy(path = "/other/a.ts"), NOW) }
            }
        }
        // A token under the default expiry (now + 3600), and no key name in a token.
        val t = MediaCdnTokenSigner(seed, MediaCdnTokenAlgorithm.ED25519).sign(MediaCdnTokenOptions(MediaCdnTokenResource.PathGlobs("/*")), NOW)
        assertEquals(NOW + 3600, MediaCdnTokenVerifier(listOf(media.publicKey())).verify(t.value, MediaCdnTokenRequest(path = "/a"), NOW).expires)
        assertContentEquals(media.publicKey(), MediaCdnTokenSigner(seed, MediaCdnTokenAlgorithm.ED25519).publicKey())
        assertNull(MediaCdnTokenSigner(hmacKey, MediaCdnTokenAlgorithm.HMAC_SHA256).publicKey())
        // Public keys in their base64url (keyset) form.
        val b64 = java.util.Base64.getUrlEncoder().encodeToString(media.publicKey())
        val signed = media.signUrl("https://media.example.com/a.mp4", NOW + 60).value
        assertEquals("key-1", MediaCdnVerifier.fromBase64(mapOf("key-1" to b64)).verifyUrl(signed, NOW).keyName)
        assertFailsWith<AuraException.UnknownKid> { MediaCdnVerifier.fromBase64(mapOf("key-2" to b64)).verifyUrl(signed, NOW) }
    }

    @Test
    fun refusalsAreTyped() {
        assertFailsWith<AuraException.InvalidInput> { CloudCdnSigner("bad name&", hmacKey) }
        assertFailsWith<AuraException.InvalidKey> { CloudCdnSigner("k", "not base64!") }
        assertFailsWith<AuraException.InvalidInput> { CloudCdnSigner("k", hmacKey).signUrl("https://a.example/x", -1) }
        assertFailsWith<AuraException.InvalidInput> { parseMediaCdnTokenAlgorithm("rsa") }
        assertFailsWith<AuraException.InvalidInput> {
            MediaCdnTokenSigner(seed, MediaCdnTokenAlgorithm.ED25519).sign(MediaCdnTokenOptions(MediaCdnTokenResource.PathGlobs("/a~b")), NOW)
        }
        assertFailsWith<AuraException.InvalidInput> { MediaCdnTokenVerifier().verify("PathGlobs=/*~Expires=1~hmac=00", MediaCdnTokenRequest(ip = "not an ip"), NOW) }
    }

    @Test
    fun keysStayOutOfText() {
        val seedHex = "bd05a52ce41aa82c604ff522246a51e56f2cd0cf42dd7e4cb97e42a1ef7d031a"
        val shown = listOf(
            CloudCdnSigner("key-1", hmacKey), CloudCdnVerifier(mapOf("key-1" to hmacKey)), MediaCdnSigner("key-1", seed),
            MediaCdnTokenSigner(seed, MediaCdnTokenAlgorithm.ED25519), MediaCdnTokenSigner(hmacKey, MediaCdnTokenAlgorithm.HMAC_SHA256),
            MediaCdnTokenVerifier(hmacKeys = listOf(hmacKey)),
        ).joinToString(" ")
        assertNoSecret(shown, hmacKey, hmacKey.trimEnd('='), seed, seed.trimEnd('='), seedHex, "7435389585fe7ba9d1428c0d7665d627")
        assertTrue(shown.contains("key-1") && shown.contains("redacted"), shown)
    }
}
