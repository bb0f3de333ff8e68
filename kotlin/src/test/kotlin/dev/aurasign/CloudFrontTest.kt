package dev.aurasign

import com.fasterxml.jackson.databind.JsonNode
import com.fasterxml.jackson.databind.ObjectMapper
import org.junit.jupiter.api.Test
import java.util.Base64
import kotlin.random.Random
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertTrue

/**
 * CloudFront: every case of cloudfront.json as crates/aura-core/tests/vectors_cloudfront.rs
 * (and node/test/cloudfront.test.mjs) runs it: JS kinds in the AWS_JS style and botocore kinds in
 * the BOTOCORE style (the reference bytes, or a typed error by rule), DEFAULT on every JS case,
 * finish(reference signature) = sign(), the verifier on every reference output, the differences
 * in both styles, the regression history; then properties and redaction.
 */
class CloudFrontTest {
    private val file = cdnVectors("cloudfront.json")
    private val cases = file.get("cases").toList()
    private val mapper = ObjectMapper()

    private fun entry(name: String): JsonNode = file.get("keys").get("rsa").first { it.get("name").asText() == name }

    /** The PEM text a case hands its signer (`*_buffer` is the same PEM as a Buffer). */
    private fun privateText(spec: JsonNode): String =
        spec.text("literal") ?: entry(spec.get("key").asText()).get(spec.get("format").asText().removeSuffix("_buffer")).asText()

    private fun public(name: String, keyPairId: String) = CloudFrontPublicKey.fromPem(entry(name).get("public_spki_pem").asText(), keyPairId)

    // ------------------------------------------------------------ dates (as the Rust harness)

    private fun daysFromCivil(y0: Long, m: Long, d: Long): Long {
        val y = if (m <= 2) y0 - 1 else y0
        val era = Math.floorDiv(y, 400L)
        val yoe = y - era * 400
        val doy = (153 * (m + if (m > 2) -3 else 9) + 2) / 5 + d - 1
        val doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private fun num(s: String): Long? = if (s.isNotEmpty() && s.all { it in '0'..'9' }) s.toLongOrNull() else null

    /** `±HH:MM` in seconds. */
    private fun offsetSeconds(s: String): Long? {
        val sign = when (s.firstOrNull()) { '+' -> 1; '-' -> -1; else -> return null }
        val rest = s.substring(1)
        if (':' !in rest) return null
        val h = num(rest.substringBefore(':')) ?: return null
        val m = num(rest.substringAfter(':')) ?: return null
        return sign * (h * 3600 + m * 60)
    }

    /** (wall-clock seconds since the epoch, fraction in microseconds, the rest after the seconds) of `YYYY-MM-DDTHH:MM:SS[.f…]rest`. */
    private fun isoParts(s: String): Triple<Long, Long, String>? {
        if ('T' !in s) return null
        val date = s.substringBefore('T'); val time = s.substringAfter('T')
        val d = date.split('-')
        if (d.size != 3) return null
        val (y, mo, da) = Triple(num(d[0]) ?: return null, num(d[1]) ?: return null, num(d[2]) ?: return null)
        val cut = minOf(8, time.length)
        val hms = time.substring(0, cut); val rest = time.substring(cut)
        val t = hms.split(':')
        if (t.size != 3) return null
        val wall = daysFromCivil(y, mo, da) * 86_400 + (num(t[0]) ?: return null) * 3600 + (num(t[1]) ?: return null) * 60 + (num(t[2]) ?: return null)
        if (!rest.startsWith('.')) return Triple(wall, 0L, rest)
        val f = rest.substring(1)
        val digits = f.takeWhile { it in '0'..'9' }
        val frac = digits.take(6).padEnd(6, '0')
        return Triple(wall, num(frac) ?: return null, f.substring(digits.length))
    }

    /** `Date.parse(s)` for the forms in the file (ISO date, ISO date-time with `Z`, an offset or none = local time, RFC 1123); NaN otherwise. */
    private fun jsParseDate(s: String, tz: String?): Double {
        val months = listOf("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
        fun localOffset(wall: Long): Long = when (tz) {
            null, "UTC" -> 0
            "America/New_York" -> {
                // EST (UTC−5) outside daylight time; the file uses January only.
                val month = (Math.floorDiv(wall, 86_400L).toDouble() / 30.44).toLong() % 12
                check(month !in 2..10) { "harness knows New York winter time only" }
                -5 * 3600
            }
            else -> error("harness does not know TZ $tz")
        }
        isoParts(s)?.let { (wall, micros, rest) ->
            val offset = when (rest) {
                "Z" -> 0
                "" -> localOffset(wall)
                else -> offsetSeconds(rest) ?: return Double.NaN
            }
            return ((wall - offset) * 1000).toDouble() + (micros / 1000).toDouble()
        }
        val d = s.split('-')
        if (d.size == 3 && d[0].length == 4 && d[1].length == 2 && d[2].length == 2) {
            val (y, m, da) = Triple(num(d[0]), num(d[1]), num(d[2]))
            if (y != null && m != null && da != null) return (daysFromCivil(y, m, da) * 86_400_000).toDouble() // date-only = UTC
        }
        val w = s.split(' ')
        if (w.size == 6 && w[5] == "GMT") {
            val m = months.indexOf(w[2])
            if (m >= 0) {
                val p = isoParts("${w[3]}-${"%02d".format(m + 1)}-${w[1]}T${w[4]}")
                if (p != null && p.second == 0L && p.third == "") return (p.first * 1000).toDouble()
            }
        }
        return Double.NaN
    }

    /** `new Date(x).getTime()` for a case's date input. */
    private fun jsDateMs(v: JsonNode, tz: String?): Double = when {
        v.isNumber -> v.asDouble()
        v.isTextual -> jsParseDate(v.asText(), tz)
        v.isObject && v.has("Date") -> v.get("Date").also { check(it.isNumber) { "Date $it" } }.asDouble()
        else -> error("date input $v")
    }

    /** botocore: `int(datetime2timestamp(datetime.fromisoformat(s)))`, naive = UTC, truncated toward zero; null for a non-string (a Python type error). */
    private fun botocoreSeconds(v: JsonNode?): Long? {
        if (v == null || !v.isTextual) return null
        val s = v.asText()
        val (wall, micros, rest) = isoParts(s) ?: error("ISO date $s")
        val offset = if (rest.isEmpty()) 0 else offsetSeconds(rest)!!
        return ((wall - offset) * 1_000_000 + micros) / 1_000_000
    }

    // ------------------------------------------------------------ outputs

    private fun cfDecode(text: String): ByteArray = Base64.getDecoder().decode(text.replace('-', '+').replace('_', '=').replace('~', '/'))

    /** The `Signature` of a reference URL (or cookie), decoded. */
    private fun referenceSignature(out: JsonNode): ByteArray {
        val text = out.text("signed_url")?.split('?', '&')?.first { it.startsWith("Signature=") }?.removePrefix("Signature=")
            ?: out.get("cookies").text("CloudFront-Signature")!!
        return cfDecode(text)
    }

    private fun referenceOutput(out: JsonNode): JsonNode = out.get("signed_url") ?: out.get("cookies")

    /** Cookies as the reference writes them (`CloudFront-Expires` a number), through Jackson's own number types. */
    private fun cookiesJson(c: CloudFrontSignedCookies): JsonNode {
        val node = mapper.createObjectNode()
        for (p in c.cookies) if (p.name == "CloudFront-Expires") node.put(p.name, p.value.toLong()) else node.put(p.name, p.value)
        return mapper.readTree(mapper.writeValueAsString(node))
    }

    private data class Produced(val output: JsonNode, val policy: String, val hash: CloudFrontHashAlgorithm)

    private sealed class Unsigned {
        data class Url(val u: CloudFrontUnsignedUrl) : Unsigned()
        data class Cookies(val c: CloudFrontUnsignedCookies) : Unsigned()
        val policy: String get() = when (this) { is Url -> u.policy(); is Cookies -> c.policy() }
    }

    /** Signs with the key (`signature` null) or finishes with a given signature. */
    private fun complete(u: Unsigned, signature: ByteArray?): Produced = when (u) {
        is Unsigned.Url -> {
            val s = if (signature != null) u.u.finish(signature) else u.u.sign()
            Produced(mapper.valueToTree(s.url), s.policy, s.hashAlgorithm)
        }
        is Unsigned.Cookies -> {
            val s = if (signature != null) u.c.finish(signature) else u.c.sign()
            Produced(cookiesJson(s), s.policyJson, s.hashAlgorithm)
        }
    }

    private fun signatureName(h: CloudFrontHashAlgorithm) = if (h == CloudFrontHashAlgorithm.SHA256) "RSA-SHA256" else "RSA-SHA1"

    /** Our result against the reference's, for a style that must give its bytes. */
    private fun compare(prepared: Result<Unsigned>, case: JsonNode, byRule: (AuraException) -> String?): Outcome {
        val refError = case.get("error")
        val e = prepared.error
        if (e != null) {
            if (refError != null) return Outcome.Pass
            return byRule(e)?.let { Outcome.Rejected(it) } ?: Outcome.Fail("refused with $e, reference produced output")
        }
        val u = prepared.getOrThrow()
        if (refError != null) return Outcome.Fail("prepared what the reference refuses ($refError): policy ${u.policy}")
        val out = case.get("output")
        val refSig = referenceSignature(out)
        val finished = attempt { complete(u, refSig) }
        val produced = attempt { complete(u, null) }.getOrElse { return Outcome.Fail("signing failed: $it") }
        val ours = mapper.createObjectNode().set<JsonNode>(if (produced.output.isTextual) "signed_url" else "cookies", produced.output)
        if (!referenceSignature(ours).contentEquals(refSig)) {
            return Outcome.Fail("${signatureName(produced.hash)} signature differs from the reference's (PKCS#1 v1.5 is deterministic)")
        }
        if (produced.policy != out.text("policy")) return Outcome.Fail("policy ${produced.policy} != reference ${out.get("policy")}")
        out.text("sign_alg")?.let { if (it != signatureName(produced.hash)) return Outcome.Fail("hash ${signatureName(produced.hash)} != reference $it") }
        if (produced.output != referenceOutput(out)) return Outcome.Fail("output ${produced.output} != reference ${referenceOutput(out)}")
        val f = finished.error
        return when {
            f is AuraException.BadSignature -> Outcome.Fail("the reference signature does not verify over our policy bytes")
            f != null -> Outcome.Fail("finish failed: $f")
            finished.getOrThrow().output == produced.output -> Outcome.Pass
            else -> Outcome.Fail("finish(reference signature) gave ${finished.getOrThrow().output} but sign() ${produced.output}")
        }
    }

    // ------------------------------------------------------------ cases

    private fun isCookies(kind: String) = kind.startsWith("cookies")

    /** A JS case through a signer of `style`. */
    private fun prepareJs(case: JsonNode, style: CloudFrontStyle): Unsigned {
        val i = case.get("input")
        // The JS signer: any other value, or none, is SHA-1.
        val hash = if (i.text("algorithm") == "SHA256") CloudFrontHashAlgorithm.SHA256 else CloudFrontHashAlgorithm.SHA1
        val key = CloudFrontKey.fromPem(privateText(i.get("privateKey")), i.text("keyPairId") ?: "", hash)
        val signer = CloudFrontSigner(key, style)
        val now = Math.floorDiv(i.get("now_ms").asLong(), 1000L)
        val tz = i.text("tz")
        val url = i.text("url")
        val cookies = isCookies(case.get("kind").asText())
        i.text("policy")?.takeIf { it.isNotEmpty() }?.let { policy ->
            return if (cookies) Unsigned.Cookies(signer.prepareCookiesWithPolicy(policy, now)) else Unsigned.Url(signer.prepareUrlWithPolicy(url, policy, now))
        }
        // JS treats a missing dateLessThan exactly as a falsy one ("Invalid policy").
        val dateLessThan = i.get("dateLessThan")?.let { cloudFrontEpochSecondsFromJsMillis(jsDateMs(it, tz)) } ?: 0L
        val conditions = CloudFrontConditions(
            dateLessThan = dateLessThan,
            // An invalid dateGreaterThan is silently dropped by the JS signer.
            dateGreaterThan = i.get("dateGreaterThan")?.let { v -> attempt { cloudFrontEpochSecondsFromJsMillis(jsDateMs(v, tz)) }.getOrNull() },
            ipAddress = i.text("ipAddress"),
        )
        val u = url ?: "" // a missing url is falsy in JS too
        return if (cookies) Unsigned.Cookies(signer.prepareCookies(u, conditions, now)) else Unsigned.Url(signer.prepareUrl(u, conditions, now))
    }

    /** Errors the AWS_JS style may raise where the JS signer produced output. */
    private fun awsJsRule(e: AuraException): String? = when {
        e is AuraException.UnsupportedKeyType && e.detail.contains("encrypted") ->
            "encrypted PEM keys are refused (unsupported_key_type): no PBES2 / legacy PEM decryption in the core; decrypt the key first"
        e is AuraException.InvalidInput && e.detail.startsWith("key pair id") ->
            "a key pair id is required (invalid_input): the JS signer drops Key-Pair-Id when it is undefined, and CloudFront cannot verify such a URL or cookie"
        else -> null
    }

    /** DEFAULT refuses only with `invalid_input` (its rules) or the AWS_JS rules. */
    private fun defaultRule(e: AuraException): String? = awsJsRule(e) ?: (e as? AuraException.InvalidInput)?.let { "default: ${it.detail}" }

    private sealed class Boto {
        data class NotExpressible(val why: String) : Boto()
        data class Canned(val n: Long) : Boto()
        data class Policy(val p: String) : Boto()
    }

    private val intDate = "a Python int where a datetime is required (AttributeError): the typed API takes i64 seconds"

    private fun botocoreConditions(b: JsonNode): CloudFrontConditions? {
        val dlt = botocoreSeconds(b.get("date_less_than")) ?: return null
        val dgt = b.get("date_greater_than")?.takeIf { !it.isNull }?.let { botocoreSeconds(it) ?: return null }
        return CloudFrontConditions(dlt, dgt, b.text("ip_address"))
    }

    private fun botocorePlan(i: JsonNode): Boto {
        val (d, p, b) = Triple(i.get("date_less_than"), i.get("policy"), i.get("build_policy"))
        if ((d != null && b != null) || (d != null && p != null) || (d == null && p == null && b == null)) {
            return Boto.NotExpressible("botocore's both-or-neither ValueError: date_less_than and policy are separate methods of the typed API")
        }
        if (d != null) return botocoreSeconds(d)?.let { Boto.Canned(it) } ?: Boto.NotExpressible(intDate)
        if (p != null) return Boto.Policy(p.asText())
        val c = botocoreConditions(b) ?: return Boto.NotExpressible(intDate)
        return Boto.Policy(cloudFrontBuildPolicy(CloudFrontStyle.BOTOCORE, b.text("resource")!!, c))
    }

    private fun runBotocore(case: JsonNode): Outcome {
        val i = case.get("input")
        val plan = botocorePlan(i)
        if (plan is Boto.NotExpressible) {
            return if (case.has("error")) Outcome.NotApplicable(plan.why) else Outcome.Fail("not expressible but the reference signed: ${plan.why}")
        }
        val prepared = attempt<Unsigned> {
            val key = CloudFrontKey.fromPem(privateText(i.get("private_key")), i.text("key_id")!!, CloudFrontHashAlgorithm.SHA1)
            val signer = CloudFrontSigner(key, CloudFrontStyle.BOTOCORE)
            val now = i.get("now_ms").asLong() / 1000
            val url = i.text("url")!!
            Unsigned.Url(
                when (plan) {
                    is Boto.Canned -> signer.prepareUrl(url, CloudFrontConditions(plan.n), now)
                    is Boto.Policy -> signer.prepareUrlWithPolicy(url, plan.p, now)
                    is Boto.NotExpressible -> error("unreachable")
                },
            )
        }
        return compare(prepared, case) { null }
    }

    private fun runPolicyJson(case: JsonNode): Outcome {
        val b = case.get("input").get("build_policy")
        val c = botocoreConditions(b)
        return when {
            c == null && case.has("error") -> Outcome.NotApplicable(intDate)
            c == null -> Outcome.Fail("date not expressible")
            else -> {
                val ours = cloudFrontBuildPolicy(CloudFrontStyle.BOTOCORE, b.text("resource")!!, c)
                if (ours == case.get("output").text("policy")) Outcome.Pass else Outcome.Fail("$ours != ${case.get("output").get("policy")}")
            }
        }
    }

    // ------------------------------------------------------------ verifier

    private val verifier by lazy {
        CloudFrontVerifier(listOf(public("rsa-dev-1", "K2JCJMDEHXQW5F"), public("rsa-dev-2", "APKAEIBAERJR2EXAMPLE"), public("rsa-dev-1", "K+/=&x y")))
    }

    /** A time inside the reference policy's window and a viewer inside its `IpAddress`, read from the policy independently of the library. */
    private fun verifyOptions(policy: String, now: Long): Pair<Long, CloudFrontVerifyOptions> {
        val v = runCatching { mapper.readTree(policy) }.getOrNull() ?: return now to CloudFrontVerifyOptions()
        val cond = v.path("Statement").path(0).path("Condition")
        val start = cond.path("DateGreaterThan").path("AWS:EpochTime").takeIf { it.isIntegralNumber && it.canConvertToLong() }?.asLong()
        val ip = cond.path("IpAddress").path("AWS:SourceIp").takeIf { it.isTextual }?.asText()?.substringBefore('/')?.takeIf { parsesAsIp(it) }
        return (start?.plus(1) ?: now) to CloudFrontVerifyOptions(clientIp = ip)
    }

    private val neverValid = "DateGreaterThan after DateLessThan: never valid"
    private val noCondition = "policy without Condition/DateLessThan, signed as given"
    private val notJson = "policy `not json at all`, signed as given"
    private val afterFragment = "botocore appends the parameters after the fragment, which is never sent"

    /** Reference outputs the verifier must refuse, with the code and why. */
    private val expectedRefusals = mapOf(
        "cf-004" to ("expired" to "Expires=1767830: seconds passed where JS takes milliseconds"),
        "cf-014" to ("expired" to "Expires=-1"),
        "cf-159" to ("expired" to "Expires=0 (botocore truncates 1969-12-31T23:59:59.5 toward zero)"),
        "cf-097" to ("expired" to neverValid), "cf-217" to ("expired" to neverValid), "cf-220" to ("expired" to neverValid),
        "cf-233" to ("expired" to neverValid), "cf-235" to ("expired" to neverValid), "cf-239" to ("expired" to neverValid),
        "cf-074" to ("malformed" to "no Key-Pair-Id (keyPairId undefined)"),
        "cf-144" to ("malformed" to "no CloudFront-Key-Pair-Id (keyPairId undefined)"),
        "cf-169" to ("malformed" to "botocore writes the key id `K+/=&x y` raw, which splits the query"),
        "cf-164" to ("malformed" to afterFragment), "cf-diff-011/botocore" to ("malformed" to afterFragment),
        "cf-100" to ("malformed" to "AWS:SourceIp ` 1.2.3.4/32` (JS keeps the leading space)"),
        "cf-101" to ("malformed" to "AWS:SourceIp `01.002.3.4/08` (leading zeros: octal or decimal?)"),
        "cf-102" to ("malformed" to "AWS:SourceIp `0x7f.1e0.0.1/-0` (JS Number() syntax)"),
        "cf-180" to ("malformed" to "AWS:SourceIp `not-an-ip/32` (botocore validates nothing)"),
        "cf-124" to ("malformed" to noCondition), "cf-125" to ("malformed" to noCondition), "cf-126" to ("malformed" to noCondition),
        "cf-127" to ("malformed" to noCondition), "cf-185" to ("malformed" to noCondition), "cf-186" to ("malformed" to noCondition),
        "cf-128" to ("malformed" to notJson), "cf-153" to ("malformed" to notJson), "cf-187" to ("malformed" to notJson),
        "cf-123" to ("wrong_image" to "explicit policy for /vidéo/日本/* on a URL for /a.mp4"),
    )

    private fun checkVerdict(id: String, got: Result<CloudFrontVerifiedAccess>, policy: String): Outcome {
        val expected = expectedRefusals[id]
        val e = got.error
        return when {
            e == null && expected == null -> if (got.getOrThrow().policy == policy) Outcome.Pass else Outcome.Fail("verified another policy ${got.getOrThrow().policy}")
            e == null -> Outcome.Fail("accepted; expected ${expected!!.first}: ${expected.second}")
            expected != null && e.code == expected.first -> Outcome.Rejected("${expected.first}: ${expected.second}")
            else -> Outcome.Fail("refused: $e")
        }
    }

    private fun verifyReference(t: Tally, kind: String, id: String, out: JsonNode, now: Long) {
        val policy = out.text("policy")!!
        val (at, options) = verifyOptions(policy, now)
        val got = out.text("signed_url")?.let { url -> attempt { verifier.verifyUrl(url, at, options) } } ?: run {
            val cookies = out.get("cookies")
            val pairs = cookies.fields().asSequence().filter { !it.value.isNull }
                .map { (k, v) -> CloudFrontCookie(k, if (v.isTextual) v.asText() else v.toString()) }.toList()
            // The request: a canned policy's resource exactly; for a custom one, a URL its pattern covers (each `*` standing for "x").
            val canned = cookies.has("CloudFront-Expires")
            val resource = runCatching { mapper.readTree(policy) }.getOrNull()?.path("Statement")?.path(0)?.path("Resource")
                ?.takeIf { it.isTextual }?.asText()?.let { if (canned) it else it.replace('*', 'x') } ?: ""
            attempt { verifier.verifyCookies(resource, pairs, at, options) }
        }
        t.record(kind, id, checkVerdict(id, got, policy))
    }

    // ------------------------------------------------------------ regression history

    /**
     * `url::Url::parse(u).as_str() == u` (the Rust harness) / `new URL(u).href === u` (the Node port) for the
     * http(s) URLs `default` returns: the WHATWG serialisation leaves the URL unchanged. No WHATWG parser on the
     * JVM, so its rules for these URLs: lower-case scheme and host, no default port, a path with no dot segments,
     * and no character the path, query or fragment percent-encode sets (or the parser) would rewrite.
     */
    private fun whatwgUnchanged(u: String): Boolean {
        val m = Regex("""^(https?)://([a-z0-9.-]+)(:[0-9]*)?(/[^?#]*)(\?[^#]*)?(#.*)?$""").matchEntire(u) ?: return false
        val (scheme, _, port, path, query, fragment) = m.destructured
        if (port.isNotEmpty()) {
            val n = port.drop(1)
            if (n.isEmpty() || (n.length > 1 && n.startsWith('0')) || (scheme == "http" && n == "80") || (scheme == "https" && n == "443")) return false
        }
        val dots = setOf(".", "..", "%2e", ".%2e", "%2e.", "%2e%2e")
        if (path.split('/').any { it.lowercase() in dots }) return false
        fun clean(s: String, encoded: String) = s.all { it.code in 0x21..0x7e && it !in encoded }
        return clean(path, "\"<>`{}\\") && clean(query, "\"<>'") && clean(fragment, "\"<>`")
    }

    /**
     * DEFAULT (with a SHA-256 key) on a regression input: refused by rule, or a URL whose bytes without CloudFront's
     * parameters are exactly the signed `Resource`, which a WHATWG parser leaves unchanged, which equals the fixed
     * reference's `Resource`, and which verifies.
     */
    private fun regression(case: JsonNode): Outcome {
        val i = case.get("input")
        val key = CloudFrontKey.fromPem(privateText(i.get("privateKey")), i.text("keyPairId")!!, CloudFrontHashAlgorithm.SHA256)
        val signer = CloudFrontSigner(key, CloudFrontStyle.DEFAULT)
        val now = i.get("now_ms").asLong() / 1000
        val conditions = CloudFrontConditions(
            dateLessThan = cloudFrontEpochSecondsFromJsMillis(jsDateMs(i.get("dateLessThan"), null)),
            dateGreaterThan = i.get("dateGreaterThan")?.let { cloudFrontEpochSecondsFromJsMillis(jsDateMs(it, null)) },
            ipAddress = i.text("ipAddress"),
        )
        val got = attempt { signer.signUrl(i.text("url")!!, conditions, now) }
        val signed = got.getOrElse { e ->
            return if (e is AuraException.InvalidInput) Outcome.Rejected("default refuses: ${e.detail}") else Outcome.Fail("$e")
        }
        val signedResource = mapper.readTree(signed.policy).path("Statement").path(0).path("Resource").asText()
        val wireBase = signed.url.substringBefore(if (signed.canned) "Expires=" else "Policy=").trimEnd('?', '&')
        val fixedResource = mapper.readTree(case.get("output").text("policy")).path("Statement").path(0).path("Resource").asText()
        val (at, options) = verifyOptions(signed.policy, now)
        val verified = attempt { verifier.verifyUrl(signed.url, at, options) }
        return when {
            wireBase != signedResource -> Outcome.Fail("returned $wireBase but signed $signedResource")
            !whatwgUnchanged(signed.url) -> Outcome.Fail("a client would not send ${signed.url} as is")
            signedResource != fixedResource -> Outcome.Fail("resource $signedResource != the fixed signer's $fixedResource")
            verified.error != null -> Outcome.Fail("own URL refused: ${verified.error}")
            else -> Outcome.Pass
        }
    }

    // ------------------------------------------------------------ the suite

    @Test
    fun vectors() {
        val t = Tally("cloudfront.json")
        assertEquals(file.get("counts").get("total").asInt(), cases.size)
        for (case in cases) {
            val id = case.get("id").asText(); val kind = case.get("kind").asText()
            val now = Math.floorDiv(case.get("input").path("now_ms").asLong(0), 1000L)
            when (kind) {
                "url_canned", "url_custom", "cookies_canned", "cookies_custom" -> {
                    t.record(kind, id, compare(attempt { prepareJs(case, CloudFrontStyle.AWS_JS) }, case, ::awsJsRule))
                    t.record(if (isCookies(kind)) "default: cookies" else "default: url", id, compare(attempt { prepareJs(case, CloudFrontStyle.DEFAULT) }, case, ::defaultRule))
                }
                "botocore_url_canned", "botocore_url_custom" -> t.record(kind, id, runBotocore(case))
                "policy_json" -> t.record(kind, id, runPolicyJson(case))
                else -> error("unknown kind $kind")
            }
            val out = case.get("output")
            if (out != null && !out.has("policy_json") && out.has("sign_alg")) {
                verifyReference(t, if (isCookies(kind)) "verify: reference cookies" else "verify: reference url", id, out, now)
            }
        }
        for (d in file.get("differences")) {
            val id = d.get("id").asText(); val i = d.get("input")
            val conditions = CloudFrontConditions(
                dateLessThan = i.get("date_less_than_epoch").asLong(),
                dateGreaterThan = i.get("date_greater_than_epoch")?.takeIf { it.isIntegralNumber }?.asLong(),
                ipAddress = i.text("ip_address"),
            )
            val pem = entry(i.text("key")!!).get("pkcs1_pem").asText()
            for ((side, style) in listOf("js" to CloudFrontStyle.AWS_JS, "botocore" to CloudFrontStyle.BOTOCORE)) {
                val prepared = attempt<Unsigned> {
                    Unsigned.Url(CloudFrontSigner(CloudFrontKey.fromPem(pem, i.text("key_pair_id")!!, CloudFrontHashAlgorithm.SHA1), style).prepareUrl(i.text("url")!!, conditions, 0))
                }
                t.record("differences: $side", id, compare(prepared, d.get(side)) { null })
                d.get(side).get("output")?.let { verifyReference(t, "verify: reference url", "$id/$side", it, 1_767_225_600) }
            }
        }
        for (entry in file.get("regression_history").get("entries")) {
            val id = entry.get("case").asText()
            t.record("regression_history", id, regression(cases.first { it.get("id").asText() == id }))
        }
        assertEquals(emptyList(), t.failures())
    }

    // ------------------------------------------------------------ properties

    private val pem by lazy { entry("rsa-dev-2").get("pkcs8_pem").asText() }
    private val NOW = 1_767_225_600L

    @Test
    fun properties() {
        val rnd = Random(13)
        for (hash in CloudFrontHashAlgorithm.entries) {
            val signer = CloudFrontSigner.fromPem(pem, "K2JCJMDEHXQW5F", hash, CloudFrontStyle.DEFAULT)
            val v = CloudFrontVerifier(listOf(signer.publicKey()))
            repeat(8) { n ->
                val url = "https://d111111abcdef8.cloudfront.net/videos/${rnd.word()}/${rnd.word()}.mp4?q=${rnd.word()}"
                val custom = n % 2 == 1
                val expires = NOW + rnd.nextLong(60, 864_000)
                val c = if (custom) CloudFrontConditions(expires, NOW - 10, "198.51.100.0/24") else CloudFrontConditions(expires)
                val o = CloudFrontVerifyOptions(clientIp = if (custom) "198.51.100.7" else null)
                val signed = signer.signUrl(url, c, NOW)
                assertEquals(!custom, signed.canned)
                assertEquals(hash, signed.hashAlgorithm)
                val access = v.verifyUrl(signed.url, NOW, o)
                assertEquals(expires, access.dateLessThan)
                assertEquals(signed.policy, access.policy)
                // one changed byte after the resource: refused
                repeat(6) { assertFailsWith<AuraException> { v.verifyUrl(mutate(signed.url, url.length, rnd), NOW, o) } }
                assertFailsWith<AuraException> { v.verifyUrl(signed.url.replace("/videos/", "/videoz/"), NOW, o) }
                assertFailsWith<AuraException.Expired> { v.verifyUrl(signed.url, expires, o) }
                if (custom) {
                    assertFailsWith<AuraException.AccessDenied> { v.verifyUrl(signed.url, NOW, CloudFrontVerifyOptions(clientIp = "203.0.113.9")) }
                    assertFailsWith<AuraException.NotYetValid> { v.verifyUrl(signed.url, NOW - 10, o) }
                }
                if (hash == CloudFrontHashAlgorithm.SHA1) {
                    assertFailsWith<AuraException.AlgNotAllowed> { v.verifyUrl(signed.url, NOW, o.copy(allowSha1 = false)) }
                }
                val cookies = signer.signCookies(url, c, NOW)
                assertEquals(!custom, v.verifyCookies(url, cookies.cookies, NOW, o).canned)
                assertFailsWith<AuraException.Expired> { v.verifyCookies(url, cookies.cookies, expires, o) }
                val tampered = cookies.cookies.map { if (it.name == "CloudFront-Signature") it.copy(value = mutate(it.value, 0, rnd)) else it }
                assertFailsWith<AuraException> { v.verifyCookies(url, tampered, NOW, o) }
                // A signature made elsewhere: the key's own is accepted, another's refused before any URL exists.
                val prepared = signer.prepareUrl(url, c, NOW)
                val own = cfDecode(signed.url.substringAfter("Signature=").substringBefore('&'))
                assertEquals(signed, prepared.finish(own))
                assertFailsWith<AuraException.BadSignature> { prepared.finish(own.copyOf().also { it[7] = (it[7].toInt() xor 1).toByte() }) }
            }
        }
        // a verifier that does not know the key pair id
        val other = CloudFrontSigner.fromPem(pem, "KOTHER", CloudFrontHashAlgorithm.SHA256)
        val url = other.signUrl("https://d111111abcdef8.cloudfront.net/a", CloudFrontConditions(NOW + 60), NOW).url
        assertFailsWith<AuraException.UnknownKid> { CloudFrontVerifier(listOf(public("rsa-dev-2", "K2JCJMDEHXQW5F"))).verifyUrl(url, NOW, CloudFrontVerifyOptions()) }
    }

    @Test
    fun refusalsAreTyped() {
        assertFailsWith<AuraException.InvalidKey> { CloudFrontKey.fromPem("nope", "K") }
        assertFailsWith<AuraException.InvalidInput> { parseCloudFrontHashAlgorithm("sha256") }
        assertEquals(CloudFrontStyle.AWS_JS, parseCloudFrontStyle("aws-js"))
        assertFailsWith<AuraException.InvalidInput> { CloudFrontSigner.fromPem(pem, "K", CloudFrontHashAlgorithm.SHA256, CloudFrontStyle.BOTOCORE) }
        val signer = CloudFrontSigner.fromPem(pem, "K")
        assertEquals(CloudFrontHashAlgorithm.SHA1, signer.hashAlgorithm())
        assertEquals(CloudFrontStyle.DEFAULT, signer.style())
        assertFailsWith<AuraException.InvalidInput> { signer.signUrl("https://d.cloudfront.net/a", CloudFrontConditions(NOW - 1), NOW) }
        assertFailsWith<AuraException.InvalidInput> { signer.signUrl("https://D.cloudfront.net/a", CloudFrontConditions(NOW + 60), NOW) }
        assertFailsWith<AuraException.InvalidInput> { CloudFrontSigner.fromPem(pem, "K", style = CloudFrontStyle.BOTOCORE).signCookies("https://d.cloudfront.net/a", CloudFrontConditions(NOW + 60), NOW) }
        assertFailsWith<AuraException.InvalidInput> { CloudFrontVerifier(emptyList()) }
        assertFailsWith<AuraException.InvalidInput> {
            CloudFrontVerifier(listOf(signer.publicKey())).verifyUrl(signer.signUrl("https://d.cloudfront.net/a", CloudFrontConditions(NOW + 60), NOW).url, NOW, CloudFrontVerifyOptions(clientIp = "not an ip"))
        }
        assertFailsWith<AuraException.InvalidInput> { cloudFrontEpochSecondsFromJsMillis(Double.NaN) }
    }

    @Test
    fun keysStayOutOfText() {
        val key = CloudFrontKey.fromPem(pem, "K2JCJMDEHXQW5F", CloudFrontHashAlgorithm.SHA256)
        val signer = CloudFrontSigner(key)
        val prepared = signer.prepareUrl("https://d111111abcdef8.cloudfront.net/a", CloudFrontConditions(NOW + 60), NOW)
        val cookies = signer.prepareCookies("https://d111111abcdef8.cloudfront.net/*", CloudFrontConditions(NOW + 60, NOW - 1), NOW)
        val verifier = CloudFrontVerifier(listOf(key.publicKey()))
        val body = pem.lines().filter { !it.startsWith("-----") && it.isNotEmpty() }
        val pkcs1 = entry("rsa-dev-2").get("pkcs1_pem").asText().lines().filter { !it.startsWith("-----") && it.isNotEmpty() }
        val shown = "$key $signer $prepared $cookies $verifier ${key.publicKey()} ${attempt { CloudFrontKey.fromPem(pem.replace("MII", "MIX"), "K") }}"
        assertNoSecret(shown, *body.toTypedArray(), *pkcs1.toTypedArray())
        assertTrue(signer.toString().contains("K2JCJMDEHXQW5F"), signer.toString())
        assertTrue(key.toString().contains(key.modulusSha256()), key.toString())
    }
}
