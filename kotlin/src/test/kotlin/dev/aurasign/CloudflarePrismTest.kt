package dev.aurasign

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.Timeout
import java.util.Collections
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue

/**
 * Every Cloudflare operation against Prism serving Cloudflare's OpenAPI
 * document (tests/reference/cloudflare-openapi-subset.json) with request
 * validation on: a request that breaks the document gets a 4xx with an
 * `sl-violations` header, and [everyAnswerWasValid] fails the test on it.
 * Prism keeps no state: it answers the document's examples.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class CloudflarePrismTest {
    private lateinit var prism: PrismProcess
    private val seen = Collections.synchronizedList(ArrayList<Pair<TransportRequest, TransportResponse>>())
    private val recording = HttpTransport { req -> UrlConnectionTransport().send(req).also { seen.add(req to it) } }

    @BeforeAll
    fun start() {
        prism = PrismProcess()
    }

    @AfterAll
    fun stop() {
        if (::prism.isInitialized) prism.close()
    }

    @AfterEach
    fun everyAnswerWasValid() {
        val all = synchronized(seen) { seen.toList().also { seen.clear() } }
        for ((req, res) in all) {
            assertNull(res.header("sl-violations"), "Prism refused $req: ${res.header("sl-violations")}")
            assertEquals(200, res.status, "$req: ${String(res.body)}")
        }
    }

    private fun token() = CloudflareCredentials.apiToken("prism-test-token")
    private fun legacy() = CloudflareCredentials.legacy("ops@example.com", "0123456789abcdef0123456789abcdef01234")

    private fun client(credentials: CloudflareCredentials) =
        CloudflareClient(CloudflareApi(ACCOUNT, credentials, prism.base), ExchangeRunner(recording, 20_000, jitter = { 0.0 }))

    @Test
    fun everyOperationWithBothSchemes() = runBlocking {
        for (credentials in listOf(token(), legacy())) {
            val cf = client(credentials)
            val scheme = credentials.scheme()
            val keys = cf.listImagesKeys()
            assertEquals(listOf("default"), keys.map { it.name }, scheme)
            assertEquals(EXAMPLE_IMAGES_KEY, keys[0].value.expose())

            val adopted = cf.ensureSigningKey("default", adopt = true, delete = false)
            assertEquals(EnsureAction.ADOPTED, adopted.action)
            assertEquals(EXAMPLE_IMAGES_KEY, adopted.key.value.expose())
            val refused = assertFailsWith<AuraException.InvalidInput> { cf.ensureSigningKey("default") }
            assertTrue(refused.detail.contains("rotate"), refused.detail)
            assertFailsWith<AuraException.InvalidInput> { cf.createImagesKey("default") }
            assertEquals(EXAMPLE_IMAGES_KEY, cf.rotateImagesKey("default").value.expose())
            assertFailsWith<AuraException.KeyNotFound> { cf.rotateImagesKey("missing") }
            // Prism keeps no state: the PUT passes validation, but its answer lists
            // only the example key, so the new key is not in it.
            assertFailsWith<AuraException.InvalidResponse> { cf.createImagesKey("signing2") }
            assertEquals(1, cf.deleteImagesKey("signing2").size)
            assertIs<Removal.Kept>(cf.removeSigningKey("default", delete = false))
            assertIs<Removal.Deleted>(cf.removeSigningKey("default"))
            assertIs<Removal.AlreadyGone>(cf.removeSigningKey("missing"))

            for (require in listOf(true, false)) {
                assertEquals("string", cf.setImageRequireSignedUrls("img1", require).id, "the document's example id")
            }
            val image = cf.imageDetails("img1")
            assertEquals("logo.png", image.filename)
            assertTrue(image.variants.isNotEmpty())

            val created = cf.createStreamKey()
            assertEquals(EXAMPLE_KEY_ID, created.id)
            val listed = cf.listStreamKeys()
            assertEquals(EXAMPLE_KEY_ID, listed[0].id)
            assertEquals("e9db990a82666dd571c77f944a5c5c8d", listed[0].keyId)
            assertEquals("ok", cf.revokeStreamKey(created.id))

            for (require in listOf(true, false)) assertEquals(UID, cf.setVideoRequireSignedUrls(UID, require).uid)
            assertEquals("pendingupload", cf.videoDetails(UID).state)

            val plain = cf.streamToken(UID)
            assertTrue(plain.expose().startsWith("eyJhbGciOiJSUzI1NiIsImtpZCI6ImU5ZGI5OTBh"), "the document's example token")
            val full = StreamTokenRequest(
                signingKey = TokenSigningKey(created.id, created.pem),
                exp = 1_537_460_365, nbf = 1_537_453_165, downloadable = true,
                accessRules = listOf(
                    AccessRule(AccessRuleType.IP_GEOIP_COUNTRY, AccessAction.BLOCK, country = listOf("US", "MX")),
                    AccessRule(AccessRuleType.IP_SRC, AccessAction.ALLOW, ip = listOf("93.184.216.0/24", "2400:cb00::/32")),
                    AccessRule(AccessRuleType.ANY, AccessAction.BLOCK),
                ),
                original = true,
            )
            assertEquals(3, cf.streamToken(UID, full).expose().split('.').size)
        }
        // Both schemes' headers reached Prism.
        val sent = synchronized(seen) { seen.map { it.first } }
        assertTrue(sent.any { it.header("Authorization") == "Bearer prism-test-token" })
        assertTrue(sent.any { it.header("X-Auth-Email") == "ops@example.com" && it.header("X-Auth-Key") != null })
        assertTrue(sent.any { it.method == "PATCH" }, "the PATCH went out as a PATCH")
    }

    @Test
    fun blockingTwins() {
        val cf = client(token())
        assertEquals("default", cf.listImagesKeysBlocking()[0].name)
        assertEquals(EnsureAction.ADOPTED, cf.ensureSigningKeyBlocking("default", adopt = true).action)
        assertEquals(EXAMPLE_IMAGES_KEY, cf.rotateImagesKeyBlocking("default").value.expose())
        assertFailsWith<AuraException.InvalidResponse> { cf.createImagesKeyBlocking("signing2") }
        assertEquals(1, cf.deleteImagesKeyBlocking("signing2").size)
        assertIs<Removal.Deleted>(cf.removeSigningKeyBlocking("default"))
        assertEquals("logo.png", cf.imageDetailsBlocking("img1").filename)
        assertEquals("string", cf.setImageRequireSignedUrlsBlocking("img1", true).id)
        val created = cf.createStreamKeyBlocking()
        assertEquals(EXAMPLE_KEY_ID, cf.listStreamKeysBlocking()[0].id)
        assertEquals("ok", cf.revokeStreamKeyBlocking(created.id))
        assertEquals(UID, cf.videoDetailsBlocking(UID).uid)
        assertTrue(cf.setVideoRequireSignedUrlsBlocking(UID, true).uid == UID)
        assertEquals(3, cf.streamTokenBlocking(UID).expose().split('.').size)
    }

    @Test
    fun createdStreamKeyLoadsIntoTheSigner() = runBlocking {
        val created = client(token()).createStreamKey()
        val key = created.key
        assertEquals(EXAMPLE_KEY_ID, key.keyId())
        val signer = StreamSigner(key)
        assertEquals(EXAMPLE_KEY_ID, signer.keyId())
        val streamToken = signer.sign(UID, now = 1_700_000_000)
        val claims = verifyStreamToken(streamToken, listOf(key.publicKey()), UID, now = 1_700_000_010)
        assertEquals(UID, claims.sub)
        assertEquals(1_700_000_000.0 + 3600, claims.exp)
        assertNotNull(created.jwk)
        assertFalse(created.toString().contains(created.pem.expose().substring(0, 20)))
    }

    // ---- the README's flows (kotlin/README.md), verbatim but for the key name:
    // Prism keeps no state, so only its example key "default" can be adopted.

    private suspend fun privateImage(cf: CloudflareClient, imageId: String, accountHash: String): String {
        val ensured = cf.ensureSigningKey("default", adopt = true)
        println("${ensured.action}: ${ensured.key}")
        val key = ensured.key.value.expose()

        val image = cf.setImageRequireSignedUrls(imageId, true)

        val url = signImagesUrl("https://imagedelivery.net/$accountHash/${image.id}/public", key, expiresIn = 3600)
        val exp = verifyImagesUrl(url, listOf(key))
        println("valid until $exp")
        return url
    }

    private suspend fun privateVideo(cf: CloudflareClient, videoUid: String): String {
        val created = cf.createStreamKey()
        cf.setVideoRequireSignedUrls(videoUid, true)

        val signer = StreamSigner(created.key)
        val token = signer.sign(videoUid, StreamTokenOptions(expiresIn = 3600))
        val claims = verifyStreamToken(token, listOf(created.key.publicKey()), videoId = videoUid)
        println(claims)
        val hls = StreamUrls(null).hls(token)

        cf.revokeStreamKey(created.id)
        return hls
    }

    @Test
    fun readmeFlows() = runBlocking {
        val env = mapOf(
            "CLOUDFLARE_API_TOKEN" to "prism-test-token", "CLOUDFLARE_ACCOUNT_ID" to ACCOUNT, "CLOUDFLARE_BASE_URL" to prism.base,
        )
        val cf = CloudflareClient.fromEnv(transport = recording, env = env::get)
        val url = privateImage(cf, "img1", "hash")
        assertTrue(url.startsWith("https://imagedelivery.net/hash/string/public?exp="), url)
        val hls = privateVideo(cf, UID)
        assertTrue(hls.endsWith("/manifest/video.m3u8"), hls)
        assertTrue(synchronized(seen) { seen.all { it.first.url.startsWith(prism.base) } })
    }

    @Test
    fun validationIsOn() {
        val raw = UrlConnectionTransport()
        fun refused(what: String, req: TransportRequest, status: Int, violation: String) {
            val res = raw.send(req)
            val v = res.header("sl-violations") ?: error("$what: no sl-violations (status ${res.status}): Prism did not validate")
            assertEquals(status, res.status, "$what: $v")
            assertTrue(v.contains(violation), "$what: $v")
        }
        val url = "${prism.base}/accounts/$ACCOUNT"
        val bearer = "Authorization" to "Bearer prism-test-token"
        val json = "Content-Type" to "application/json"
        refused("no credentials", TransportRequest("GET", "$url/images/v1/keys", emptyList(), ByteArray(0), 10_000), 401, "security")
        refused("images key name over 20", TransportRequest("PUT", "$url/images/v1/keys/${"a".repeat(21)}", listOf(bearer), ByteArray(0), 10_000), 422, "maxLength")
        refused("Stream key POST without a body", TransportRequest("POST", "$url/stream/keys", listOf(bearer), ByteArray(0), 10_000), 422, "required")
        refused(
            "image requireSignedURLs as a number (a PATCH)",
            TransportRequest("PATCH", "$url/images/v1/img1", listOf(bearer, json), """{"requireSignedURLs":1}""".toByteArray(), 10_000),
            422, "boolean",
        )
        // The client's own requests never get there: the core refuses bad ids first.
        val cf = client(token())
        assertFailsWith<AuraException.InvalidInput> { cf.videoDetailsBlocking("a".repeat(33)) }
        assertFailsWith<AuraException.InvalidInput> { cf.createImagesKeyBlocking("a".repeat(21)) }
    }

    private companion object {
        const val ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353"
        const val UID = "ea95132c15732412d22c1476fa83f27a"
        const val EXAMPLE_KEY_ID = "023e105f4ecef8ad9ca31a8372d0c353"
        const val EXAMPLE_IMAGES_KEY = "Oix0bbNaT8Rge9PuyxUBrjI6zrgnsyJ5="
    }
}
