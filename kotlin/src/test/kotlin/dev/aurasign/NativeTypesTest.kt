package dev.aurasign

import org.json.JSONObject
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNull
import kotlin.test.assertTrue

/**
 * The Kotlin API is typed: verifiers return records (every member checked
 * against what was signed), modes are enums, and each operation has one
 * name, with and without `now`.
 */
class NativeTypesTest {
    private val now = 1_700_000_000L

    @Test
    fun uploadClaimsCarryEverySignedMember() {
        val aura = AuraImage("sk_live_types", "proj", null, null)
        val options = UploadOptions(maxSize = "2mb", allowedTypes = listOf("image/png", "image/webp"), expiresIn = 90.5,
            visibility = Visibility.PRIVATE, name = "a/b", overwrite = true)
        val token = aura.signUpload(options, now)
        val claims = verifyUploadToken(token, listOf("sk_live_types"), now = now)
        // 2mb = 2 * 1024 * 1024 (auraimage.md §3); exp = iat + expiresIn, unrounded.
        assertEquals(
            UploadClaims("proj", 2_097_152.0, listOf("image/png", "image/webp"), now.toDouble(), now + 90.5, "private", "a/b", true, claims.payloadJson),
            claims,
        )
        assertEquals(listOf("projectName", "maxSize", "allowedTypes", "iat", "exp", "visibility", "name", "overwrite"),
            JSONObject(claims.payloadJson).keySet().sortedBy { claims.payloadJson.indexOf("\"$it\":") })
        // The same verification through the resolver overload, and with the clock.
        assertEquals(claims, verifyUploadToken(token, now) { project -> assertEquals("proj", project); listOf("sk_live_types") })
        val fresh = aura.signUpload()
        assertTrue(verifyUploadToken(fresh, listOf("sk_live_types")).exp - nowSeconds() in 3590.0..3600.0)
        assertFailsWith<AuraException.Expired> { verifyUploadToken(token, listOf("sk_live_types"), now = now + 91) }
    }

    @Test
    fun serveClaimsNameTheImage() {
        val aura = AuraImage("sk_live_types", "proj", "psk_live_types", "https://cdn.example")
        val token = aura.getSignedUrl("cats/tom", 120.0, null, now).substringAfter("?token=")
        val claims = verifyServeToken(token, listOf("psk_live_types"), "proj", "cats/tom", now)
        assertEquals(ServeClaims("proj", "cats/tom", now + 120.0, """{"p":"proj","f":"cats/tom","exp":${now + 120}}"""), claims)
        assertFailsWith<AuraException.WrongImage> { verifyServeToken(token, listOf("psk_live_types"), "proj", "cats/jerry", now) }
        assertFailsWith<AuraException.InvalidInput> { verifyServeToken(token, listOf("psk_live_types"), project = "proj", now = now) }
    }

    @Test
    fun streamClaimsCarryTypedRules() {
        val generated = generateStreamKey("kid-types")
        val key = StreamKey.fromAny(generated.pem, generated.id)
        val rules = listOf(
            AccessRule(AccessRuleType.IP_SRC, AccessAction.ALLOW, ip = listOf("203.0.113.0/24")),
            AccessRule(AccessRuleType.IP_GEOIP_COUNTRY, AccessAction.BLOCK, country = listOf("GB", "FR")),
            AccessRule(AccessRuleType.ANY, AccessAction.BLOCK),
        )
        for (style in StreamStyle.entries) {
            val token = StreamSigner(key, null, style).sign("video", StreamTokenOptions(expiresIn = 600, notBefore = now - 5, accessRules = rules, downloadable = true), now)
            val claims = verifyStreamToken(token, listOf(key.publicKey()), "video", StreamVerifyOptions(purpose = StreamPurpose.DOWNLOAD, viewerIp = "203.0.113.9"), now)
            assertEquals("video", claims.sub, "$style")
            assertEquals(now + 600.0, claims.exp, "$style")
            assertEquals(rules, claims.accessRules, "$style")
            assertEquals(true, claims.downloadable, "$style")
            val denied = assertFailsWith<AuraException.AccessDenied> {
                verifyStreamToken(token, listOf(key.publicKey()), "video", StreamVerifyOptions(viewerIp = "198.51.100.1", viewerCountry = "GB"), now)
            }
            assertEquals(1u, denied.ruleIndex)
        }
        assertEquals(RuleDecision(AccessAction.BLOCK, 2u), evaluateAccessRules(rules, "198.51.100.1", "US"))
        assertEquals(RuleDecision(AccessAction.ALLOW, 0u), evaluateAccessRules(rules, "203.0.113.1", "GB"))
    }

    @Test
    fun jwtClaimsAndAlgorithms() {
        val key = JwtKey.hmac("a secret of at least thirty-two bytes!", "h1")
        assertEquals(JwtAlgorithm.HS256, key.algorithm())
        assertEquals(listOf("HS256", "RS256", "ES256", "EdDSA"), JwtAlgorithm.entries.map { jwtAlgorithmName(it) })
        val token = jwtEncode("""{"iss":"me","sub":"u1","aud":["a","b"],"exp":${now + 60},"nbf":$now,"iat":$now,"jti":"j","x":{"y":1}}""", key, null)
        val claims = jwtDecode(token, listOf(key), listOf(JwtAlgorithm.HS256), now = now)
        assertEquals(JwtClaims("me", "u1", listOf("a", "b"), now + 60.0, now.toDouble(), now.toDouble(), "j", claims.claimsJson), claims)
        assertEquals(1, JSONObject(claims.claimsJson).getJSONObject("x").getInt("y"))
        val single = jwtDecode(jwtEncode("""{"aud":"only"}""", key, null), listOf(key), listOf(JwtAlgorithm.HS256), now = now)
        assertEquals(listOf("only"), single.audience)
        assertNull(single.expiresAt)
        assertFailsWith<AuraException.AlgNotAllowed> { jwtDecode(token, listOf(key), listOf(JwtAlgorithm.RS256), now = now) }
        // A clock where the leeway goes is refused loudly, never read as a leeway.
        assertFailsWith<AuraException.InvalidInput> { jwtDecode(token, listOf(key), listOf(JwtAlgorithm.HS256), now) }
    }

    @Test
    fun enumsForModesKindsAndStates() {
        assertTrue(generateSecret(SecretKind.SERVE_SECRET).startsWith("psk_live_"))
        assertTrue(generateSecret(SecretKind.SECRET_KEY).startsWith("sk_live_"))
        val ring = KeyRing()
        ring.add("k1", "psk_live_a", now)
        ring.rotate("k2", "psk_live_b", now + 1)
        ring.revoke("k1")
        assertEquals(listOf(KeyEntry("k1", KeyState.REVOKED, now), KeyEntry("k2", KeyState.ACTIVE, now + 1)), ring.list())
        val url = "https://imagedelivery.net/hash/id/w=400"
        assertFailsWith<AuraException.FlexibleVariantNotSignable> { signImagesUrl(url, "k", 60, ImagesMode.DEFAULT, now) }
        assertTrue(signImagesUrl(url, "k", 60, ImagesMode.WORKER, now).startsWith("$url?exp=${now + 60}&sig="))
        val fit = buildServeUrl(ServeUrlOptions("https://cdn.example", "p", "n", width = 10u, fit = ServeFit.FACE))
        assertTrue(fit.contains("fit=face"), fit)
    }
}
