package dev.aurasign

import java.security.SecureRandom

/**
 * AuraImage's HTTP calls (auraimage.md §7, §8, §10): [setVisibility],
 * [upload], [uploadFromUrl], each `suspend` with a `…Blocking` twin. The
 * core builds every request (a fresh upload token each time) and reads every
 * answer; [runner] moves the bytes.
 *
 * ```kotlin
 * val client = AuraImageClient(AuraImage("sk_live_…", "my-app", "psk_live_…", "https://cdn.example"))
 * val uploaded = client.upload(bytes, "hero.jpg", "image/jpeg", UploadOptions(visibility = Visibility.PRIVATE))
 * client.setVisibility(uploaded.name!!, Visibility.PUBLIC)
 * ```
 */
class AuraImageClient(val aura: AuraImage, val runner: ExchangeRunner = ExchangeRunner()) {
    constructor(aura: AuraImage, transport: HttpTransport) : this(aura, ExchangeRunner(transport))

    // ---- setVisibility ------------------------------------------------------

    /** `setVisibility(name, visibility)`: the visibility the server reports. */
    suspend fun setVisibility(name: String, visibility: Visibility): String? =
        visibilityOf(runner.run(Exchange.setVisibility(aura, name, visibility, now())))

    fun setVisibilityBlocking(name: String, visibility: Visibility): String? =
        visibilityOf(runner.runBlocking(Exchange.setVisibility(aura, name, visibility, now())))

    // ---- upload --------------------------------------------------------------

    /** Uploads [bytes] as one multipart `file` part with a fresh upload token for [options]. */
    suspend fun upload(bytes: ByteArray, filename: String, contentType: String, options: UploadOptions = UploadOptions()): UploadResult =
        uploaded(runner.run(uploadExchange(bytes, filename, contentType, options)))

    fun uploadBlocking(bytes: ByteArray, filename: String, contentType: String, options: UploadOptions = UploadOptions()): UploadResult =
        uploaded(runner.runBlocking(uploadExchange(bytes, filename, contentType, options)))

    // ---- uploadFromUrl -------------------------------------------------------

    /**
     * `uploadFromUrl(url, options)`: fetches the source once (timeout
     * `options.timeoutMs`, default 30 s), checks it, uploads it. Failures are
     * [AuraException.UploadFromUrl] with the SDK's `kind`
     * (`fetch`, `content-type`, `size`, `upload`, `invalid-name`), `url` and `status`.
     */
    suspend fun uploadFromUrl(url: String, options: UploadFromUrlOptions = UploadFromUrlOptions()): UploadResult =
        uploaded(runner.run(Exchange.uploadFromUrl(aura, url, options, now(), multipartBoundary())))

    fun uploadFromUrlBlocking(url: String, options: UploadFromUrlOptions = UploadFromUrlOptions()): UploadResult =
        uploaded(runner.runBlocking(Exchange.uploadFromUrl(aura, url, options, now(), multipartBoundary())))

    private fun uploadExchange(bytes: ByteArray, filename: String, contentType: String, options: UploadOptions) =
        Exchange.upload(aura, bytes, filename, contentType, options, now(), multipartBoundary())

    private fun now(): Long = runner.now()

    override fun toString(): String = "AuraImageClient(project=${aura.projectName()})"
}

private val boundaryRandom = SecureRandom()
private const val BOUNDARY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

/** A random multipart boundary: `aura-` and 32 letters and digits. */
internal fun multipartBoundary(): String =
    "aura-" + String(CharArray(32) { BOUNDARY_ALPHABET[boundaryRandom.nextInt(BOUNDARY_ALPHABET.length)] })

private fun visibilityOf(answer: Answer): String? = when (answer) {
    is Answer.VisibilitySet -> answer.visibility
    else -> throw unexpected(answer)
}

private fun uploaded(answer: Answer): UploadResult = when (answer) {
    is Answer.Uploaded -> answer.result
    else -> throw unexpected(answer)
}

/** An answer of another kind than the operation's: a bug, reported as `internal`. */
internal fun unexpected(answer: Answer): AuraException =
    AuraException.Internal("internal", "unexpected answer ${answer.javaClass.simpleName} (please report)")
