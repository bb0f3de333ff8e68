package dev.aurasign

import com.fasterxml.jackson.databind.JsonNode
import org.json.JSONObject
import org.junit.jupiter.api.Test
import java.util.Base64
import kotlin.test.assertContentEquals
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertNotEquals
import kotlin.test.assertTrue

/**
 * tests/vectors/jose/ (RFC 7515 Appendix A, RFC 7520 §4, RFC 8037 Appendix A)
 * through JwtKey.fromJwk, jwsSignCompact and jwsVerifyCompact, case for case
 * as crates/aura-core/tests/vectors_jose.rs: deterministic signatures
 * re-signed byte for byte, every supported example verified, every altered
 * character refused, missing algorithms refused with alg_not_allowed.
 */
class JoseVectorsTest {
    private val all = listOf("HS256", "RS256", "ES256", "EdDSA")
    private fun algs(names: List<String>) = names.map { n -> JwtAlgorithm.entries.single { jwtAlgorithmName(it) == n } }
    private val deterministic = setOf("HS256", "RS256", "EdDSA")

    private data class Case(
        val id: String, val alg: String, val jwk: JsonNode?, val token: String?,
        val payload: ByteArray, val deterministic: Boolean,
    )

    private fun b64u(s: String): ByteArray = Base64.getUrlDecoder().decode(s)

    private fun cookbookCase(id: String, alg: String, jwk: JsonNode, signing: JsonNode, compact: String?, payload: ByteArray): Case {
        val token = when {
            compact != null && compact.contains("..") -> // detached content, re-attached (RFC 7515 App. F)
                listOf(signing.text("protected_b64u")!!, signing.text("sig-input")!!.split(".")[1], signing.text("sig")!!).joinToString(".")
            compact != null -> compact
            signing.present("protected_b64u") -> signing.text("sig-input") + "." + signing.text("sig") // JSON serialization only
            else -> return Case(id, alg, jwk, null, payload, false)
        }
        return Case(id, alg, jwk, token, payload, alg in deterministic)
    }

    private val cases: List<Case> = run {
        val out = mutableListOf<Case>()
        val names = vectorFile("jose").list()!!.filter { it.endsWith(".json") }.sorted()
        for (name in names) {
            val doc = cdnVectors("jose/$name")
            if (name.startsWith("rfc7515")) {
                for (e in doc.get("examples")) {
                    out += Case("RFC7515 " + e.text("id"), e.text("alg")!!, e.get("key"), e.text("compact"),
                        e.text("payload")!!.toByteArray(), e.get("reproducible").asBoolean())
                }
            } else if (name.startsWith("4_") || name.startsWith("curve25519")) {
                val id = if (name.startsWith("curve25519")) "RFC8037 A.4" else "RFC7520 " + name.substringBefore('.').replace('_', '.')
                val input = doc.get("input")
                val payload = input.text("payload")!!.toByteArray()
                if (input.get("key").isArray) {
                    doc.get("signing").forEachIndexed { i, s ->
                        out += cookbookCase("$id[$i]", input.get("alg")[i].asText(), input.get("key")[i], s, null, payload)
                    }
                } else {
                    out += cookbookCase(id, input.text("alg")!!, input.get("key"), doc.get("signing"), doc.get("output").text("compact"), payload)
                }
            }
        }
        out
    }

    private fun codeOf(f: () -> Unit): String = try {
        f(); "ok"
    } catch (e: AuraException) {
        e.code
    }

    private fun tampered(token: String) = token.indices.map { i ->
        token.substring(0, i) + (if (token[i] == 'A') 'B' else 'A') + token.substring(i + 1)
    }

    @Test
    fun everyFileGivesItsCases() {
        assertEquals(16, cases.size)
        assertEquals(listOf("RFC7520 4.7", "RFC7520 4.8[1]"), cases.filter { it.token == null }.map { it.id })
    }

    @Test
    fun supportedExamplesVerifyResignAndRefuseEveryAlteredCharacter() {
        val rows = mutableListOf<String>()
        for (c in cases.filter { it.alg in all && it.token != null }) {
            val token = c.token!!
            val key = JwtKey.fromJwk(c.jwk.toString())
            assertEquals(c.alg, jwtAlgorithmName(key.algorithm()), c.id)
            assertEquals(c.jwk!!.text("kid"), key.kid(), c.id)
            for (member in listOf("d", "k", "p", "q")) c.jwk.text(member)?.let { assertFalse(key.toString().contains(it), c.id) }
            val verified = jwsVerifyCompact(token, listOf(key), algs(all))
            assertContentEquals(c.payload, verified.payload, c.id)
            assertEquals(c.alg, JSONObject(verified.headerJson).getString("alg"), c.id)
            assertEquals("alg_not_allowed", codeOf { jwsVerifyCompact(token, listOf(key), algs(all - c.alg)) }, c.id)
            val fresh = jwsSignCompact(b64u(token.substringBefore('.')), c.payload, key)
            if (c.deterministic) {
                assertEquals(token, fresh, c.id)
            } else {
                assertNotEquals(token, fresh, c.id)
                assertContentEquals(c.payload, jwsVerifyCompact(fresh, listOf(key), algs(all)).payload, c.id)
            }
            val refused = tampered(token).map { t -> codeOf { jwsVerifyCompact(t, listOf(key), algs(all)) } }
            assertEquals(token.length, refused.size)
            assertFalse("ok" in refused, c.id)
            rows += "${c.id.padEnd(16)} ${c.alg.padEnd(6)} ${if (c.deterministic) "equal" else "random,ok"}  yes  ${refused.size}/${token.length}"
        }
        assertEquals(10, rows.size)
        println("== vectors (Kotlin): jose/ ==\n" + rows.joinToString("\n"))
    }

    @Test
    fun missingAlgorithmsAreRefused() {
        for (c in cases.filter { it.alg !in all && it.token != null }) {
            val keys = mutableListOf<JwtKey>()
            if (c.jwk != null) {
                try {
                    keys += JwtKey.fromJwk(c.jwk.toString())
                } catch (e: AuraException) {
                    assertEquals("unsupported_key_type", e.code, c.id) // P-521
                }
            }
            assertEquals("alg_not_allowed", codeOf { jwsVerifyCompact(c.token!!, keys, algs(all)) }, c.id)
            for (k in keys) assertEquals("alg_not_allowed", codeOf { jwsSignCompact(b64u(c.token!!.substringBefore('.')), c.payload, k) }, c.id)
        }
    }

    @Test
    fun cookbookKeys() {
        val expected = mapOf(
            "3_1.ec_public_key.json" to "unsupported_key_type",
            "3_2.ec_private_key.json" to "unsupported_key_type",
            "3_3.rsa_public_key.json" to "RS256",
            "3_4.rsa_private_key.json" to "RS256",
            "3_5.symmetric_key_mac_computation.json" to "HS256",
            "3_6.symmetric_key_encryption.json" to "invalid_key",
        )
        for ((name, want) in expected) {
            val text = vectorFile("jose/$name").readText()
            val got = try {
                jwtAlgorithmName(JwtKey.fromJwk(text).algorithm())
            } catch (e: AuraException) {
                e.code
            }
            assertEquals(want, got, name)
        }
        val public = JwtKey.fromJwk(vectorFile("jose/3_3.rsa_public_key.json").readText())
        val c = cases.first { it.id == "RFC7520 4.1" }
        assertContentEquals(c.payload, jwsVerifyCompact(c.token!!, listOf(public), listOf(JwtAlgorithm.RS256)).payload)
        assertEquals("not_a_private_key", codeOf { jwsSignCompact("{\"alg\":\"RS256\"}".toByteArray(), "x".toByteArray(), public) })
        assertTrue(cases.any { it.id == "RFC8037 A.4" })
    }
}
