package dev.aurasign

import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue

/** The two bundled transports over loopback, and the runner over a fake transport. */
@OptIn(ExperimentalCoroutinesApi::class) // testScheduler.currentTime: virtual time elapsed
@Timeout(30)
class TransportTest {
    private fun req(method: String, url: String, body: String = "", timeout: Long = 5_000, headers: List<Pair<String, String>> = emptyList()) =
        TransportRequest(method, url, headers, body.toByteArray(), timeout)

    @Test
    fun urlConnectionSendsPatchThroughTheSocketFallback() {
        ScriptedServer(listOf(Reply(200, """{"ok":true}"""), Reply(201, "x".repeat(5000)).chunked())).use { server ->
            val t = UrlConnectionTransport()
            val res = t.send(req("PATCH", "${server.base}/a/b?q=1", """{"v":1}""", headers = listOf("Content-Type" to "application/json", "X-Two" to "2")))
            assertEquals(200, res.status)
            assertEquals("""{"ok":true}""", String(res.body))
            val chunked = t.send(req("PATCH", "${server.base}/c", "{}"))
            assertEquals(201, chunked.status)
            assertEquals(5000, chunked.body.size, "chunked body decoded")
            val (first) = server.requests()
            assertEquals("PATCH", first.method, "a real PATCH, no override header")
            assertEquals("/a/b?q=1", first.path)
            assertEquals("""{"v":1}""", String(first.body))
            assertEquals("application/json", first.header("content-type"))
            assertEquals("2", first.header("x-two"))
            assertEquals(null, first.header("x-http-method-override"))
        }
    }

    @Test
    fun urlConnectionReadsErrorBodiesAndOrderedHeaders() {
        ScriptedServer(listOf(Reply(404, """{"message":"nope"}""").header("X-A", "1").header("X-A", "2"), Reply(204, ""))).use { server ->
            val t = UrlConnectionTransport()
            val res = t.send(req("DELETE", "${server.base}/x"))
            assertEquals(404, res.status)
            assertEquals("""{"message":"nope"}""", String(res.body))
            assertEquals(listOf("1", "2"), res.headers.filter { it.first.equals("X-A", true) }.map { it.second })
            assertEquals(204, t.send(req("PUT", "${server.base}/y")).status)
            assertEquals(null, server.requests()[1].header("content-type"), "a body-less PUT has no Content-Type")
        }
    }

    @Test
    fun failuresAreClassified() {
        val closed = "http://127.0.0.1:${freePort()}/x"
        for (t in listOf(UrlConnectionTransport(), SocketHttpTransport())) {
            assertEquals(SendFailure.NOT_SENT, assertFailsWith<HttpSendException> { t.send(req("POST", closed, "{}")) }.failure, "$t refused")
            assertEquals(SendFailure.TIMED_OUT, assertFailsWith<HttpSendException> { t.send(req("GET", closed, timeout = 0)) }.failure, "$t zero timeout")
            ScriptedServer(listOf(Reply(200, "late").delayed(3_000))).use { server ->
                val started = System.nanoTime()
                val e = assertFailsWith<HttpSendException> { t.send(req("GET", "${server.base}/slow", timeout = 150)) }
                assertEquals(SendFailure.TIMED_OUT, e.failure, "$t slow")
                assertTrue((System.nanoTime() - started) / 1_000_000 < 2_000)
            }
        }
        assertEquals(SendFailure.NOT_SENT, sendFailureOf(java.net.UnknownHostException("x")))
        assertEquals(SendFailure.LOST, sendFailureOf(java.io.IOException("reset")))
    }

    @Test
    fun theRunnerReportsEachOutcomeToTheCore() = runTest {
        // A GET lost twice, then answered: the core retries with backoff (virtual time).
        val seen = ArrayList<TransportRequest>()
        val fake = HttpTransport { r ->
            seen.add(r)
            when (seen.size) {
                1 -> throw HttpSendException(SendFailure.LOST, "reset")
                2 -> throw java.net.SocketTimeoutException("read timed out")
                else -> TransportResponse(200, emptyList(), """{"success":true,"errors":[],"messages":[],"result":[]}""".toByteArray())
            }
        }
        val api = CloudflareApi("abc", CloudflareCredentials.apiToken("t"), "http://127.0.0.1:9")
        val runner = ExchangeRunner(fake, 1_234, jitter = { 1.0 })
        val before = testScheduler.currentTime
        val answer = runner.run(Exchange.listStreamKeys(api))
        assertEquals(emptyList(), (answer as Answer.StreamKeyList).keys)
        assertEquals(3, seen.size)
        assertEquals(500L + 1000L, testScheduler.currentTime - before, "full-jitter backoff at jitter 1.0")
        assertTrue(seen.all { it.timeoutMillis == 1_234L && it.method == "GET" && it.url == "http://127.0.0.1:9/accounts/abc/stream/keys" })
    }
}
