package dev.aurasign

import com.fasterxml.jackson.databind.JsonNode
import com.fasterxml.jackson.databind.ObjectMapper
import org.junit.jupiter.api.Test
import java.util.Base64
import kotlin.random.Random
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue

/** Mux: every case of mux.json as crates/aura-core/tests/vectors_mux.rs runs it, then properties. */
class MuxTest {
    private val file = cdnVectors("mux.json")
    private val keys = file.get("keys").associateBy { it.get("name").asText() }
    private fun field(name: String, f: String) = keys.getValue(name).get(f).asText()

    /** Key text, or null with why it cannot be expressed (n/a), or SHA512 for the WebCrypto SHA-512 key. */
    private sealed class KeyInput {
        data class Text(val text: String) : KeyInput()
        data class NotApplicable(val why: String) : KeyInput()
        object Sha512CryptoKey : KeyInput()
    }

    private fun input(key: JsonNode?): KeyInput {
        if (key == null || key.isNull) return KeyInput.Text("")
        val form = key.get("form").asText()
        if (form == "literal") return KeyInput.Text(key.get("value").asText())
        val name = key.get("name").asText()
        val std = Base64.getEncoder()
        return KeyInput.Text(when (form) {
            "pkcs1_pem", "pkcs8_pem", "base64_pkcs1_pem", "base64_pkcs8_pem", "public_spki_pem", "sec1_pem", "encrypted_pkcs8_pem" -> field(name, form)
            "pkcs1_pem_crlf" -> field(name, "pkcs1_pem").replace("\n", "\r\n")
            "pkcs8_pem_crlf" -> field(name, "pkcs8_pem").replace("\n", "\r\n")
            "pkcs1_pem_padded" -> "\n  ${field(name, "pkcs1_pem")}\n\n"
            "pkcs8_pem_no_newlines" -> field(name, "pkcs8_pem").replace("\n", "")
            "base64_pkcs1_pem_wrapped" -> std.encodeToString(field(name, "pkcs1_pem").toByteArray()).chunked(76).joinToString("\n")
            "base64_sec1_pem" -> std.encodeToString(field(name, "sec1_pem").toByteArray())
            // A CryptoKey imported from the PKCS#8 DER is what a parsed MuxSigningKey is.
            "cryptokey_pkcs8" -> field(name, "pkcs8_pem")
            "cryptokey_pkcs8_sha512" -> return KeyInput.Sha512CryptoKey
            "cryptokey_hmac" -> return KeyInput.NotApplicable("an HMAC CryptoKey: no HMAC key can be a MuxSigningKey (the type is RSA)")
            "uint8array_pkcs1_der" -> return KeyInput.NotApplicable("a Uint8Array key: the API takes key text; mux-node also refuses it")
            else -> error("key form $form")
        })
    }

    private fun public(name: String, kid: String) = MuxPublicKey.fromAny(field(name, "public_spki_pem"), kid)

    private fun options(config: JsonNode) = MuxTokenOptions(
        expiration = config.get("expiration")?.let { if (it.isTextual) MuxExpiration.Span(it.asText()) else MuxExpiration.Seconds(it.asDouble()) },
        params = config.get("params")?.toString(),
    )

    private fun keyId(i: JsonNode): String = i.get("config").text("keyId") ?: if (i.text("key_id_via") == "none") "" else i.text("key_id")!!

    /** One token, or the named tokens of a multi-type request. */
    private fun run(case: JsonNode, keyText: String): Any {
        val i = case.get("input"); val config = i.get("config")
        val now = Math.floorDiv(i.get("now_ms").asLong(), 1000L)
        val id = i.text("id")!!
        val o = options(config)
        val ty = config.text("type")
        val kind = case.get("kind").asText()
        // mux-node resolves the type before the keys; so does this order.
        if (kind.startsWith("signPlaybackId.multi")) {
            val types = config.get("type").map { e ->
                if (e.isTextual) MuxMultiType(parseMuxPlaybackType(e.asText()), null) else MuxMultiType(parseMuxPlaybackType(e[0].asText()), e[1].toString())
            }
            return MuxSigner.fromKeyText(keyId(i), keyText).signPlaybackIds(id, types, o, now)
        }
        return when (kind) {
            "signPlaybackId", "signDrmLicense" -> {
                val t = ty?.let { parseMuxPlaybackType(it) } ?: if (kind == "signDrmLicense") MuxPlaybackType.DRM_LICENSE else MuxPlaybackType.VIDEO
                val signer = MuxSigner.fromKeyText(keyId(i), keyText)
                if (kind == "signDrmLicense" && t == MuxPlaybackType.DRM_LICENSE) signer.signDrmLicense(id, o, now) else signer.signPlaybackId(id, t, o, now)
            }
            "signViewerCounts" -> {
                val t = ty?.let { parseMuxViewerCountType(it) } ?: MuxViewerCountType.VIDEO
                MuxSigner.fromKeyText(keyId(i), keyText).signViewerCounts(id, t, o, now)
            }
            else -> error("kind $kind")
        }
    }

    /** Error codes that stand for the reference's error (by its message). */
    private fun expectedCodes(case: JsonNode): Set<String> {
        val msg = case.get("error").get("message").asText()
        return when {
            msg.startsWith("Invalid signature type") || msg.startsWith("Invalid time span") || msg.startsWith("Signing key required") -> setOf("invalid_input")
            msg.startsWith("Private key required") || msg.startsWith("Specified signing key") -> setOf("invalid_key")
            msg == "Invalid keyData" || msg == "Invalid key type" -> setOf("invalid_key", "not_a_private_key", "unsupported_key_type")
            else -> error("unmapped reference error $msg")
        }
    }

    private fun ruleFor(case: JsonNode): String? = when {
        case.get("tags").any { it.asText() == "prototype_type_quirk" } ->
            "type is an Object.prototype member: mux-node signs without aud (or aud {}); Aura: invalid_input"
        case.get("input").text("id")!!.isEmpty() -> "empty playback id: mux-node silently drops sub; Aura: invalid_input"
        else -> null
    }

    /** The reference token must also pass the verifier (or be refused as expired when the reference made it so). */
    private fun verifyOne(case: JsonNode, token: String, aud: MuxAudience): String? {
        val i = case.get("input")
        val name = i.get("key")?.text("name") ?: return null
        val verifier = MuxVerifier(listOf(public(name, keyId(i))))
        val now = Math.floorDiv(i.get("now_ms").asLong(), 1000L)
        val claims = ObjectMapper().readTree(Base64.getUrlDecoder().decode(token.split('.')[1]))
        val expired = claims.get("exp").asDouble() <= now.toDouble()
        val got = attempt { verifier.verify(token, aud, i.text("id")!!, now = now) }
        return when {
            got.isSuccess && !expired -> null
            got.error is AuraException.Expired && expired -> null
            else -> "verifier: $got (expired $expired)"
        }
    }

    private fun playbackAudience(case: JsonNode): MuxAudience {
        val ty = case.get("input").get("config").text("type")
        return when (case.get("kind").asText()) {
            "signViewerCounts" -> MuxAudience.ViewerCounts(ty?.let { parseMuxViewerCountType(it) } ?: MuxViewerCountType.VIDEO)
            "signDrmLicense" -> MuxAudience.Playback(ty?.let { parseMuxPlaybackType(it) } ?: MuxPlaybackType.DRM_LICENSE)
            else -> MuxAudience.Playback(ty?.let { parseMuxPlaybackType(it) } ?: MuxPlaybackType.VIDEO)
        }
    }

    private fun caseOutcome(case: JsonNode): Outcome {
        val i = case.get("input")
        if (i.present("key_file_path")) return Outcome.NotApplicable("keyFilePath: the core does no I/O (mux-node 15.3.0 also refuses it)")
        val keyText = when (val k = input(i.get("key"))) {
            is KeyInput.Text -> k.text
            is KeyInput.NotApplicable -> return Outcome.NotApplicable(k.why)
            KeyInput.Sha512CryptoKey -> {
                val token = case.get("output").text("token")!!
                val verifier = MuxVerifier(listOf(public(i.get("key").text("name")!!, keyId(i))))
                val got = attempt { verifier.verify(token, playbackAudience(case), i.text("id")!!, now = i.get("now_ms").asLong() / 1000) }
                return if (got.error is AuraException.BadSignature) Outcome.Strict(
                    "a SHA-512 CryptoKey signs under an RS256 header (token does not verify); Aura keys are RS256 only, and its verifier refuses this token (bad_signature)",
                ) else Outcome.Fail("sha512 token: $got")
            }
        }
        val got = attempt { run(case, keyText) }
        if (case.has("error")) {
            val codes = expectedCodes(case)
            val e = got.error
            return when {
                e != null && e.code in codes -> Outcome.Pass
                e != null -> Outcome.Fail("reference ${case.get("error")}; Aura $e (want $codes)")
                else -> Outcome.Fail("reference ${case.get("error")}; Aura signed")
            }
        }
        val out = case.get("output")
        ruleFor(case)?.let { rule ->
            return if (got.error?.code == "invalid_input") Outcome.Rejected(rule) else Outcome.Fail("expected invalid_input by rule, got $got")
        }
        got.error?.let { return Outcome.Fail("Aura refused: $it") }
        return when (val signed = got.getOrThrow()) {
            is String -> {
                val want = out.text("token")
                if (signed != want) Outcome.Fail("token differs\n  got  $signed\n  want $want")
                else verifyOne(case, signed, playbackAudience(case))?.let { Outcome.Fail(it) } ?: Outcome.Pass
            }
            else -> {
                @Suppress("UNCHECKED_CAST") val tokens = signed as List<MuxNamedToken>
                val wantNames = out.get("token_names").strings()
                if (tokens.map { it.name } != wantNames) return Outcome.Fail("names ${tokens.map { it.name }} != $wantNames")
                for (t in tokens) {
                    val want = out.get("tokens").get(t.name).text("token")
                    if (t.token != want) return Outcome.Fail("${t.name} differs\n  got  ${t.token}\n  want $want")
                    val ty = MuxPlaybackType.entries.first { muxTokenName(it) == t.name }
                    verifyOne(case, t.token, MuxAudience.Playback(ty))?.let { return Outcome.Fail("${t.name}: $it") }
                }
                Outcome.Pass
            }
        }
    }

    @Test
    fun vectors() {
        val t = Tally("mux.json")
        for (case in file.get("cases")) {
            val kind = case.get("kind").asText() + if (case.has("error")) ".error" else ""
            t.record(kind, case.get("id").asText(), caseOutcome(case))
        }
        assertEquals(emptyList(), t.failures())
    }

    @Test
    fun properties() {
        val rnd = Random(13)
        // The RSA keys of the file (others are there to be refused).
        val signers = keys.keys.filter { keys.getValue(it).has("pkcs8_pem") }.mapNotNull { n -> attempt { MuxSigningKey.fromAny(field(n, "pkcs8_pem")) }.getOrNull()?.let { n to it } }.toMap()
        val names = signers.keys.toList()
        assertTrue(names.isNotEmpty())
        repeat(120) { n ->
            val name = names[n % names.size]
            val kid = "kid-" + rnd.word(4, 20)
            val signer = MuxSigner(kid, signers.getValue(name))
            val verifier = MuxVerifier(listOf(signers.getValue(name).publicKey(kid)))
            val id = rnd.word(10, 40)
            val now = 1_700_000_000L + rnd.nextInt(1_000_000)
            val lifetime = rnd.nextLong(60, 864_000)
            val type = MuxPlaybackType.entries[n % MuxPlaybackType.entries.size]
            val o = MuxTokenOptions(MuxExpiration.Seconds(lifetime.toDouble()), if (rnd.nextBoolean()) """{"time":${rnd.nextInt(100)}}""" else null)
            val token = signer.signPlaybackId(id, type, o, now)
            val claims = verifier.verify(token, MuxAudience.Playback(type), id, now = now)
            assertEquals((now + lifetime).toDouble(), claims.expiresAt)
            assertEquals(id, claims.subject)
            // mux-node's TYPE_TO_AUD
            val aud = mapOf(MuxPlaybackType.VIDEO to "v", MuxPlaybackType.THUMBNAIL to "t", MuxPlaybackType.GIF to "g",
                MuxPlaybackType.STORYBOARD to "s", MuxPlaybackType.STATS to "playback_id", MuxPlaybackType.DRM_LICENSE to "d")
            assertEquals(listOf(aud.getValue(type)), claims.audience)
            assertEquals(kid, ObjectMapper().readTree(claims.claimsJson).get("kid").asText())
            val changed = mutate(token, 0, rnd)
            assertFailsWith<AuraException> { verifier.verify(changed, MuxAudience.Playback(type), id, now = now) }
            assertFailsWith<AuraException.Expired> { verifier.verify(token, MuxAudience.Playback(type), id, now = now + lifetime) }
            assertFailsWith<AuraException.SubMismatch> { verifier.verify(token, MuxAudience.Playback(type), id + "x", now = now) }
        }
    }

    @Test
    fun keysStayOutOfText() {
        val name = keys.keys.filter { keys.getValue(it).has("pkcs8_pem") }.first { attempt { MuxSigningKey.fromAny(field(it, "pkcs8_pem")) }.isSuccess }
        val pem = field(name, "pkcs8_pem")
        val key = MuxSigningKey.fromAny(pem)
        val signer = MuxSigner("kid-1", key)
        val fromText = MuxSigner.fromKeyText("kid-1", field(name, "base64_pkcs1_pem"))
        val verifier = MuxVerifier(listOf(key.publicKey("kid-1")))
        val body = pem.lines().filter { !it.startsWith("-----") && it.isNotEmpty() }
        assertNoSecret("$key $signer $fromText $verifier ${key.publicKey("kid-1")}", *body.toTypedArray(), field(name, "base64_pkcs1_pem").take(60))
        assertTrue(signer.toString().contains("kid-1"), signer.toString())
    }
}
