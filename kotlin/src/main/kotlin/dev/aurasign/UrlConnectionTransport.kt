package dev.aurasign

import java.io.IOException
import java.io.InputStream
import java.net.HttpRetryException
import java.net.HttpURLConnection
import java.net.ProtocolException
import java.net.SocketTimeoutException
import java.net.URI

/**
 * The default [HttpTransport]: `java.net.HttpURLConnection`, which exists on
 * every JVM and on Android (no `java.net.http`).
 *
 * - Requests with a body use fixed-length streaming, so the JDK never
 *   re-sends them on its own (its hidden one-time retry applies only to
 *   bodyless requests: GET, DELETE and the body-less PUT, all idempotent).
 * - PATCH: the JDK's HttpURLConnection refuses it (`ProtocolException`;
 *   Android's accepts it). Such a request goes to [SocketHttpTransport], a
 *   small HTTP/1.1 client over a plain or TLS socket (hostname verified), so
 *   the method on the wire is a real PATCH with no override header.
 * - A 401 or a redirect answering a streamed body makes the JDK throw
 *   `HttpRetryException` and drop the body; it is reported as that status
 *   with an empty body (plus `Location` for a redirect).
 * - The whole attempt is bounded by the request's timeout: connecting, then
 *   each read, and the body read checks the deadline between reads.
 */
class UrlConnectionTransport(
    /** Upper bound for connecting (also capped by each request's timeout). */
    private val connectTimeoutMillis: Long = 10_000,
    /** For methods HttpURLConnection refuses (PATCH on the JDK). */
    private val fallback: HttpTransport = SocketHttpTransport(connectTimeoutMillis),
    /** Last say on each connection (proxy auth, TLS socket factory…). */
    private val configure: (HttpURLConnection) -> Unit = {},
) : HttpTransport {
    override fun send(request: TransportRequest): TransportResponse {
        if (request.timeoutMillis <= 0) throw HttpSendException(SendFailure.TIMED_OUT, "timed out")
        val deadline = System.nanoTime() + request.timeoutMillis * 1_000_000
        val url = try {
            URI(request.url).toURL()
        } catch (e: Exception) {
            throw HttpSendException(SendFailure.NOT_SENT, "not a URL this transport can open", e)
        }
        val conn = try {
            url.openConnection() as HttpURLConnection
        } catch (e: IOException) {
            throw HttpSendException(SendFailure.NOT_SENT, e.message ?: e.javaClass.simpleName, e)
        }
        try {
            conn.requestMethod = request.method
        } catch (e: ProtocolException) {
            return fallback.send(request)
        }
        try {
            return exchange(conn, request, deadline)
        } finally {
            conn.disconnect()
        }
    }

    private fun exchange(conn: HttpURLConnection, request: TransportRequest, deadline: Long): TransportResponse {
        val timeout = request.timeoutMillis.coerceAtMost(Int.MAX_VALUE.toLong()).toInt()
        conn.connectTimeout = minOf(connectTimeoutMillis, request.timeoutMillis).coerceIn(1, Int.MAX_VALUE.toLong()).toInt()
        conn.readTimeout = timeout
        conn.doInput = true
        for ((name, value) in request.headers) conn.addRequestProperty(name, value)
        if (request.header("Accept") == null) conn.setRequestProperty("Accept", "*/*")
        if (request.header("User-Agent") == null) conn.setRequestProperty("User-Agent", USER_AGENT)
        if (request.body.isNotEmpty()) {
            conn.doOutput = true
            conn.setFixedLengthStreamingMode(request.body.size.toLong())
        }
        configure(conn)
        try {
            conn.connect()
        } catch (e: IOException) {
            // Nothing was written: connecting (DNS, refused, TLS, connect timeout) failed.
            throw HttpSendException(SendFailure.NOT_SENT, e.message ?: e.javaClass.simpleName, e)
        }
        try {
            if (request.body.isNotEmpty()) conn.outputStream.use { it.write(request.body) }
            val status = try {
                conn.responseCode
            } catch (e: HttpRetryException) {
                val headers = e.location?.let { listOf("Location" to it) } ?: emptyList()
                return TransportResponse(e.responseCode(), headers, ByteArray(0))
            }
            if (status < 0) throw HttpSendException(SendFailure.LOST, "the answer is not HTTP")
            val headers = ArrayList<Pair<String, String>>()
            var i = 0
            while (true) {
                val value = conn.getHeaderField(i) ?: break
                conn.getHeaderFieldKey(i)?.let { headers.add(it to value) } // index 0: the status line
                i++
            }
            val stream: InputStream? = if (status >= 400) conn.errorStream else conn.inputStream
            val body = stream?.use { readAll(it, deadline) } ?: ByteArray(0)
            return TransportResponse(status, headers, body)
        } catch (e: HttpSendException) {
            throw e
        } catch (e: SocketTimeoutException) {
            throw HttpSendException(SendFailure.TIMED_OUT, e.message ?: "timed out", e)
        } catch (e: IOException) {
            throw HttpSendException(SendFailure.LOST, e.message ?: e.javaClass.simpleName, e)
        }
    }

    internal companion object {
        const val USER_AGENT = "aura-sign-kotlin/0.1.0"

        fun readAll(input: InputStream, deadline: Long): ByteArray {
            val out = java.io.ByteArrayOutputStream()
            val buf = ByteArray(16 * 1024)
            while (true) {
                if (System.nanoTime() - deadline > 0) throw SocketTimeoutException("timed out reading the body")
                val n = input.read(buf)
                if (n < 0) return out.toByteArray()
                out.write(buf, 0, n)
            }
        }
    }
}
