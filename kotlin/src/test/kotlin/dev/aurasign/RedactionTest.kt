package dev.aurasign

import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertTrue

/** No API token, Global API key, Images key value, Stream PEM/JWK or token ever shows in a toString(). */
class RedactionTest {
    private val token = "tok-SECRET-MARK-0123456789"
    private val apiKey = "key-SECRET-MARK-0123456789"

    private fun assertHidden(shown: String, vararg secrets: String) {
        for (s in secrets) assertFalse(shown.contains(s), "a secret shows in: $shown")
        assertFalse(shown.contains("SECRET"), shown)
    }

    @Test
    fun credentialsApiClientsAndRequests() {
        val bearer = CloudflareCredentials.apiToken(token)
        val legacy = CloudflareCredentials.legacy("ops@example.com", apiKey)
        assertEquals("api_token", bearer.scheme())
        val api = CloudflareApi("023e105f4ecef8ad9ca31a8372d0c353", legacy, "http://127.0.0.1:9")
        val client = CloudflareClient(api)
        val shown = listOf(bearer, legacy, api, client).joinToString(" ")
        assertHidden(shown, token, apiKey)
        assertTrue(shown.contains("legacy") && shown.contains("023e105f4ecef8ad9ca31a8372d0c353"), shown)

        // The request a transport receives, and the core's outgoing step.
        val exchange = Exchange.listImagesKeys(CloudflareApi("023e105f4ecef8ad9ca31a8372d0c353", bearer, null))
        val step = exchange.start() as Step.Send
        val out = step.outgoing
        assertEquals("Bearer $token", out.headers().single { it.name == "Authorization" }.value, "the value is there to send…")
        val request = TransportRequest(out.method(), out.url(), out.headers().map { it.name to it.value }, out.body(), 1_000)
        assertHidden("$out $request $exchange $step", token) // …but never printed
        assertTrue(out.toString().contains("GET https://api.cloudflare.com/client/v4/accounts/"), out.toString())

        // Bad credentials are refused without echoing them.
        val e = assertFailsWith<AuraException.InvalidInput> { CloudflareCredentials.apiToken("tok-SECRET-MARK\n") }
        assertHidden(e.toString() + e.detail, "tok-SECRET-MARK\n")
        val missing = assertFailsWith<AuraException.InvalidInput> {
            CloudflareClient.fromEnv(env = mapOf("CLOUDFLARE_API_TOKEN" to token)::get)
        }
        assertTrue(missing.detail.contains("CLOUDFLARE_ACCOUNT_ID"), missing.detail)
        val fromEnv = CloudflareClient.fromEnv(env = mapOf("CLOUDFLARE_EMAIL" to "ops@example.com", "CLOUDFLARE_API_KEY" to apiKey, "CLOUDFLARE_ACCOUNT_ID" to "abc123")::get)
        assertEquals("legacy", fromEnv.api.authScheme())
        assertEquals("https://api.cloudflare.com/client/v4", fromEnv.api.baseUrl())
        assertHidden(fromEnv.toString(), apiKey)
    }

    @Test
    fun keysPemsAndTokens() {
        val generated = generateStreamKey(null)
        val images = ImagesSigningKey("prod", SecretText("images-SECRET-value"))
        val created = CreatedStreamKey("k1", null, SecretText(generated.pem), SecretText(generated.jwk), StreamKey.fromAny(generated.pem, "k1"))
        val ensured = EnsuredKey(images, EnsureAction.CREATED)
        val answers: List<Any> = listOf(
            images, created, ensured, Removal.Deleted(listOf(images)),
            Answer.ImagesKeyList(listOf(images)), Answer.StreamKeyCreated(created),
            Answer.StreamTokenIssued(SecretText("eyJ.SECRET.token")),
            StreamTokenRequest(signingKey = TokenSigningKey("k1", SecretText(generated.pem))),
        )
        val shown = answers.joinToString(" ")
        assertHidden(shown, "images-SECRET-value", generated.pem.substring(0, 40), generated.jwk.substring(0, 40), "eyJ.SECRET.token")
        assertTrue(shown.contains("SecretText(<redacted, 19 bytes>)"), shown)
        assertEquals("images-SECRET-value", images.value.expose(), "expose() is the one way in")
    }

    @Test
    fun uploadTokensStayOutOfRequestText() {
        val aura = AuraImage("sk_live_SECRET", "proj", null, "http://127.0.0.1:9")
        val step = Exchange.setVisibility(aura, "hero", Visibility.PRIVATE, 1_700_000_000).start() as Step.Send
        val token = step.outgoing.headers().single { it.name == "X-Aura-Signature" }.value
        assertHidden(step.outgoing.toString(), token, "sk_live_SECRET")
    }
}
