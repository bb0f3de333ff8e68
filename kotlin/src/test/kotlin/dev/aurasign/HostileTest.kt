package dev.aurasign

import org.junit.jupiter.api.Test
import java.util.Base64
import kotlin.math.pow
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertTrue

/**
 * Hostile inputs across the uniffi boundary: clocks and second counts no
 * JavaScript number can hold, lone surrogates, NUL, a 100 MB name, JSON
 * nested 200,000 deep, RSA keys of 1 and 16,384 bits, empty secrets. Each is
 * a typed error (an AuraException with its code; a lone surrogate is refused
 * by the generated string conversion before Rust sees it, as `invalid_input`:
 * kotlin/patch-generated.py) or the reference's
 * own result; never a crash, a wrap or a result signed from other text.
 */
class HostileTest {
    private val secret = "sk_live_NEVER_SHOW_THIS_SECRET"
    private val serve = "psk_live_NEVER_SHOW_THIS_EITHER"
    private val aura = AuraImage(secret, "p", serve, "https://cdn.example")
    private val safe = (1L shl 53) - 1

    private fun payload(token: String): String =
        String(Base64.getUrlDecoder().decode(token.substringAfter("?token=").substringBefore('.')))

    private fun invalid(what: String, call: () -> Unit): AuraException.InvalidInput {
        val e = assertFailsWith<AuraException.InvalidInput>(what) { call() }
        assertEquals("invalid_input", e.code, what)
        assertFalse(e.detail.contains(secret) || e.detail.contains(serve), "no secret in $what: ${e.detail}")
        return e
    }

    @Test
    fun clocksNoJavaScriptNumberCanHold() {
        var tried = 0
        for (now in listOf(Long.MAX_VALUE, Long.MIN_VALUE, 1L shl 53, -(1L shl 53), 1L shl 62, -(1L shl 62))) {
            invalid("signedUrl now=$now") { aura.getSignedUrl("a", now = now) }
            invalid("signUpload now=$now") { aura.signUpload(UploadOptions(), now) }
            invalid("verifyServe now=$now") { verifyServeToken(aura.getSignedUrl("a", now = 1000).substringAfter("?token="), listOf(serve), now = now) }
            tried += 3
        }
        // The extremes that are exact sign without wrapping.
        assertTrue(payload(aura.signUpload(UploadOptions(), -safe)).contains("\"exp\":${-safe + 3600}"))
        assertTrue(payload(aura.getSignedUrl("a", expiresIn = 60.0, now = 1000)).endsWith("\"exp\":1060}"))
        println("kotlin hostile clocks: $tried refused")
    }

    @Test
    fun secondCountsThatAreNotNumbersOfSeconds() {
        val hostile = listOf(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e308, -1e308, 2.0.pow(63), 2.0.pow(80), -1.0)
        for (v in hostile) {
            invalid("signedUrl expiresIn=$v") { aura.getSignedUrl("a", expiresIn = v, now = 1000) }
            invalid("signUpload expiresIn=$v") { aura.signUpload(UploadOptions(expiresIn = v), 1000) }
        }
        // −0 and fractions: the SDK's floor and clamp to 60..=604800.
        assertTrue(payload(aura.getSignedUrl("a", expiresIn = -0.0, now = 1000)).endsWith("\"exp\":1060}"))
        assertTrue(payload(aura.getSignedUrl("a", expiresIn = 604800.5, now = 1000)).endsWith("\"exp\":605800}"))
        println("kotlin hostile durations: ${hostile.size * 2} refused")
    }

    @Test
    fun loneSurrogatesAreNeverSignedAsOtherText() {
        for ((name, at) in listOf("a\uD800b" to 1, "\uDFFF" to 0, "x\uD83D" to 1, "\uD83D\uDE00\uDE00" to 2)) {
            val e = assertFailsWith<AuraException.InvalidInput>(name) { aura.getSignedUrl(name, now = 1000) }
            assertEquals("invalid_input", e.code)
            assertTrue(e.detail.contains("lone surrogate at index $at"), e.detail)
            // Every String argument goes through the same conversion: a secret, a verifier's list.
            assertFailsWith<AuraException.InvalidInput> { AuraImage(name, "p", serve, "https://cdn.example") }
            assertFailsWith<AuraException.InvalidInput> { verifyServeToken("x.y", listOf(name), now = 1000) }
        }
        // A surrogate pair is one code point: signed as its UTF-8.
        assertTrue(aura.getSignedUrl("\uD83D\uDE00", now = 1000).contains("/p/%F0%9F%98%80?token="))
        // NUL is text (as in the JS SDK): signed and verified, not refused.
        val url = aura.getSignedUrl("a\u0000b", now = 1000)
        assertTrue(url.contains("/p/a%00b?token="), url)
        assertEquals("a\u0000b", verifyServeToken(url.substringAfter("?token="), listOf(serve), now = 1000).name)
    }

    @Test
    fun aHundredMegabyteName() {
        val name = "a".repeat(100_000_000)
        val url = aura.getSignedUrl(name, now = 1000)
        assertTrue(url.startsWith("https://cdn.example/p/aaaa"))
        val token = url.substringAfter("?token=")
        assertEquals(name, verifyServeToken(token, listOf(serve), now = 1000).name)
        invalid("a 100 MB serve secret is still a secret, the empty one is not") { verifyServeToken(token, listOf(""), now = 1000) }
    }

    @Test
    fun deeplyNestedJsonIsRefusedNotRecursed() {
        val hs = JwtKey.hmac("a secret of at least thirty-two bytes!", "h")
        for (depth in listOf(1_000, 200_000)) {
            val nested = "[".repeat(depth) + "]".repeat(depth)
            assertFailsWith<AuraException>("encode depth $depth") { jwtEncode("{\"a\":$nested}", hs, null) }
            val b64 = Base64.getUrlEncoder().withoutPadding()
            val token = b64.encodeToString("{\"alg\":\"HS256\"}".toByteArray()) + "." +
                b64.encodeToString(nested.toByteArray()) + "." + b64.encodeToString(ByteArray(32))
            val e = assertFailsWith<AuraException.Malformed>("decode depth $depth") { jwtDecode(token, listOf(hs), listOf(JwtAlgorithm.HS256), now = 1000) }
            assertEquals("malformed", e.code)
        }
    }

    private fun derLen(n: Int): ByteArray =
        if (n < 128) byteArrayOf(n.toByte())
        else {
            val b = java.math.BigInteger.valueOf(n.toLong()).toByteArray().dropWhile { it == 0.toByte() }.toByteArray()
            byteArrayOf((0x80 or b.size).toByte()) + b
        }

    private fun derInt(v: java.math.BigInteger): ByteArray {
        val b = v.toByteArray()
        return byteArrayOf(0x02) + derLen(b.size) + b
    }

    private fun derSeq(vararg items: ByteArray): ByteArray {
        val body = items.fold(ByteArray(0)) { a, b -> a + b }
        return byteArrayOf(0x30) + derLen(body.size) + body
    }

    private fun pem(label: String, der: ByteArray): String =
        "-----BEGIN $label-----\n" + Base64.getMimeEncoder(64, "\n".toByteArray()).encodeToString(der) + "\n-----END $label-----\n"

    @Test
    fun rsaKeysOfOneAnd16384Bits() {
        val big = java.math.BigInteger.ONE.shiftLeft(16383).or(java.math.BigInteger.valueOf(0x5a5a5a5bL))
        val e = java.math.BigInteger.valueOf(65537)
        fun private(n: java.math.BigInteger) = pem(
            "RSA PRIVATE KEY",
            derSeq(derInt(java.math.BigInteger.ZERO), derInt(n), derInt(e), *listOf(3L, 5L, 7L, 11L, 13L, 17L).map { derInt(java.math.BigInteger.valueOf(it)) }.toTypedArray()),
        )
        val tooSmall = assertFailsWith<AuraException.KeyTooSmall> { StreamKey.fromAny(private(java.math.BigInteger.ONE), "0123456789abcdef0123456789abcdef") }
        assertEquals("key_too_small", tooSmall.code)
        val huge = assertFailsWith<AuraException> { StreamKey.fromAny(private(big), "0123456789abcdef0123456789abcdef") }
        assertTrue(huge.code == "invalid_key" || huge.code == "unsupported_key_type", huge.code)
        assertFailsWith<AuraException.KeyTooSmall> { StreamPublicKey.fromAny(pem("RSA PUBLIC KEY", derSeq(derInt(java.math.BigInteger.ONE), derInt(e)))) }
        val pub = runCatching { StreamPublicKey.fromAny(pem("RSA PUBLIC KEY", derSeq(derInt(big), derInt(e))), "k") }
        assertTrue(pub.isSuccess || pub.exceptionOrNull() is AuraException, "a typed answer: ${pub.exceptionOrNull()}")
    }

    @Test
    fun emptySecretsAreMisconfigurationNotBadTokens() {
        val token = aura.getSignedUrl("a", now = 1000).substringAfter("?token=")
        invalid("verifyServe with an empty secret") { verifyServeToken(token, listOf(""), now = 1000) }
        invalid("verifyServe with no secret") { verifyServeToken(token, emptyList(), now = 1000) }
        invalid("AuraImage with an empty secret key") { AuraImage("", "p", serve, null) }
        invalid("verifyImages with an empty key") { verifyImagesUrl("https://imagedelivery.net/h/i/public?exp=2000&sig=00", listOf(""), now = 1000) }
    }
}
