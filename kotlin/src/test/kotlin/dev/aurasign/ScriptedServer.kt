package dev.aurasign

import com.sun.net.httpserver.HttpExchange
import com.sun.net.httpserver.HttpServer
import java.net.InetAddress
import java.net.InetSocketAddress
import java.util.Collections
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors

/** A request as the server saw it; header names lower-cased. */
class Recorded(val method: String, val path: String, val headers: Map<String, List<String>>, val body: ByteArray) {
    fun header(name: String): String? = headers[name.lowercase()]?.joinToString(", ")
    override fun toString() = "$method $path ${headers.keys} ${String(body)}"
}

/** One scripted answer; [delayMillis] before the status line. `chunked`: no Content-Length. */
class Reply(
    val status: Int,
    val body: ByteArray,
    val headers: List<Pair<String, String>> = listOf("Content-Type" to "application/json"),
    val delayMillis: Long = 0,
    val chunked: Boolean = false,
) {
    constructor(status: Int, body: String) : this(status, body.toByteArray())

    fun header(name: String, value: String) = Reply(status, body, headers + (name to value), delayMillis, chunked)
    fun delayed(ms: Long) = Reply(status, body, headers, ms, chunked)
    fun contentType(value: String) = Reply(status, body, headers.filter { it.first != "Content-Type" } + ("Content-Type" to value), delayMillis, chunked)
    fun chunked() = Reply(status, body, headers, delayMillis, true)
}

/**
 * com.sun.net.httpserver on 127.0.0.1: every request is recorded and
 * answered by [route] (default: the script, in order; past it, 599).
 */
class ScriptedServer(script: List<Reply> = emptyList(), private val route: ((Recorded) -> Reply)? = null) : AutoCloseable {
    private val server: HttpServer = HttpServer.create(InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16)
    private val pool: ExecutorService = Executors.newCachedThreadPool { r -> Thread(r, "scripted-server").apply { isDaemon = true } }
    private val log = Collections.synchronizedList(ArrayList<Recorded>())
    private val pending = ArrayDeque(script)
    val base: String = "http://127.0.0.1:${server.address.port}"

    init {
        server.executor = pool
        server.createContext("/") { ex -> handle(ex) }
        server.start()
    }

    private fun handle(ex: HttpExchange) {
        ex.use {
            val rec = Recorded(
                ex.requestMethod,
                ex.requestURI.rawPath + (ex.requestURI.rawQuery?.let { "?$it" } ?: ""),
                ex.requestHeaders.entries.associate { (k, v) -> k.lowercase() to v.toList() },
                ex.requestBody.readAllBytes(),
            )
            val reply = synchronized(pending) {
                log.add(rec)
                route?.invoke(rec) ?: pending.removeFirstOrNull() ?: Reply(599, "unscripted request")
            }
            if (reply.delayMillis > 0) {
                try {
                    Thread.sleep(reply.delayMillis)
                } catch (e: InterruptedException) {
                    return
                }
            }
            for ((k, v) in reply.headers) ex.responseHeaders.add(k, v)
            val length = when {
                reply.status == 204 || reply.status == 304 -> -1L
                reply.chunked -> 0L
                reply.body.isEmpty() -> -1L
                else -> reply.body.size.toLong()
            }
            ex.sendResponseHeaders(reply.status, length)
            if (length >= 0) ex.responseBody.use { it.write(reply.body) }
        }
    }

    fun requests(): List<Recorded> = synchronized(pending) { log.toList() }

    override fun close() {
        server.stop(0)
        pool.shutdownNow()
    }
}
