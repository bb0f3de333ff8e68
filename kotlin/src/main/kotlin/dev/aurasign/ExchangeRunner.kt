package dev.aurasign

import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.delay
import kotlinx.coroutines.withContext
import java.io.IOException
import kotlin.random.Random

/**
 * Drives an [Exchange] to its end: sends what the core hands out, waits when
 * it says, reports each response or failure back. The loop holds no rule:
 * retries, status checks, parsing and the next request are the core's.
 *
 * The suspend [run] sends on [ioDispatcher] and waits with `delay` (so
 * kotlinx-coroutines-test's virtual time skips the waits); [runBlocking]
 * sends on the calling thread and waits with [sleep].
 */
class ExchangeRunner(
    val transport: HttpTransport = UrlConnectionTransport(),
    /** Per-attempt timeout when the core gives none for a step. */
    val timeoutMillis: Long = 30_000,
    /** Unix seconds, read after each attempt (Retry-After dates). */
    private val clock: () -> Long = ::nowSeconds,
    /** Uniform in [0, 1): the backoff's full jitter. */
    private val jitter: () -> Double = { Random.nextDouble() },
    /** The blocking wait (milliseconds). */
    private val sleep: (Long) -> Unit = { Thread.sleep(it) },
    private val ioDispatcher: CoroutineDispatcher = Dispatchers.IO,
) {
    init {
        require(timeoutMillis > 0) { "timeoutMillis must be positive" }
    }

    /** The injected clock (Unix seconds): the `now` operations are built with. */
    fun now(): Long = clock()

    /** Runs [exchange] to its answer; errors are [AuraException]s. Closes [exchange]. */
    suspend fun run(exchange: Exchange): Answer = exchange.use { ex ->
        drive(ex, { delay(it) }, { withContext(ioDispatcher) { transport.send(it) } })
    }

    /** The blocking twin of [run] (any thread, Android included). */
    fun runBlocking(exchange: Exchange): Answer = exchange.use { ex ->
        drive(ex, sleep) { transport.send(it) }
    }

    private inline fun drive(ex: Exchange, wait: (Long) -> Unit, send: (TransportRequest) -> TransportResponse): Answer {
        var step = ex.start()
        while (true) {
            val out = when (val s = step) {
                is Step.Done -> return s.answer
                is Step.Send -> s.outgoing
            }
            val request = out.use {
                val delayMs = it.delayMs().toLong()
                if (delayMs > 0) wait(delayMs)
                TransportRequest(
                    it.method(), it.url(), it.headers().map { h -> h.name to h.value }, it.body(),
                    it.timeoutMs()?.toLong() ?: timeoutMillis,
                )
            }
            val result = try {
                Result.success(send(request))
            } catch (e: IOException) {
                Result.failure(e)
            }
            step = result.fold(
                { r -> ex.receive(r.status.toUShort(), r.headers.map { (k, v) -> HttpHeader(k, v) }, r.body, clock(), jitter()) },
                { e -> ex.fail(sendFailureOf(e as IOException), messageOf(e), clock(), jitter()) },
            )
        }
    }

    private fun messageOf(e: Throwable): String = (e.message ?: e.javaClass.simpleName).substringBefore('?')
}
