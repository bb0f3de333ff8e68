package dev.aurasign

import java.io.IOException
import java.io.InterruptedIOException
import java.net.ConnectException
import java.net.NoRouteToHostException
import java.net.UnknownHostException

// The transport contract: move one request's bytes and hand back the
// response, whatever its status. No retry, no status check, no parsing: the
// core decides all of that (ExchangeRunner reports back to it).

/**
 * One request exactly as the core built it. [timeoutMillis] bounds the whole
 * attempt (the core's timeout for this step, or the runner's default).
 * `toString()` shows no header value and no query (credentials, tokens).
 */
class TransportRequest(
    val method: String,
    val url: String,
    /** In the order to send; names as the core wrote them. */
    val headers: List<Pair<String, String>>,
    /** Empty: send no body. */
    val body: ByteArray,
    val timeoutMillis: Long,
) {
    fun header(name: String): String? = headers.firstOrNull { it.first.equals(name, ignoreCase = true) }?.second

    override fun toString(): String =
        "TransportRequest($method ${url.substringBefore('?')}, headers=${headers.map { it.first }}, " +
            "${body.size} body bytes, timeout ${timeoutMillis} ms)"
}

/** A response of any status. `toString()` shows no header value. */
class TransportResponse(
    val status: Int,
    /** In arrival order (a repeated header appears once per line). */
    val headers: List<Pair<String, String>>,
    val body: ByteArray,
) {
    fun header(name: String): String? = headers.firstOrNull { it.first.equals(name, ignoreCase = true) }?.second

    override fun toString(): String = "TransportResponse($status, headers=${headers.map { it.first }}, ${body.size} body bytes)"
}

/**
 * No response arrived. [failure] says how far the request got: the core
 * repeats a POST only when it was [SendFailure.NOT_SENT], so report
 * NOT_SENT only when no byte of the request can have reached the server.
 */
class HttpSendException(val failure: SendFailure, message: String, cause: Throwable? = null) : IOException(message, cause)

/**
 * Sends one request. Implement it over OkHttp, Ktor or a test double;
 * [UrlConnectionTransport] is the default. Blocking: the suspend API calls
 * it on an I/O dispatcher. Throw [HttpSendException] (or any IOException,
 * classified by [sendFailureOf]) when no response arrived.
 */
fun interface HttpTransport {
    @Throws(IOException::class)
    fun send(request: TransportRequest): TransportResponse
}

/**
 * How far a request that threw [e] got: a refused connection, an unknown
 * host or no route means it was never sent; a timeout is TIMED_OUT;
 * anything else may have reached the server (LOST).
 */
fun sendFailureOf(e: IOException): SendFailure = when (e) {
    is HttpSendException -> e.failure
    is ConnectException, is UnknownHostException, is NoRouteToHostException -> SendFailure.NOT_SENT
    is InterruptedIOException -> SendFailure.TIMED_OUT // SocketTimeoutException, OkHttp's call timeout
    else -> SendFailure.LOST
}
