package dev.aurasign

/**
 * An account's Cloudflare Images and Stream APIs (cloudflare.md §1.5, §1.6,
 * §2.3, §2.4): every call `suspend`, with a `…Blocking` twin. Requests are
 * built, retried (a POST only after a 429 or when never sent, so a retry
 * never leaves a second key behind), sequenced and read by the core.
 *
 * Credentials never appear in `toString()`; key values, PEMs and tokens come
 * back as [SecretText] (read them with `expose()`).
 */
class CloudflareClient(val api: CloudflareApi, val runner: ExchangeRunner = ExchangeRunner()) {
    constructor(
        accountId: String,
        credentials: CloudflareCredentials,
        /** null: Cloudflare's ([DEFAULT_BASE_URL]). */
        baseUrl: String? = null,
        timeoutMillis: Long = 30_000,
        transport: HttpTransport = UrlConnectionTransport(),
    ) : this(CloudflareApi(accountId, credentials, baseUrl), ExchangeRunner(transport, timeoutMillis))

    companion object {
        /** `https://api.cloudflare.com/client/v4` (the core's constant). */
        val DEFAULT_BASE_URL: String get() = cloudflareDefaultBaseUrl()
        const val ENV_API_TOKEN = "CLOUDFLARE_API_TOKEN"
        const val ENV_EMAIL = "CLOUDFLARE_EMAIL"
        const val ENV_API_KEY = "CLOUDFLARE_API_KEY"
        const val ENV_ACCOUNT_ID = "CLOUDFLARE_ACCOUNT_ID"
        const val ENV_BASE_URL = "CLOUDFLARE_BASE_URL"

        /**
         * Credentials from `CLOUDFLARE_API_TOKEN`, else `CLOUDFLARE_EMAIL` +
         * `CLOUDFLARE_API_KEY`; the account [accountId] or
         * `CLOUDFLARE_ACCOUNT_ID`; the base URL [baseUrl], or
         * `CLOUDFLARE_BASE_URL`, or Cloudflare's. [env] reads a variable
         * (tests pass a map).
         */
        fun fromEnv(
            accountId: String? = null,
            baseUrl: String? = null,
            timeoutMillis: Long = 30_000,
            transport: HttpTransport = UrlConnectionTransport(),
            env: (String) -> String? = System::getenv,
        ): CloudflareClient {
            fun read(name: String) = env(name)?.takeIf { it.isNotEmpty() }
            val credentials = CloudflareCredentials.fromEnvValues(read(ENV_API_TOKEN), read(ENV_EMAIL), read(ENV_API_KEY))
            val account = accountId ?: read(ENV_ACCOUNT_ID)
                ?: throw AuraException.InvalidInput("invalid_input", "no account id: set $ENV_ACCOUNT_ID")
            val base = baseUrl ?: read(ENV_BASE_URL)
            return CloudflareClient(account, credentials, base, timeoutMillis, transport)
        }
    }

    // ---- Images signing keys (§1.6) -------------------------------------------

    /** Every Images signing key, with its value. */
    suspend fun listImagesKeys(): List<ImagesSigningKey> = keyList(runner.run(Exchange.listImagesKeys(api)))
    fun listImagesKeysBlocking(): List<ImagesSigningKey> = keyList(runner.runBlocking(Exchange.listImagesKeys(api)))

    /** Creates [name]; `invalid_input` when it exists (that would rotate it: see [rotateImagesKey]). */
    suspend fun createImagesKey(name: String): ImagesSigningKey = issued(runner.run(Exchange.createImagesKey(api, name)))
    fun createImagesKeyBlocking(name: String): ImagesSigningKey = issued(runner.runBlocking(Exchange.createImagesKey(api, name)))

    /** Regenerates the value of the existing key [name]; `key_not_found` when absent. */
    suspend fun rotateImagesKey(name: String): ImagesSigningKey = issued(runner.run(Exchange.rotateImagesKey(api, name)))
    fun rotateImagesKeyBlocking(name: String): ImagesSigningKey = issued(runner.runBlocking(Exchange.rotateImagesKey(api, name)))

    /** Deletes [name]; the keys left. */
    suspend fun deleteImagesKey(name: String): List<ImagesSigningKey> = keyList(runner.run(Exchange.deleteImagesKey(api, name)))
    fun deleteImagesKeyBlocking(name: String): List<ImagesSigningKey> = keyList(runner.runBlocking(Exchange.deleteImagesKey(api, name)))

    /**
     * Seed 000's `ensureSigningKey(name, {adopt, delete})`: adopts an existing
     * key when [adopt], creates a missing one, refuses (`invalid_input`) to
     * rotate a live key silently.
     */
    suspend fun ensureSigningKey(name: String, adopt: Boolean = false, delete: Boolean = true): EnsuredKey =
        ensured(runner.run(Exchange.ensureSigningKey(api, name, adopt, delete)))
    fun ensureSigningKeyBlocking(name: String, adopt: Boolean = false, delete: Boolean = true): EnsuredKey =
        ensured(runner.runBlocking(Exchange.ensureSigningKey(api, name, adopt, delete)))

    /** The removal side: [Removal.Kept] (nothing sent) when `delete = false`, else deletes it if present. */
    suspend fun removeSigningKey(name: String, adopt: Boolean = false, delete: Boolean = true): Removal =
        removed(runner.run(Exchange.removeSigningKey(api, name, adopt, delete)))
    fun removeSigningKeyBlocking(name: String, adopt: Boolean = false, delete: Boolean = true): Removal =
        removed(runner.runBlocking(Exchange.removeSigningKey(api, name, adopt, delete)))

    // ---- Images (§1.5) -----------------------------------------------------------

    suspend fun imageDetails(imageId: String): ImageDetails = image(runner.run(Exchange.imageDetails(api, imageId)))
    fun imageDetailsBlocking(imageId: String): ImageDetails = image(runner.runBlocking(Exchange.imageDetails(api, imageId)))

    /** `requireSignedURLs: true` makes the image private (seed 001). Use the returned `id` afterwards. */
    suspend fun setImageRequireSignedUrls(imageId: String, require: Boolean = true): ImageDetails =
        image(runner.run(Exchange.setImageRequireSignedUrls(api, imageId, require)))
    fun setImageRequireSignedUrlsBlocking(imageId: String, require: Boolean = true): ImageDetails =
        image(runner.runBlocking(Exchange.setImageRequireSignedUrls(api, imageId, require)))

    // ---- Stream (§2.3, §2.4; seed 003) -------------------------------------------

    /** Creates a Stream signing key; its `key` loads straight into `StreamSigner(created.key)`. */
    suspend fun createStreamKey(): CreatedStreamKey = streamKey(runner.run(Exchange.createStreamKey(api)))
    fun createStreamKeyBlocking(): CreatedStreamKey = streamKey(runner.runBlocking(Exchange.createStreamKey(api)))

    suspend fun listStreamKeys(): List<StreamKeyInfo> = streamKeys(runner.run(Exchange.listStreamKeys(api)))
    fun listStreamKeysBlocking(): List<StreamKeyInfo> = streamKeys(runner.runBlocking(Exchange.listStreamKeys(api)))

    /** Revokes [keyId] (every token it signed stops working): Cloudflare's result text (`"ok"`). */
    suspend fun revokeStreamKey(keyId: String): String? = revoked(runner.run(Exchange.revokeStreamKey(api, keyId)))
    fun revokeStreamKeyBlocking(keyId: String): String? = revoked(runner.runBlocking(Exchange.revokeStreamKey(api, keyId)))

    suspend fun videoDetails(uid: String): VideoDetails = video(runner.run(Exchange.videoDetails(api, uid)))
    fun videoDetailsBlocking(uid: String): VideoDetails = video(runner.runBlocking(Exchange.videoDetails(api, uid)))

    /** Seed 003's `POST /stream/{uid}` with `{"uid", "requireSignedURLs"}`. */
    suspend fun setVideoRequireSignedUrls(uid: String, require: Boolean = true): VideoDetails =
        video(runner.run(Exchange.setVideoRequireSignedUrls(api, uid, require)))
    fun setVideoRequireSignedUrlsBlocking(uid: String, require: Boolean = true): VideoDetails =
        video(runner.runBlocking(Exchange.setVideoRequireSignedUrls(api, uid, require)))

    /** Stream's `/token` endpoint, a rate-limited fallback signer: sign locally with [StreamSigner] when you hold a key. */
    suspend fun streamToken(uid: String, options: StreamTokenRequest = StreamTokenRequest()): SecretText =
        token(runner.run(Exchange.streamToken(api, uid, options)))
    fun streamTokenBlocking(uid: String, options: StreamTokenRequest = StreamTokenRequest()): SecretText =
        token(runner.runBlocking(Exchange.streamToken(api, uid, options)))

    override fun toString(): String = "CloudflareClient($api)"
}

private fun keyList(a: Answer): List<ImagesSigningKey> = (a as? Answer.ImagesKeyList)?.keys ?: throw unexpected(a)
private fun issued(a: Answer): ImagesSigningKey = (a as? Answer.ImagesKeyIssued)?.key ?: throw unexpected(a)
private fun ensured(a: Answer): EnsuredKey = (a as? Answer.SigningKeyEnsured)?.ensured ?: throw unexpected(a)
private fun removed(a: Answer): Removal = (a as? Answer.SigningKeyRemoved)?.removal ?: throw unexpected(a)
private fun image(a: Answer): ImageDetails = (a as? Answer.ImageInfo)?.image ?: throw unexpected(a)
private fun streamKey(a: Answer): CreatedStreamKey = (a as? Answer.StreamKeyCreated)?.key ?: throw unexpected(a)
private fun streamKeys(a: Answer): List<StreamKeyInfo> = (a as? Answer.StreamKeyList)?.keys ?: throw unexpected(a)
private fun revoked(a: Answer): String? = if (a is Answer.StreamKeyRevoked) a.result else throw unexpected(a)
private fun video(a: Answer): VideoDetails = (a as? Answer.VideoInfo)?.video ?: throw unexpected(a)
private fun token(a: Answer): SecretText = (a as? Answer.StreamTokenIssued)?.token ?: throw unexpected(a)
