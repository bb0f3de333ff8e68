package dev.aurasign

import java.io.File
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit
import java.util.concurrent.TimeoutException
import kotlin.concurrent.thread

// Processes the tests start (`aura edge`, Prism): on 127.0.0.1 only, waited
// for with a bound, stopped in close() and by a JVM shutdown hook if a test
// run dies first.

/** The repository root (surefire sets `aura.root`). */
val repoRoot: File = File(System.getProperty("aura.root") ?: "..").canonicalFile

fun freePort(): Int = java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()).use { it.localPort }

/** A started child process with its output collected; killed on close. */
class ChildProcess(command: List<String>, env: Map<String, String>, private val readyMarker: String, startTimeoutSeconds: Long) : AutoCloseable {
    private val process: Process
    private val output = StringBuffer()
    private val hook: Thread
    /** The rest of the first output line that contained [readyMarker]. */
    val readyLine: String

    init {
        val builder = ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE)
        builder.environment().putAll(env)
        process = builder.start()
        process.outputStream.close()
        hook = Thread { process.destroyForcibly() }
        Runtime.getRuntime().addShutdownHook(hook)
        val ready = CompletableFuture<String>()
        thread(isDaemon = true, name = "child-output") {
            process.inputStream.bufferedReader().useLines { lines ->
                for (line in lines) {
                    output.append(line).append('\n')
                    if (!ready.isDone && line.contains(readyMarker)) ready.complete(line.substringAfter(readyMarker).trim())
                }
            }
            ready.completeExceptionally(IllegalStateException("exited without printing \"$readyMarker\""))
        }
        readyLine = try {
            ready.get(startTimeoutSeconds, TimeUnit.SECONDS)
        } catch (e: Exception) {
            close()
            val why = if (e is TimeoutException) "did not print \"$readyMarker\" within $startTimeoutSeconds s" else e.cause?.message ?: e.toString()
            throw IllegalStateException("${command.first()} $why; output:\n$output")
        }
    }

    fun output(): String = output.toString()

    override fun close() {
        process.destroy() // SIGTERM: the edge stops gracefully
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly()
            process.waitFor(10, TimeUnit.SECONDS)
        }
        runCatching { Runtime.getRuntime().removeShutdownHook(hook) }
    }
}

/** `aura edge` on a temporary local store, one project, on a free loopback port. */
class EdgeProcess(val uploadSecret: String, val serveSecret: String) : AutoCloseable {
    val dir: Path = Files.createTempDirectory("aura-kotlin-edge-")
    private val child: ChildProcess
    val base: String

    init {
        val bin = System.getenv("AURA_BIN")?.takeIf { it.isNotEmpty() } ?: File(repoRoot, "target/release/aura").path
        check(File(bin).canExecute()) { "no aura binary at $bin (scripts/test-kotlin.sh builds it and sets AURA_BIN)" }
        val config = dir.resolve("aura.toml")
        fun q(s: String) = "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\""
        Files.writeString(
            config,
            """
            listen = "127.0.0.1:0"
            [storage]
            kind = "local"
            path = ${q(dir.resolve("data").toString())}
            [[projects]]
            name = "$PROJECT"
            secret_keys = [${q(uploadSecret)}]
            serve_secrets = [${q(serveSecret)}]
            """.trimIndent() + "\n",
        )
        child = try {
            ChildProcess(listOf(bin, "edge", "--config", config.toString()), mapOf("RUST_LOG" to "info", "NO_COLOR" to "1"), "listening on http://", 20)
        } catch (e: Exception) {
            dir.toFile().deleteRecursively()
            throw e
        }
        base = "http://" + child.readyLine.split(' ').first()
    }

    fun logs(): String = child.output()

    override fun close() {
        try {
            child.close()
        } finally {
            dir.toFile().deleteRecursively()
        }
    }

    companion object {
        const val PROJECT = "gallery"
    }
}

/** Prism serving Cloudflare's OpenAPI subset with request validation on (`--errors`). */
class PrismProcess : AutoCloseable {
    private val child: ChildProcess
    val base: String

    init {
        val bin = System.getenv("AURA_PRISM")?.takeIf { it.isNotEmpty() }
            ?: error("AURA_PRISM is not set (scripts/test-kotlin.sh sets it from scripts/prism.sh)")
        val spec = File(repoRoot, "tests/reference/cloudflare-openapi-subset.json")
        check(spec.isFile) { "$spec is missing" }
        val port = freePort()
        child = ChildProcess(listOf(bin, "mock", "--errors", "-h", "127.0.0.1", "-p", port.toString(), spec.path), emptyMap(), "Prism is listening", 60)
        base = "http://127.0.0.1:$port"
    }

    override fun close() = child.close()
}
