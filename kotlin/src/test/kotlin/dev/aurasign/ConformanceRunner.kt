package dev.aurasign

import com.fasterxml.jackson.databind.JsonNode
import com.fasterxml.jackson.databind.ObjectMapper
import java.io.File

/**
 * The Kotlin library's runner for the conformance run
 * (`tests/conformance/run.sh`): the inputs of `tests/conformance/cases.py`,
 * the outputs as `{id: {"ok": text} | {"error": code}}`.
 *
 *     java -cp <test classpath> dev.aurasign.ConformanceRunnerKt IN.json OUT.json
 */
private fun number(v: JsonNode): Double? = when {
    v.isNull -> null
    v.isObject -> when (val n = v.get("\$num").asText()) {
        "NaN" -> Double.NaN
        "Infinity" -> Double.POSITIVE_INFINITY
        "-Infinity" -> Double.NEGATIVE_INFINITY
        "-0" -> -0.0
        else -> error("unknown \$num $n")
    }
    else -> v.asDouble()
}

private fun JsonNode.str(name: String): String? = get(name).let { if (it == null || it.isNull) null else it.asText() }

private fun run(c: JsonNode): String = when (val op = c.get("op").asText()) {
    "images_url" -> signImagesUrl(c.str("url")!!, c.str("key")!!, c.get("expires_in").asLong(), ImagesMode.WORKER, c.get("now").asLong())
    "signed_url" -> AuraImage(c.str("secret_key") ?: "", c.str("project") ?: "", c.str("serve_secret"), c.str("cdn_url"))
        .getSignedUrl(c.str("name")!!, number(c.get("expires_in")), c.str("cdn_url_override"), c.get("now").asLong())
    "serve_token" -> signServeToken(c.str("payload_json")!!, c.str("secret")!!)
    else -> error("unknown op $op")
}

fun main(args: Array<String>) {
    val mapper = ObjectMapper()
    val cases = mapper.readTree(File(args[0]))["cases"]
    val out = mapper.createObjectNode()
    for (c in cases) {
        val result = mapper.createObjectNode()
        try {
            result.put("ok", run(c))
        } catch (e: AuraException) {
            result.put("error", e.code)
        }
        out.set<JsonNode>(c["id"].asText(), result)
    }
    File(args[1]).writeText(mapper.writeValueAsString(out))
}
