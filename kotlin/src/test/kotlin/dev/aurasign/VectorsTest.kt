package dev.aurasign

import org.json.JSONArray
import org.json.JSONObject
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import java.io.File
import kotlin.test.assertEquals

/** Per-kind counts: run, passed, rejected by rule, strict, not applicable (ids), failed. */
class Tally(private val title: String) {
    private class Kind { var run = 0; var passed = 0; val rejected = mutableListOf<String>(); val strict = mutableListOf<String>(); val na = mutableListOf<String>(); val failed = mutableListOf<String>() }
    private val kinds = sortedMapOf<String, Kind>()
    fun pass(kind: String) = k(kind).let { it.run++; it.passed++ }
    fun rejected(kind: String, id: String, why: String) = k(kind).let { it.run++; it.rejected += "$id: $why" }
    fun strict(kind: String, id: String, why: String) = k(kind).let { it.run++; it.strict += "$id: $why" }
    fun na(kind: String, id: String, why: String) = k(kind).let { it.run++; it.na += "$id: $why" }
    fun fail(kind: String, id: String, why: String) = k(kind).let { it.run++; it.failed += "$id: $why" }
    private fun k(kind: String) = kinds.getOrPut(kind) { Kind() }
    fun report(): List<String> {
        println("== vectors (Kotlin/JVM): $title ==")
        println("%-26s %5s %7s %9s %7s %5s %7s".format("kind", "run", "passed", "rejected", "strict", "n/a", "failed"))
        for ((name, k) in kinds) {
            println("%-26s %5d %7d %9d %7d %5d %7d".format(name, k.run, k.passed, k.rejected.size, k.strict.size, k.na.size, k.failed.size))
            k.rejected.forEach { println("    rejected-by-rule $it") }
            k.strict.forEach { println("    strict (quirk)   $it") }
            k.na.forEach { println("    not applicable   $it") }
        }
        return kinds.flatMap { (name, k) -> k.failed.map { "$name $it" } }
    }
}

fun vectorFile(name: String) = File(System.getProperty("aura.vectors", "../tests/vectors"), name)
fun vectors(name: String) = JSONObject(vectorFile(name).readText())

/** The same file through Jackson, which keeps JSON member order (org.json does not). */
fun ordered(name: String): com.fasterxml.jackson.databind.JsonNode = com.fasterxml.jackson.databind.ObjectMapper().readTree(vectorFile(name))

/** Query parameter names of a URL as URLSearchParams decodes them (enough to spot exp/sig). */
fun queryNames(url: String): List<String> = url.substringBefore('#').substringAfter('?', "").split('&').filter { it.isNotEmpty() }
    .map { it.substringBefore('=') }.map { runCatching { java.net.URLDecoder.decode(it, Charsets.UTF_8) }.getOrDefault(it) }

/** A JSON number the typed API can take (JS-only forms like NaN or -0 are not). */
fun plainNumber(v: Any?): Double? = if (v is Number) v.toDouble() else null

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VectorsTest {
    private val failures = mutableListOf<String>()

    @AfterAll
    fun noFailures() = assertEquals(emptyList<String>(), failures)

    private inline fun signing(t: Tally, kind: String, id: String, out: JSONObject, key: String, f: () -> String) {
        try {
            val got = f()
            when {
                out.has("error") -> t.fail(kind, id, "reference threw, Aura returned $got")
                got == out.getString(key) -> t.pass(kind)
                else -> t.fail(kind, id, "got $got")
            }
        } catch (e: AuraException) {
            when {
                out.has("error") -> t.pass(kind)
                e.code == "invalid_input" -> t.rejected(kind, id, e.message ?: "")
                else -> t.fail(kind, id, e.toString())
            }
        }
    }

    // The SDK's strings for the enums of the typed API ('' is the SDK's "not
    // passed"); any other text cannot be written in Kotlin at all.
    private fun visibilityOf(text: String?): Visibility? = when (text) {
        null, "" -> null
        else -> Visibility.entries.singleOrNull { it.name.lowercase() == text }
    }
    private fun representable(text: String?, value: Any?) = text == null || text == "" || value != null

    private fun client(c: JSONObject) = AuraImage(c.getString("secretKey"), c.optString("projectName", ""), c.optString("serveSecret", null), c.optString("cdnUrl", null))

    @Test
    fun auraimage() {
        val t = Tally("auraimage.json")
        val cases = vectors("auraimage.json").getJSONArray("cases")
        val raw = ordered("auraimage.json").get("cases")
        for (i in 0 until cases.length()) {
            val c = cases.getJSONObject(i)
            val (kind, id, input, out) = listOf(c.getString("kind"), c.getString("id"), c.getJSONObject("input"), c.getJSONObject("output"))
            kind as String; id as String; input as JSONObject; out as JSONObject
            when (kind) {
                "parse_size" -> {
                    val v = input.get("value")
                    if (v !is String) { t.na(kind, id, "numeric input: the typed API takes size strings"); continue }
                    try {
                        val got = parseSize(v).toDouble()
                        if (got == plainNumber(out.get("value"))) t.pass(kind) else t.fail(kind, id, "got $got")
                    } catch (e: AuraException) { if (e.code == "invalid_input") t.rejected(kind, id, e.message ?: "") else t.fail(kind, id, e.toString()) }
                }
                "parse_size_error" -> try { parseSize(input.getString("value")); t.fail(kind, id, "accepted") } catch (e: AuraException) { t.pass(kind) }
                "upload_token" -> {
                    if (input.getString("via") == "signUploadToken") {
                        signing(t, kind, id, out, "token") { signUploadToken(raw.get(i).get("input").get("payload").toString(), input.getString("secret")) }
                        continue
                    }
                    val o = input.optJSONObject("options") ?: JSONObject()
                    val ms = o.opt("maxSize")
                    val exp = o.opt("expiresIn")
                    val visibility = o.optString("visibility", null)
                    if (!representable(visibility, visibilityOf(visibility))) { t.na(kind, id, "visibility \"$visibility\" is not a Visibility"); continue }
                    if ((ms != null && ms !is String && ms !is Int && ms !is Long) || (exp != null && plainNumber(exp) == null)) { t.na(kind, id, "JS-only number form"); continue }
                    val options = UploadOptions(
                        maxSize = ms as? String, maxSizeBytes = (ms as? Number)?.toLong()?.takeIf { it >= 0 }?.toULong(),
                        allowedTypes = o.optJSONArray("allowedTypes")?.let { a -> (0 until a.length()).map { a.getString(it) } },
                        expiresIn = plainNumber(exp), projectName = o.optString("projectName", null), visibility = visibilityOf(visibility),
                        name = o.optString("name", null), overwrite = if (o.has("overwrite")) o.getBoolean("overwrite") else null,
                    )
                    if ((ms as? Number)?.toLong()?.let { it < 0 } == true) { t.rejected(kind, id, "negative byte count is not a ULong"); continue }
                    signing(t, kind, id, out, "token") { client(input.getJSONObject("constructor")).signUpload(options, input.getLong("now_unix")) }
                }
                "serve_token" -> signing(t, kind, id, out, "token") { signServeToken(raw.get(i).get("input").get("payload").toString(), input.getString("secret")) }
                "signed_url" -> {
                    val o = input.optJSONObject("options") ?: JSONObject()
                    if (o.has("expiresIn") && plainNumber(o.get("expiresIn")) == null) { t.na(kind, id, "JS-only number form"); continue }
                    signing(t, kind, id, out, "url") {
                        client(input.getJSONObject("constructor")).getSignedUrl(input.getString("name"), plainNumber(o.opt("expiresIn")), o.optString("cdnUrl", null), input.getLong("now_unix"))
                    }
                }
                "build_serve_url" -> {
                    val o = input.getJSONObject("options")
                    val ints = listOf("width", "height", "quality").associateWith { o.opt(it) }
                    if (ints.values.any { it != null && !(it is Int || it is Long) } || (o.has("v") && o.get("v") !is String && o.get("v") !is Int) || (o.has("lqip") && o.get("lqip") !is Boolean)) {
                        t.na(kind, id, "JS-only number or truthiness form"); continue
                    }
                    val fit = o.optString("fit", null)?.let { f -> ServeFit.entries.singleOrNull { it.name.lowercase() == f } }
                    if (!representable(o.optString("fit", null), fit)) { t.na(kind, id, "fit \"${o.getString("fit")}\" is not a ServeFit"); continue }
                    if (ints.values.any { (it as? Number)?.toLong()?.let { n -> n <= 0 } == true }) {
                        if (out.has("error")) t.pass(kind) else t.fail(kind, id, "non-positive accepted by reference"); continue
                    }
                    signing(t, kind, id, out, "url") {
                        buildServeUrl(ServeUrlOptions(o.getString("cdnUrl"), o.getString("project"), o.getString("name"),
                            (ints["width"] as? Number)?.toLong()?.toULong(), (ints["height"] as? Number)?.toLong()?.toULong(), fit,
                            (ints["quality"] as? Number)?.toLong()?.toULong(), o.optString("format", null), o.optBoolean("lqip", false), o.opt("v")?.toString()))
                    }
                }
                "build_blurhash_url" -> {
                    val o = input.getJSONObject("options")
                    signing(t, kind, id, out, "url") { buildBlurhashUrl(o.getString("cdnUrl"), o.getString("project"), o.getString("name"), o.opt("v")?.toString()) }
                }
                "set_visibility_request" -> try {
                    val visibility = visibilityOf(input.getString("visibility"))
                    if (visibility == null) { t.na(kind, id, "visibility \"${input.getString("visibility")}\" is not a Visibility"); continue }
                    val r = client(input.getJSONObject("constructor")).setVisibilityRequest(input.getString("name"), visibility, input.getLong("now_unix"))
                    val want = out.getJSONArray("requests").getJSONObject(0)
                    val headers = want.getJSONObject("headers")
                    val ok = r.method == want.getString("method") && r.url == want.getString("url") && r.body == want.getString("body") &&
                        r.headers.map { it.name } == listOf("X-Aura-Signature", "Content-Type") && r.headers.all { headers.getString(it.name) == it.value }
                    if (ok) t.pass(kind) else t.fail(kind, id, "request $r")
                } catch (e: AuraException) { if (out.getJSONArray("requests").length() == 0) t.pass(kind) else t.fail(kind, id, e.toString()) }
                "verify_upload", "verify_serve" -> {
                    val accepts = out.has("result") && !out.isNull("result")
                    val secrets = when (input.optString("secret_mode", "string")) {
                        "callback_array" -> input.getJSONArray("secrets").let { a -> (0 until a.length()).map { a.getString(it) } }
                        else -> listOf(input.getString("secret"))
                    }
                    // Resolver modes: the resolver's answer is the secret list (the JVM API takes the list).
                    val resolverMode = input.optString("secret_mode", "string") != "string"
                    try {
                        val payload = if (kind == "verify_upload" && resolverMode) verifyUploadToken(input.getString("token"), input.getLong("now_unix")) { secrets }.payloadJson
                        else if (kind == "verify_upload") verifyUploadToken(input.getString("token"), secrets, input.getLong("now_unix")).payloadJson
                        else verifyServeToken(input.getString("token"), secrets, now = input.getLong("now_unix")).payloadJson
                        when {
                            !accepts -> t.fail(kind, id, "accepted $payload")
                            JSONObject(payload).similar(out.get("result")) -> t.pass(kind)
                            else -> t.fail(kind, id, "payload $payload")
                        }
                    } catch (e: AuraException) {
                        when {
                            !accepts -> t.pass(kind)
                            c.optBoolean("quirk") -> t.strict(kind, id, "[${e.code}]")
                            else -> t.fail(kind, id, e.toString())
                        }
                    }
                }
                "upload_from_url" -> {}
                else -> t.fail(kind, id, "unknown kind")
            }
        }
        failures += t.report()
    }

    @Test
    fun cloudflareImages() {
        val t = Tally("cloudflare-images.json")
        val cases = vectors("cloudflare-images.json").getJSONArray("cases")
        for (i in 0 until cases.length()) {
            val c = cases.getJSONObject(i)
            val id = c.getString("id"); val input = c.getJSONObject("input"); val out = c.getJSONObject("output")
            val url = input.getString("url"); val key = input.getString("key"); val exp = input.getLong("now_unix") + input.getLong("expires_in")
            signing(t, "worker", id, out, "signed_url") { signImagesUrl(url, key, input.getLong("expires_in"), ImagesMode.WORKER, input.getLong("now_unix")) }
            try {
                val signed = signImagesUrl(url, key, input.getLong("expires_in"), now = input.getLong("now_unix"))
                val edge = c.optJSONObject("edge_alternative")
                val hadExpOrSig = queryNames(url).any { it == "exp" || it == "sig" }
                val ok = when {
                    edge != null -> signed == edge.getString("signed_url")
                    hadExpOrSig -> signed.split("sig=").size == 2
                    else -> signed == out.getString("signed_url")
                }
                if (ok && verifyImagesUrl(signed, listOf("other", key), exp) == exp) t.pass("default") else t.fail("default", id, signed)
            } catch (e: AuraException) {
                val variant = out.optString("signed_url", "").substringBefore('?').substringBefore('#').substringAfterLast('/')
                if (out.has("error") || (e.code == "flexible_variant_not_signable" && variant.contains('='))) t.pass("default") else t.fail("default", id, e.toString())
            }
        }
        failures += t.report()
    }

    @Test
    fun cloudflareStream() {
        val t = Tally("cloudflare-stream.json")
        val file = vectors("cloudflare-stream.json")
        val rawSign = ordered("cloudflare-stream.json").get("sign_cases")
        val keys = (0 until file.getJSONArray("keys").length()).map { file.getJSONArray("keys").getJSONObject(it) }.associateBy { it.getString("name") }
        fun signer(name: String, fmt: String, kid: String, style: StreamStyle) = StreamSigner(StreamKey.fromAny(keys.getValue(name).getJSONObject("formats").getString(fmt)), kid, style)
        fun rules(a: JSONArray?): List<AccessRule>? = a?.let { (0 until it.length()).map { i -> it.getJSONObject(i) }.map { r ->
            AccessRule(AccessRuleType.entries.single { it.name.lowercase().replace('_', '.') == r.getString("type") }, AccessAction.valueOf(r.getString("action").uppercase()), r.optJSONArray("ip")?.let { l -> (0 until l.length()).map { l.getString(it) } } ?: emptyList(),
                r.optJSONArray("country")?.let { l -> (0 until l.length()).map { l.getString(it) } } ?: emptyList()) } }
        /** Rule members in the docs' order (type, action, ip|country): what a typed record serialises. */
        fun docsOrder(rules: com.fasterxml.jackson.databind.JsonNode?): Boolean = rules == null || rules.all { r -> r.fieldNames().asSequence().toList().take(2) == listOf("type", "action") }
        val sign = file.getJSONArray("sign_cases")
        for (i in 0 until sign.length()) {
            val c = sign.getJSONObject(i); val id = c.getString("id"); val input = c.getJSONObject("input"); val cl = input.getJSONObject("claims")
            // org.json does not keep member order; rule member order comes from the record (type, action, ip|country).
            if (!docsOrder(rawSign.get(i).get("input").get("claims").get("accessRules"))) { t.na("sign_cases", id, "caller-ordered rule members; records serialise type, action, ip|country"); continue }
            val s = signer(input.getString("key_name"), input.getString("key_format_used"), input.getString("key_id"), if (c.getString("style") == "cf_docs") StreamStyle.CLOUDFLARE else StreamStyle.JSONWEBTOKEN)
            val now = input.getLong("now_unix")
            val opts = StreamTokenOptions(cl.getLong("exp") - now, if (cl.has("nbf")) cl.getLong("nbf") else null, rules(cl.optJSONArray("accessRules")), if (cl.has("downloadable")) cl.getBoolean("downloadable") else null, false)
            try {
                if (s.sign(cl.getString("sub"), opts, now) == c.getJSONObject("output").getString("token")) t.pass("sign_cases") else t.fail("sign_cases", id, "token differs")
            } catch (e: AuraException) {
                val long = s.sign(cl.getString("sub"), opts.copy(allowLongLifetime = true), now)
                if (e.code == "lifetime_too_long" && long == c.getJSONObject("output").getString("token")) t.rejected("sign_cases", id, "lifetime > 24h without opt-in; bytes match with it") else t.fail("sign_cases", id, e.toString())
            }
        }
        val seed = file.getJSONArray("seed003_cases")
        for (i in 0 until seed.length()) {
            val c = seed.getJSONObject(i); val input = c.getJSONObject("input"); val node = c.getString("style") == "seed003_node_jsonwebtoken"
            val lifetime = if (node) input.get("expiresIn").let { v -> if (v is Number) v.toLong() else (v as String).dropLast(1).toLong() * mapOf('s' to 1L, 'm' to 60L, 'h' to 3600L).getValue(v.last()) } else input.getLong("expires_in")
            val s = signer(input.getString("key_name"), if (node) "cf_pem_b64" else "pkcs1_pem", input.getString("key_id"), if (node) StreamStyle.JSONWEBTOKEN_CLAIMS_KID else StreamStyle.GO_JOSE)
            val token = s.sign(input.getString("video_id"), StreamTokenOptions(expiresIn = lifetime, notBefore = if (input.isNull("nbf") || !input.has("nbf")) null else input.getLong("nbf")), input.getLong("now_unix"))
            if (token == c.getJSONObject("output").getString("token")) t.pass("seed003_cases") else t.fail("seed003_cases", c.getString("id"), token)
        }
        val worker = file.getJSONArray("worker_cases")
        val workerRules = listOf(AccessRule(AccessRuleType.IP_GEOIP_COUNTRY, AccessAction.ALLOW, country = listOf("GB")), AccessRule(AccessRuleType.ANY, AccessAction.BLOCK))
        for (i in 0 until worker.length()) {
            val c = worker.getJSONObject(i); val input = c.getJSONObject("input")
            val token = signer(input.getString("key_name"), "cf_jwk_b64", input.getString("key_id"), StreamStyle.CLOUDFLARE)
                .sign(input.getString("video_id"), StreamTokenOptions(expiresIn = input.getLong("expires_in"), accessRules = workerRules), input.getLong("now_unix"))
            if (token == c.getJSONObject("output").getString("token")) t.pass("worker_cases") else t.fail("worker_cases", c.getString("id"), token)
        }
        val verify = file.getJSONArray("verify_cases")
        for (i in 0 until verify.length()) {
            val c = verify.getJSONObject(i); val input = c.getJSONObject("input"); val expected = c.getJSONObject("expected")
            val trusted = (0 until input.getJSONArray("trusted_keys").length()).map { input.getJSONArray("trusted_keys").getString(it) }
                .map { n -> StreamPublicKey.fromAny(keys.getValue(n).getJSONObject("formats").getString("public_spki_pem"), keys.getValue(n).getString("id")) }
            try {
                verifyStreamToken(input.getString("token"), trusted, input.getString("video_id"), StreamVerifyOptions(purpose = StreamPurpose.valueOf(input.getString("purpose").uppercase())), input.getLong("now_unix"))
                if (expected.getBoolean("valid")) t.pass("verify_cases") else t.fail("verify_cases", c.getString("id"), "accepted")
            } catch (e: AuraException) {
                if (!expected.getBoolean("valid") && expected.getJSONArray("acceptable_reasons").toList().contains(e.code)) t.pass("verify_cases") else t.fail("verify_cases", c.getString("id"), e.code)
            }
        }
        val rulesCases = file.getJSONArray("access_rule_cases")
        for (i in 0 until rulesCases.length()) {
            val c = rulesCases.getJSONObject(i); val input = c.getJSONObject("input"); val viewer = input.getJSONObject("viewer"); val exp = c.getJSONObject("expected")
            val d = evaluateAccessRules(rules(input.getJSONArray("accessRules"))!!, viewer.getString("ip"), viewer.getString("country"))
            val want = if (exp.isNull("matched_rule")) null else exp.getInt("matched_rule").toUInt()
            if (d.decision.name.lowercase() == exp.getString("decision") && d.matchedRule == want) t.pass("access_rule_cases") else t.fail("access_rule_cases", c.getString("id"), d.toString())
        }
        val parse = file.getJSONArray("key_parse_cases")
        for (i in 0 until parse.length()) {
            val c = parse.getJSONObject(i); val exp = c.getJSONObject("expected")
            try {
                val k = StreamKey.fromAny(c.getJSONObject("input").getString("key_text"))
                if (k.modulusSha256() == exp.optString("modulus_sha256")) t.pass("key_parse_cases") else t.fail("key_parse_cases", c.getString("id"), k.modulusSha256())
            } catch (e: AuraException) {
                if (e.code == exp.optString("error")) t.pass("key_parse_cases") else t.fail("key_parse_cases", c.getString("id"), e.code)
            }
        }
        failures += t.report()
    }
}
