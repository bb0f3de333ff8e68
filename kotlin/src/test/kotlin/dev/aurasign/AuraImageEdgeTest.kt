package dev.aurasign

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.Timeout
import java.io.File
import java.net.HttpURLConnection
import java.net.URI
import java.util.UUID
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNull
import kotlin.test.assertTrue

/**
 * AuraImage's calls against a real `aura edge` (started here on 127.0.0.1,
 * local store) and, for uploadFromUrl, a local source server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class AuraImageEdgeTest {
    private val uploadSecret = "sk_live_KOTLINMARK" + UUID.randomUUID().toString().replace("-", "")
    private val serveSecret = "psk_live_KOTLINMARK" + UUID.randomUUID().toString().replace("-", "")
    private val fixtures = File(repoRoot, "crates/aura-edge/tests/fixtures")
    private val jpg = File(fixtures, "photo.jpg").readBytes()
    private val png = File(fixtures, "photo.png").readBytes()
    private lateinit var edge: EdgeProcess
    private lateinit var source: ScriptedServer

    @BeforeAll
    fun start() {
        edge = EdgeProcess(uploadSecret, serveSecret)
        source = ScriptedServer(route = { r ->
            when (r.path) {
                "/img/photo.png", "/img/again.png" -> Reply(200, png).contentType("image/png")
                "/img/missing.png" -> Reply(404, "no such file").contentType("text/plain")
                "/img/slow.png" -> Reply(200, png).contentType("image/png").delayed(5_000)
                "/img/page.png" -> Reply(200, "<html></html>").contentType("text/html")
                "/img/big.png" -> Reply(200, ByteArray(2000)).contentType("image/png")
                "/img/big-chunked.png" -> Reply(200, ByteArray(2000)).contentType("image/png").chunked()
                else -> Reply(500, "unexpected")
            }
        })
    }

    @AfterAll
    fun stop() {
        if (::source.isInitialized) source.close()
        if (::edge.isInitialized) edge.close()
    }

    private fun client() = AuraImageClient(AuraImage(uploadSecret, EdgeProcess.PROJECT, serveSecret, edge.base))

    private fun status(url: String): Int {
        val c = URI(url).toURL().openConnection() as HttpURLConnection
        c.connectTimeout = 5_000
        c.readTimeout = 10_000
        return try {
            c.responseCode.also { (if (it >= 400) c.errorStream else c.inputStream)?.use { s -> s.readAllBytes() } }
        } finally {
            c.disconnect()
        }
    }

    @Test
    fun uploadThenPrivateThenPublicSuspend() = runBlocking {
        val client = client()
        val up = client.upload(jpg, "hero.jpg", "image/jpeg", UploadOptions(name = "hero"))
        assertEquals("hero", up.name)
        assertEquals(640uL, up.width)
        assertEquals(480uL, up.height)
        assertEquals("jpeg", up.format)
        assertEquals(jpg.size.toULong(), up.size)
        assertTrue(up.rawJson.contains("\"blurhash\""), up.rawJson)
        val bare = "${edge.base}/${EdgeProcess.PROJECT}/hero"

        assertEquals("private", client.setVisibility("hero", Visibility.PRIVATE))
        assertEquals(403, status(bare))
        val signed = client.aura.getSignedUrl("hero", expiresIn = 600.0)
        assertTrue(signed.startsWith("$bare?token="), signed)
        assertEquals(200, status(signed))

        assertEquals("public", client.setVisibility("hero", Visibility.PUBLIC))
        assertEquals(200, status(bare))
    }

    @Test
    fun blockingTwins() {
        val client = client()
        val up = client.uploadBlocking(png, "tiny.png", "image/png", UploadOptions(name = "blocking/tiny", visibility = Visibility.PRIVATE))
        assertEquals("blocking/tiny", up.name)
        assertEquals("private", up.visibility)
        val bare = "${edge.base}/${EdgeProcess.PROJECT}/blocking/tiny"
        assertEquals(403, status(bare))
        assertEquals(200, status(client.aura.getSignedUrl("blocking/tiny")))
        assertEquals("public", client.setVisibilityBlocking("blocking/tiny", Visibility.PUBLIC))
        assertEquals(200, status(bare))

        val fromUrl = client.uploadFromUrlBlocking("${source.base}/img/photo.png", UploadFromUrlOptions(name = "blocking-from-url"))
        assertEquals("blocking-from-url", fromUrl.name)
        assertEquals(64uL, fromUrl.width)

        // The SDK's visibility rule ('public' or 'private') is the Visibility enum here: nothing else compiles.
        // The edge refuses an upload token of another project's secret: remote_error with the SDK's message.
        val stranger = AuraImageClient(AuraImage("sk_live_wrong", EdgeProcess.PROJECT, null, edge.base))
        val refused = assertFailsWith<AuraException.RemoteException> { stranger.setVisibilityBlocking("hero", Visibility.PUBLIC) }
        assertTrue(refused.status.toInt() in 400..499, refused.toString())
        assertTrue(refused.detail.startsWith("AuraImage.setVisibility failed (${refused.status}): "), refused.detail)
    }

    @Test
    fun uploadFromUrl() = runBlocking {
        val client = client()
        val url = "${source.base}/img/photo.png"
        val fetchesBefore = source.requests().count { it.path == "/img/photo.png" }
        val up = client.uploadFromUrl(url, UploadFromUrlOptions(visibility = Visibility.PRIVATE))
        assertEquals("photo", up.name, "the name from the URL, extension stripped by the server")
        assertEquals(64uL, up.width)
        assertEquals(48uL, up.height)
        assertEquals("png", up.format)
        assertEquals("private", up.visibility)
        assertEquals(403, status("${edge.base}/${EdgeProcess.PROJECT}/photo"))
        assertEquals(200, status(client.aura.getSignedUrl("photo")))
        assertEquals(fetchesBefore + 1, source.requests().count { it.path == "/img/photo.png" && it.method == "GET" }, "fetched once")
    }

    private suspend fun failure(url: String, options: UploadFromUrlOptions = UploadFromUrlOptions()): AuraException.UploadFromUrl {
        val e = assertFailsWith<AuraException.UploadFromUrl> { client().uploadFromUrl(url, options) }
        assertEquals("upload_from_url", e.code)
        assertEquals(url, e.url)
        return e
    }

    @Test
    fun uploadFromUrlErrorKinds() = runBlocking {
        val base = source.base

        val noName = failure("$base/")
        assertEquals(UploadFromUrlKind.INVALID_NAME, noName.kind)
        assertNull(noName.status)
        assertEquals("Could not derive image name from URL: $base/. Provide a name explicitly.", noName.detail)

        val missing = failure("$base/img/missing.png")
        assertEquals(UploadFromUrlKind.FETCH, missing.kind)
        assertEquals(404.toUShort(), missing.status)
        assertEquals("Remote server returned 404 for: $base/img/missing.png", missing.detail)

        val closed = "http://127.0.0.1:${freePort()}/img/photo.png"
        val refused = failure(closed)
        assertEquals(UploadFromUrlKind.FETCH, refused.kind)
        assertNull(refused.status)
        assertTrue(refused.detail.startsWith("Failed to fetch URL: "), refused.detail)

        val started = System.nanoTime()
        val slow = failure("$base/img/slow.png", UploadFromUrlOptions(timeoutMs = 200uL))
        assertTrue((System.nanoTime() - started) / 1_000_000 < 4_000, "gave up at the timeout, not after the server's delay")
        assertEquals(UploadFromUrlKind.FETCH, slow.kind)
        assertNull(slow.status)
        assertEquals("Fetch timed out after 200ms: $base/img/slow.png", slow.detail)

        val page = failure("$base/img/page.png")
        assertEquals(UploadFromUrlKind.CONTENT_TYPE, page.kind)
        assertEquals("Expected image Content-Type, got \"text/html\" for: $base/img/page.png", page.detail)

        val big = failure("$base/img/big.png", UploadFromUrlOptions(maxSizeBytes = 1000uL))
        assertEquals(UploadFromUrlKind.SIZE, big.kind)
        assertEquals("Content-Length 2000 exceeds max size 1000 bytes for: $base/img/big.png", big.detail)

        val chunked = failure("$base/img/big-chunked.png", UploadFromUrlOptions(maxSizeBytes = 1000uL))
        assertEquals(UploadFromUrlKind.SIZE, chunked.kind)
        assertEquals("Downloaded size 2000 exceeds max size 1000 bytes for: $base/img/big-chunked.png", chunked.detail)

        client().uploadFromUrl("$base/img/again.png", UploadFromUrlOptions(name = "dup"))
        val dup = failure("$base/img/again.png", UploadFromUrlOptions(name = "dup"))
        assertEquals(UploadFromUrlKind.UPLOAD, dup.kind)
        assertEquals(409.toUShort(), dup.status)
        assertEquals("Upload failed (409): Image already exists", dup.detail)
        // With overwrite the same upload goes through.
        assertEquals("dup", client().uploadFromUrl("$base/img/again.png", UploadFromUrlOptions(name = "dup", overwrite = true)).name)

        // The source was fetched exactly once per call (no retry of the fetch).
        assertEquals(1, source.requests().count { it.path == "/img/missing.png" })
        assertEquals(1, source.requests().count { it.path == "/img/slow.png" })
    }
}
