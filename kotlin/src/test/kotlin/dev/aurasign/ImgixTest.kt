package dev.aurasign

import com.fasterxml.jackson.databind.JsonNode
import org.junit.jupiter.api.Test
import kotlin.random.Random
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue

/**
 * imgix: every case of imgix.json as crates/aura-core/tests/vectors_imgix.rs
 * runs it (js.* through the js style, py.* through the python style, the
 * verifier on every signed URL reproduced), then properties.
 */
class ImgixTest {
    /** A JSON value as the typed API takes it. */
    private fun value(v: JsonNode): ImgixValue = when {
        v.isTextual -> ImgixValue.Text(v.asText())
        v.isIntegralNumber && v.canConvertToLong() -> ImgixValue.Int(v.asLong())
        v.isNumber -> ImgixValue.Float(v.asDouble())
        v.isBoolean -> ImgixValue.Bool(v.asBoolean())
        v.isNull -> ImgixValue.Null
        v.isArray -> ImgixValue.Values(v.map { value(it) })
        else -> error("object parameter value")
    }

    private fun params(i: JsonNode): List<ImgixParam> =
        i.get("params")?.takeIf { it.isObject }?.fields()?.asSequence()?.map { (k, v) -> ImgixParam(k, value(v)) }?.toList() ?: emptyList()

    private fun wholePixels(v: JsonNode, what: String): UInt =
        if (v.isIntegralNumber && v.canConvertToLong() && v.asLong() in 0..UInt.MAX_VALUE.toLong()) v.asLong().toUInt()
        else throw invalidInput("$what must be whole pixels, got $v")

    private fun truthy(v: JsonNode?): Boolean = when {
        v == null || v.isNull -> false
        v.isBoolean -> v.asBoolean()
        v.isNumber -> v.asDouble() != 0.0
        v.isTextual -> v.asText().isNotEmpty()
        else -> true
    }

    private fun srcsetOptions(i: JsonNode): ImgixSrcsetOptions {
        val o = i.get("srcset")
        fun get(k: String): JsonNode? = o?.get(k)?.takeIf { !it.isNull }
        return ImgixSrcsetOptions(
            disablePathEncoding = truthy(i.get("disable_path_encoding")),
            widths = get("widths")?.let { w -> if (!w.isArray) throw invalidInput("widths must be a list"); w.map { wholePixels(it, "widths") } },
            minWidth = get("min_width")?.let { wholePixels(it, "min_width") },
            maxWidth = get("max_width")?.let { wholePixels(it, "max_width") },
            widthTolerance = get("width_tolerance")?.asDouble(),
            devicePixelRatios = get("device_pixel_ratios")?.let { d ->
                if (!d.isArray) throw invalidInput("device_pixel_ratios must be a list")
                d.map { if (it.isNumber) it.asDouble() else throw invalidInput("ratios are numbers") }
            },
            variableQualities = get("variable_qualities")?.let { q ->
                if (!q.isObject) throw invalidInput("variable_qualities must be a mapping")
                q.fields().asSequence().map { (k, v) ->
                    ImgixVariableQuality(k.toUIntOrNull() ?: throw invalidInput("ratio keys are integers"), wholePixels(v, "quality"))
                }.toList()
            },
            disableVariableQuality = truthy(get("disable_variable_quality")),
        )
    }

    private fun client(i: JsonNode, style: ImgixStyle) = ImgixClient(
        i.get("domain").asText(), i.text("sign_key"),
        ImgixClientOptions(style, i.get("use_https")?.takeIf { it.isBoolean }?.asBoolean() ?: true,
            i.get("include_library_param")?.takeIf { it.isBoolean }?.asBoolean() ?: true),
    )

    private fun run(kind: String, i: JsonNode): String {
        val c = client(i, if (kind.startsWith("js.")) ImgixStyle.JS else ImgixStyle.PYTHON)
        val path = i.text("path") ?: ""
        return when (kind) {
            "js.buildURL", "py.create_url" -> c.buildUrl(path, params(i), truthy(i.get("disable_path_encoding")))
            "js.buildSrcSet", "py.create_srcset" -> c.buildSrcset(path, params(i), srcsetOptions(i))
            "js.new", "py.new" -> ""
            else -> error("kind $kind")
        }
    }

    /** Each candidate URL verifies with its token (and not with another); `expires` is enforced. */
    private fun verifyAll(output: String, token: String): Outcome {
        val verifier = ImgixVerifier(listOf("another-token", token))
        val other = ImgixVerifier(listOf("another-token"))
        for (entry in output.split(",\n")) {
            val sp = entry.lastIndexOf(' ')
            val url = if (sp >= 0 && (entry.endsWith("w") || entry.endsWith("x"))) entry.substring(0, sp) else entry
            val now = 1_700_000_000L
            val a = attempt { verifier.verify(url, now) }
            val b = attempt { other.verify(url, now) }
            val v = a.getOrNull()
            if (v == null || b.error !is AuraException.BadSignature) return Outcome.Fail("$url: $a / other token $b")
            val e = v.expires
            if (e != null && attempt { verifier.verify(url, e + 1) }.error !is AuraException.Expired) return Outcome.Fail("$url: not expired after $e")
        }
        return Outcome.Pass
    }

    private fun notVerifiable(id: String): String? = when (id) {
        "js-url-074", "py-url-074", "js-url-098", "py-url-098" ->
            "signed with disable_path_encoding over a raw space or non-ASCII path: the verifier takes printable ASCII only (a client sends the path encoded, which is not what was signed)"
        else -> null
    }

    @Test
    fun vectors() {
        val t = Tally("imgix.json")
        for (case in cdnVectors("imgix.json").get("cases")) {
            val id = case.get("id").asText(); val kind = case.get("kind").asText(); val i = case.get("input")
            if (kind.startsWith("js._build")) {
                t.na(kind, id, "js-core's static full-URL helper (ufo re-parsing of a whole URL) is not offered"); continue
            }
            val got = attempt { run(kind, i) }
            val outcome = compareOutput(case.text("output"), got)
            t.record(kind, id, outcome)
            val token = i.text("sign_key")?.takeIf { it.isNotEmpty() }
            val output = got.getOrNull()
            if (outcome == Outcome.Pass && output != null && token != null && output.isNotEmpty()) {
                val why = notVerifiable(id)
                val v = verifyAll(output, token)
                t.record("verify_reproduced_url", id, when {
                    v is Outcome.Fail && why != null -> Outcome.Strict(why)
                    why != null -> Outcome.Fail("listed as not verifiable but verified")
                    else -> v
                })
            }
        }
        assertEquals(emptyList(), t.failures())
    }

    @Test
    fun properties() {
        val rnd = Random(13)
        repeat(300) { n ->
            val token = rnd.word(8, 24)
            val style = if (n % 2 == 0) ImgixStyle.JS else ImgixStyle.PYTHON
            val client = ImgixClient("assets.imgix.net", token, ImgixClientOptions(style = style))
            val verifier = ImgixVerifier(listOf(token))
            val now = 1_700_000_000L + rnd.nextInt(1_000_000)
            val expires = now + rnd.nextLong(1, 86_400)
            val params = listOf(ImgixParam("w", ImgixValue.Int(rnd.nextLong(1, 4000))), ImgixParam("fit", ImgixValue.Text(rnd.word())),
                ImgixParam("expires", ImgixValue.Int(expires)))
            val url = client.buildUrl("/" + rnd.word() + "/" + rnd.word() + ".jpg", params)
            assertEquals(expires, verifier.verify(url, now).expires)
            val host = "https://assets.imgix.net".length
            val changed = mutate(url, host, rnd)
            assertFailsWith<AuraException> { verifier.verify(changed, now) }
            assertFailsWith<AuraException.Expired> { verifier.verify(url, expires + 1) }
        }
    }

    @Test
    fun tokensStayOutOfText() {
        val client = ImgixClient("assets.imgix.net", "tok-SECRET-imgix", ImgixClientOptions())
        val verifier = ImgixVerifier(listOf("tok-SECRET-imgix"))
        assertNoSecret("$client $verifier", "tok-SECRET-imgix")
        assertTrue(client.toString().contains("assets.imgix.net"), client.toString())
    }
}
