package dev.aurasign

import org.junit.jupiter.api.Test
import java.util.concurrent.Callable
import java.util.concurrent.Executors
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertTrue

class BehaviourTest {
    private val expected = mapOf(
        "invalid_input" to AuraException.InvalidInput::class, "malformed" to AuraException.Malformed::class,
        "bad_signature" to AuraException.BadSignature::class, "expired" to AuraException.Expired::class,
        "not_yet_valid" to AuraException.NotYetValid::class, "unknown_kid" to AuraException.UnknownKid::class,
        "kid_mismatch" to AuraException.KidMismatch::class, "alg_not_allowed" to AuraException.AlgNotAllowed::class,
        "sub_mismatch" to AuraException.SubMismatch::class, "not_downloadable" to AuraException.NotDownloadable::class,
        "access_denied" to AuraException.AccessDenied::class, "not_a_private_key" to AuraException.NotAPrivateKey::class,
        "invalid_key" to AuraException.InvalidKey::class, "unsupported_key_type" to AuraException.UnsupportedKeyType::class,
        "key_too_small" to AuraException.KeyTooSmall::class, "missing_project_name" to AuraException.MissingProjectName::class,
        "wrong_image" to AuraException.WrongImage::class, "flexible_variant_not_signable" to AuraException.FlexibleVariantNotSignable::class,
        "lifetime_too_long" to AuraException.LifetimeTooLong::class, "remote_error" to AuraException.RemoteException::class,
        "invalid_response" to AuraException.InvalidResponse::class, "key_not_found" to AuraException.KeyNotFound::class,
        "upload_from_url" to AuraException.UploadFromUrl::class, "internal" to AuraException.Internal::class,
    )

    @Test
    fun everyCodeMapsToItsException() {
        val codes = allErrorCodes()
        assertEquals(expected.keys.sorted(), codes.sorted())
        codes.forEachIndexed { index, code ->
            val e = assertFailsWith<AuraException> { throwErrorExample(index.toUInt()) }
            assertEquals(code, e.code)
            assertEquals(expected.getValue(code), e::class)
            assertTrue(e.detail.isNotEmpty())
        }
        // The variants with fields carry the core example's values.
        val fromUrl = assertFailsWith<AuraException.UploadFromUrl> { throwErrorExample(codes.indexOf("upload_from_url").toUInt()) }
        assertEquals(Triple(UploadFromUrlKind.FETCH, "https://example.com/x.jpg", 404.toUShort()), Triple(fromUrl.kind, fromUrl.url, fromUrl.status))
        val remote = assertFailsWith<AuraException.RemoteException> { throwErrorExample(codes.indexOf("remote_error").toUInt()) }
        assertEquals(500.toUShort(), remote.status)
    }

    @Test
    fun eightThreadsShareOneSigner() {
        val aura = AuraImage("sk_live_x", "proj", "psk_live_x", "https://cdn.example")
        val key = StreamKey.fromAny(vectors("cloudflare-stream.json").getJSONArray("keys").getJSONObject(0).getJSONObject("formats").getString("cf_jwk_json"))
        val signer = StreamSigner(key)
        val names = (0 until 300).map { "img-$it" }
        val urls = names.map { aura.getSignedUrl(it, now = 1_700_000_000) }
        val tokens = (0 until 16).map { signer.sign("v$it", now = 1_700_000_000) }
        val pool = Executors.newFixedThreadPool(8)
        try {
            val results = pool.invokeAll((0 until 8).map { Callable { Pair(aura.getSignedUrls(names, now = 1_700_000_000), (0 until 16).map { signer.sign("v$it", now = 1_700_000_000) }) } })
            results.forEach { assertEquals(urls, it.get().first); assertEquals(tokens, it.get().second) }
        } finally {
            pool.shutdown()
        }
        assertEquals(tokens, signer.signMany((0 until 16).map { "v$it" }, StreamTokenOptions(), 1_700_000_000))
    }

    @Test
    fun clockAndVerification() {
        val aura = AuraImage("sk_live_x", "proj", "psk_live_x", "https://cdn.example")
        val token = aura.getSignedUrl("img", expiresIn = 60.0).substringAfter("?token=")
        val now = nowSeconds()
        val claims = verifyServeToken(token, listOf("psk_live_x"), project = "proj", name = "img")
        assertEquals("proj" to "img", claims.project to claims.name)
        assertTrue(claims.exp in (now + 55.0)..(now + 60.0), "exp ${claims.exp} at $now")
        assertEquals("""{"p":"proj","f":"img","exp":${claims.exp.toLong()}}""", claims.payloadJson)
        val ring = KeyRing()
        ring.add("k1", "psk_live_x")
        ring.rotate("k2", "psk_live_y")
        assertEquals(listOf("psk_live_y", "psk_live_x"), ring.verificationSecrets())
        val hs = JwtKey.hmac("a secret of at least thirty-two bytes!", "h")
        assertTrue(jwtDecode(jwtEncode("{\"sub\":\"u\"}", hs, null), listOf(hs), listOf(JwtAlgorithm.HS256)).subject == "u")
        assertFailsWith<AuraException.Expired> { verifyServeToken(token, listOf("psk_live_x"), now = now + 61) }
        assertFailsWith<AuraException.WrongImage> { verifyServeToken(token, listOf("psk_live_x"), "proj", "other", now) }
        assertFailsWith<AuraException.FlexibleVariantNotSignable> { signImagesUrl("https://imagedelivery.net/h/i/w=400", "k") }
        val generated = generateStreamKey(null)
        val key = StreamKey.fromAny(generated.pem, generated.id)
        val t = StreamSigner(key).sign("video")
        assertEquals("video", verifyStreamToken(t, listOf(key.publicKey()), "video").sub)
        assertFailsWith<AuraException.SubMismatch> { verifyStreamToken(t, listOf(key.publicKey()), "other") }
        assertFalse(key.toString().contains(generated.pem.substring(10, 40)))
    }
}
