// The README's Kotlin example, compiled against dev.aurasign:aura-sign:0.1.0
// from the local Maven repository and run on the JVM (the native library
// comes inside the jar). Exits non-zero if anything is off.
import dev.aurasign.*

fun main() {
    val aura = AuraImage("sk_live_consumer", "my-project", "psk_live_consumer", "https://cdn.auraimage.ai")
    val url = aura.getSignedUrl("blog/hero", expiresIn = 600.0)          // now = nowSeconds() by default
    val token = aura.signUpload(UploadOptions(maxSize = "10mb", visibility = Visibility.PRIVATE))
    check(url.startsWith("https://cdn.auraimage.ai/my-project/blog/hero?token=")) { url }
    check(verifyUploadToken(token, listOf("sk_live_consumer")).visibility == "private") { token }

    val generated = generateStreamKey(null)
    val key = StreamKey.fromAny(generated.pem, keyId = generated.id)  // any Cloudflare format
    val signer = StreamSigner(key)
    val streamToken = signer.sign("0b81de3a1565c0a7f4110bee7b238391", StreamTokenOptions(downloadable = true,
        accessRules = listOf(AccessRule(AccessRuleType.IP_GEOIP_COUNTRY, AccessAction.ALLOW, country = listOf("GB")), AccessRule(AccessRuleType.ANY, AccessAction.BLOCK))))
    val claims = verifyStreamToken(streamToken, listOf(key.publicKey()), videoId = "0b81de3a1565c0a7f4110bee7b238391")
    check(claims.downloadable == true && claims.accessRules.size == 2) { claims }

    val code = try {
        verifyServeToken(url.substringAfter("?token="), listOf("psk_live_other"))
        "accepted"
    } catch (e: AuraException) {
        e.code                                                       // sealed hierarchy; .code is the stable code
    }
    check(code == "bad_signature") { code }
    println("consumer: dev.aurasign:aura-sign:0.1.0 from the local repository signed and verified (${url.length}-char URL, Stream token for ${claims.sub} with ${claims.accessRules.size} rules, wrong secret -> $code)")
}
