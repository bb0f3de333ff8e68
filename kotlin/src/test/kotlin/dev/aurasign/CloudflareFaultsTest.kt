package dev.aurasign

import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import java.util.Collections
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertTrue

/**
 * The Cloudflare calls against a scripted local server: rate limits
 * (Retry-After in seconds and as an HTTP date), 5xx, a response slower than
 * the timeout, malformed JSON and success:false envelopes. Every test checks
 * the method, path, headers and body of every request and the number of
 * attempts. Waits are virtual (runTest) or recorded by an injected sleep.
 */
@OptIn(ExperimentalCoroutinesApi::class) // testScheduler.currentTime: virtual time elapsed
@Timeout(60)
class CloudflareFaultsTest {
    private val sleeps = Collections.synchronizedList(ArrayList<Long>())

    private fun client(
        server: ScriptedServer,
        credentials: CloudflareCredentials = CloudflareCredentials.apiToken(TOKEN),
        timeoutMillis: Long = 5_000,
        now: Long = 1_700_000_000,
    ) = CloudflareClient(
        CloudflareApi(ACCOUNT, credentials, server.base),
        ExchangeRunner(UrlConnectionTransport(), timeoutMillis, clock = { now }, jitter = { 0.0 }, sleep = { sleeps.add(it) }),
    )

    // ---- rate limits -----------------------------------------------------------

    @Test
    fun postIsRetriedAfter429WithRetryAfterSeconds() = runTest {
        ScriptedServer(listOf(Reply(429, failure(10000, "Rate limited")).header("Retry-After", "1"), Reply(200, createdKeyJson()))).use { server ->
            val before = testScheduler.currentTime
            val created = client(server).createStreamKey()
            assertEquals(1_000, testScheduler.currentTime - before, "Retry-After: 1 honoured (virtual time)")
            assertEquals(KID, created.id)
            val reqs = server.requests()
            assertEquals(2, reqs.size, "attempts")
            reqs.forEach { assertRequest(it, "POST", path("stream/keys"), listOf(BEARER, JSON), "{}") }
        }
    }

    @Test
    fun getIsRetriedAfter429WithRetryAfterDateBlocking() {
        ScriptedServer(listOf(Reply(429, failure(10000, "Rate limited")).header("Retry-After", HTTP_DATE), Reply(200, keysJson("default")))).use { server ->
            // The date is 1 s after the injected clock.
            val keys = client(server, now = HTTP_DATE_UNIX - 1).listImagesKeysBlocking()
            assertEquals(listOf(1_000L), sleeps, "waited until the date (injected sleep)")
            assertEquals("value-of-default", keys.single().value.expose())
            val reqs = server.requests()
            assertEquals(2, reqs.size, "attempts")
            reqs.forEach { assertRequest(it, "GET", path("images/v1/keys"), listOf(BEARER), "") }
        }
    }

    @Test
    fun persistent429GivesUpAfterThreeAttempts() = runTest {
        ScriptedServer(List(3) { Reply(429, failure(10000, "Rate limited")).header("Retry-After", "0") }).use { server ->
            val e = assertFailsWith<AuraException.RemoteException> { client(server).streamToken(UID) }
            assertRemote(e, 429, "10000: Rate limited", listOf(10000))
            val reqs = server.requests()
            assertEquals(3, reqs.size, "attempts")
            reqs.forEach { assertRequest(it, "POST", path("stream/$UID/token"), listOf(BEARER, JSON), "{}") }
        }
    }

    // ---- server errors -----------------------------------------------------------

    @Test
    fun get500Then200IsRetried() = runTest {
        ScriptedServer(listOf(Reply(500, "<html>internal error</html>").contentType("text/html"), Reply(200, ok("""[{"id":"a1","created":"2014-01-02T02:20:00Z"}]""")))).use { server ->
            assertEquals("a1", client(server).listStreamKeys().single().id)
            val reqs = server.requests()
            assertEquals(2, reqs.size, "attempts")
            reqs.forEach { assertRequest(it, "GET", path("stream/keys"), listOf(BEARER), "") }
        }
    }

    @Test
    fun postThatFailedWith500IsNotRepeated() = runTest {
        ScriptedServer(listOf(Reply(500, failure(10002, "Internal error")), Reply(200, createdKeyJson()))).use { server ->
            val e = assertFailsWith<AuraException.RemoteException> { client(server).createStreamKey() }
            assertRemote(e, 500, "10002: Internal error", listOf(10002))
            val reqs = server.requests()
            assertEquals(1, reqs.size, "a second POST could leave a second key behind")
            assertRequest(reqs[0], "POST", path("stream/keys"), listOf(BEARER, JSON), "{}")
        }
    }

    @Test
    fun otherPostsAndPatchAreNotRepeatedAfter5xx() {
        ScriptedServer(listOf(Reply(500, "oops"), Reply(502, "bad gateway"), Reply(503, ""))).use { server ->
            val cf = client(server)
            assertRemote(assertFailsWith<AuraException.RemoteException> { cf.setVideoRequireSignedUrlsBlocking(UID, true) }, 500, "HTTP 500", emptyList())
            assertRemote(assertFailsWith<AuraException.RemoteException> { cf.streamTokenBlocking(UID) }, 502, "HTTP 502", emptyList())
            assertRemote(assertFailsWith<AuraException.RemoteException> { cf.setImageRequireSignedUrlsBlocking("img1", true) }, 503, "HTTP 503", emptyList())
            val reqs = server.requests()
            assertEquals(3, reqs.size, "one attempt each")
            assertRequest(reqs[0], "POST", path("stream/$UID"), listOf(BEARER, JSON), """{"uid":"$UID","requireSignedURLs":true}""")
            assertRequest(reqs[1], "POST", path("stream/$UID/token"), listOf(BEARER, JSON), "{}")
            assertRequest(reqs[2], "PATCH", path("images/v1/img1"), listOf(BEARER, JSON), """{"requireSignedURLs":true}""")
            assertTrue(sleeps.isEmpty())
        }
    }

    @Test
    fun rotatePutIsRetriedAfter500() = runTest {
        ScriptedServer(listOf(Reply(200, keysJson("default", "prod")), Reply(500, "oops"), Reply(200, keysJson("default", "prod")))).use { server ->
            assertEquals("value-of-prod", client(server).rotateImagesKey("prod").value.expose())
            val reqs = server.requests()
            assertEquals(3, reqs.size, "list + two PUTs")
            assertRequest(reqs[0], "GET", path("images/v1/keys"), listOf(BEARER), "")
            reqs.drop(1).forEach {
                assertRequest(it, "PUT", path("images/v1/keys/prod"), listOf(BEARER), "")
                assertEquals(null, it.header("content-type"), "no body, no Content-Type")
            }
        }
    }

    // ---- timeouts ------------------------------------------------------------------

    @Test
    fun getSlowerThanTheTimeoutIsRetried() = runTest {
        val video = ok("""{"uid":"$UID","requireSignedURLs":true}""")
        ScriptedServer(listOf(Reply(200, video).delayed(3_000), Reply(200, video))).use { server ->
            val started = System.nanoTime()
            assertTrue(client(server, timeoutMillis = 150).videoDetails(UID).requireSignedUrls)
            assertTrue((System.nanoTime() - started) / 1_000_000 < 2_500, "the first attempt was cut at the timeout")
            val reqs = server.requests()
            assertEquals(2, reqs.size, "attempts")
            reqs.forEach { assertRequest(it, "GET", path("stream/$UID"), listOf(BEARER), "") }
        }
    }

    @Test
    fun postSlowerThanTheTimeoutIsNotRepeated() {
        ScriptedServer(listOf(Reply(200, createdKeyJson()).delayed(3_000), Reply(200, createdKeyJson()))).use { server ->
            val e = assertFailsWith<AuraException.RemoteException> { client(server, timeoutMillis = 150).createStreamKeyBlocking() }
            assertEquals(0.toUShort(), e.status, "no answer")
            assertTrue(e.detail.contains("timed out") && e.detail.contains("after 1 attempt"), e.detail)
            assertFalse(e.toString().contains("SECRET"), e.toString())
            val reqs = server.requests()
            assertEquals(1, reqs.size, "attempts")
            assertRequest(reqs[0], "POST", path("stream/keys"), listOf(BEARER, JSON), "{}")
        }
    }

    @Test
    fun refusedConnectionIsRetriedEvenForAPost() = runTest {
        // Nothing listens: the request is never sent, so the core may repeat even a POST.
        val port = freePort()
        val cf = CloudflareClient(
            CloudflareApi(ACCOUNT, CloudflareCredentials.apiToken(TOKEN), "http://127.0.0.1:$port"),
            ExchangeRunner(UrlConnectionTransport(), 2_000, jitter = { 0.5 }),
        )
        val before = testScheduler.currentTime
        val e = assertFailsWith<AuraException.RemoteException> { cf.createStreamKey() }
        assertTrue(e.detail.contains("failed after 3 attempt(s)"), e.detail)
        assertEquals(0.toUShort(), e.status)
        assertEquals(250L + 500L, testScheduler.currentTime - before, "backoff 0.5 × 500 ms, then 0.5 × 1000 ms (virtual)")
    }

    // ---- undocumented bodies -----------------------------------------------------

    @Test
    fun malformedJsonIsAnInvalidResponseAndNotRetried() = runTest {
        ScriptedServer(listOf(Reply(200, """{"success":true,"result":{"keys":["""), Reply(200, "null"), Reply(200, ok("""{"keys":[{"name":"default"}]}""")))).use { server ->
            val cf = client(server)
            repeat(3) { assertEquals("invalid_response", assertFailsWith<AuraException.InvalidResponse> { cf.listImagesKeys() }.code) }
            val reqs = server.requests()
            assertEquals(3, reqs.size, "one attempt each")
            reqs.forEach { assertRequest(it, "GET", path("images/v1/keys"), listOf(BEARER), "") }
        }
    }

    @Test
    fun malformedJsonOnAnErrorStatusIsARemoteError() = runTest {
        ScriptedServer(listOf(Reply(404, """{"success":false,"errors":[{"""))).use { server ->
            assertRemote(assertFailsWith<AuraException.RemoteException> { client(server).revokeStreamKey(KID) }, 404, "HTTP 404", emptyList())
            val reqs = server.requests()
            assertEquals(1, reqs.size)
            assertRequest(reqs[0], "DELETE", path("stream/keys/$KID"), listOf(BEARER), "")
        }
    }

    // ---- success:false envelopes --------------------------------------------------

    @Test
    fun error5403ImagesNotEnabled() = runTest {
        ScriptedServer(listOf(Reply(403, failure(5403, "Images access not enabled")))).use { server ->
            val e = assertFailsWith<AuraException.RemoteException> { client(server).ensureSigningKey("prod") }
            assertRemote(e, 403, "5403: Images access not enabled", listOf(5403))
            val reqs = server.requests()
            assertEquals(1, reqs.size, "ensure stops at the list")
            assertRequest(reqs[0], "GET", path("images/v1/keys"), listOf(BEARER), "")
        }
    }

    @Test
    fun error5404KeyNotFound() = runTest {
        ScriptedServer(listOf(
            Reply(404, failure(5404, "Key not found")),
            // removeSigningKey: listed, then gone in between: already gone.
            Reply(200, keysJson("default", "prod")),
            Reply(404, failure(5404, "Key not found")),
        )).use { server ->
            val cf = client(server)
            assertRemote(assertFailsWith<AuraException.RemoteException> { cf.deleteImagesKey("prod") }, 404, "5404: Key not found", listOf(5404))
            assertIs<Removal.AlreadyGone>(cf.removeSigningKey("prod"))
            val reqs = server.requests()
            assertEquals(3, reqs.size, "DELETE is not retried after 404")
            assertRequest(reqs[0], "DELETE", path("images/v1/keys/prod"), listOf(BEARER), "")
            assertRequest(reqs[1], "GET", path("images/v1/keys"), listOf(BEARER), "")
            assertRequest(reqs[2], "DELETE", path("images/v1/keys/prod"), listOf(BEARER), "")
        }
    }

    @Test
    fun error10000AuthenticationWithLegacyCredentials() = runTest {
        ScriptedServer(listOf(
            Reply(403, failure(10000, "Authentication error")),
            // success:false with a 200 status is an error too; two codes are both visible.
            Reply(200, """{"success":false,"errors":[{"code":10000,"message":"Authentication error"},{"code":5403,"message":"not authorized"}],"messages":[],"result":null}"""),
        )).use { server ->
            val cf = client(server, CloudflareCredentials.legacy("ops@example.com", "key-SECRET-MARK"))
            assertRemote(assertFailsWith<AuraException.RemoteException> { cf.listStreamKeys() }, 403, "10000: Authentication error", listOf(10000))
            val e = assertFailsWith<AuraException.RemoteException> { cf.imageDetails("img1") }
            assertRemote(e, 200, "10000: Authentication error; 5403: not authorized", listOf(10000, 5403))
            assertFalse("$e $cf ${cf.api}".contains("SECRET"))
            val reqs = server.requests()
            assertEquals(2, reqs.size)
            val legacy = listOf("x-auth-email" to "ops@example.com", "x-auth-key" to "key-SECRET-MARK")
            assertRequest(reqs[0], "GET", path("stream/keys"), legacy, "")
            assertRequest(reqs[1], "GET", path("images/v1/img1"), legacy, "")
            assertTrue(reqs.all { it.header("authorization") == null })
        }
    }

    // ---- ensureSigningKey ------------------------------------------------------------

    @Test
    fun ensureAdoptsRefusesOrCreates() = runTest {
        ScriptedServer(listOf(
            Reply(200, keysJson("default", "prod")), // adopt
            Reply(200, keysJson("default", "prod")), // refuse
            Reply(200, keysJson("default")), // create: list…
            Reply(200, keysJson("default", "prod")), // …then PUT
        )).use { server ->
            val cf = client(server)
            val adopted = cf.ensureSigningKey("prod", adopt = true, delete = false)
            assertEquals(EnsureAction.ADOPTED, adopted.action)
            assertEquals("value-of-prod", adopted.key.value.expose())
            val refused = assertFailsWith<AuraException.InvalidInput> { cf.ensureSigningKey("prod") }
            assertTrue(refused.detail.contains("rotate") && !refused.detail.contains("value-of"), refused.detail)
            assertEquals(EnsureAction.CREATED, cf.ensureSigningKey("prod").action)
            val reqs = server.requests()
            assertEquals(4, reqs.size, "adopt: 1, refuse: 1 (no PUT), create: 2")
            reqs.take(3).forEach { assertRequest(it, "GET", path("images/v1/keys"), listOf(BEARER), "") }
            assertRequest(reqs[3], "PUT", path("images/v1/keys/prod"), listOf(BEARER), "")
        }
    }

    // ---- helpers ---------------------------------------------------------------------

    private companion object {
        const val ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353"
        const val TOKEN = "tok-SECRET-MARK"
        const val KID = "5213cfa121f70b8c1380686ffc371ba3"
        const val UID = "ea95132c15732412d22c1476fa83f27a"
        /** RFC 9110's example date, 784111777. */
        const val HTTP_DATE = "Sun, 06 Nov 1994 08:49:37 GMT"
        const val HTTP_DATE_UNIX = 784_111_777L
        val BEARER = "authorization" to "Bearer $TOKEN"
        val JSON = "content-type" to "application/json"
        /** Headers a transport adds on its own. */
        val TRANSPORT_HEADERS = setOf("host", "accept", "user-agent", "content-length", "connection")

        fun path(rest: String) = "/accounts/$ACCOUNT/$rest"
        fun ok(result: String) = """{"success":true,"errors":[],"messages":[],"result":$result}"""
        fun failure(code: Int, message: String) =
            """{"success":false,"errors":[{"code":$code,"message":"$message"}],"messages":[],"result":null}"""
        fun keysJson(vararg names: String) = ok("""{"keys":[${names.joinToString(",") { """{"name":"$it","value":"value-of-$it"}""" }}]}""")

        val generated: GeneratedStreamKey by lazy { generateStreamKey(KID) }
        fun createdKeyJson() = ok("""{"created":"2014-01-02T02:20:00Z","id":"$KID","jwk":"${generated.jwk}","pem":"${generated.pem}"}""")

        /** Method, path and body exactly; each named header exactly; nothing else but the transport's own. */
        fun assertRequest(rec: Recorded, method: String, path: String, headers: List<Pair<String, String>>, body: String) {
            assertEquals(method, rec.method, "$rec")
            assertEquals(path, rec.path, "$rec")
            assertEquals(body, String(rec.body), "$method $path: body")
            for ((k, v) in headers) assertEquals(v, rec.header(k), "$method $path: header $k")
            for (k in rec.headers.keys) {
                assertTrue(k in TRANSPORT_HEADERS || headers.any { it.first == k }, "$method $path: unexpected header $k")
            }
            if (body.isNotEmpty()) assertEquals(body.toByteArray().size.toString(), rec.header("content-length"))
        }

        fun assertRemote(e: AuraException.RemoteException, status: Int, detail: String, codes: List<Long>) {
            assertEquals("remote_error", e.code)
            assertEquals(status.toUShort(), e.status)
            assertEquals(detail, e.detail)
            assertEquals(codes, e.codes)
        }
    }
}
