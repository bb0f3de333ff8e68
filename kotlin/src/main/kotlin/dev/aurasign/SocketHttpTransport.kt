package dev.aurasign

import java.io.BufferedInputStream
import java.io.ByteArrayOutputStream
import java.io.IOException
import java.io.InputStream
import java.net.InetSocketAddress
import java.net.Socket
import java.net.SocketTimeoutException
import java.net.URI
import javax.net.ssl.SSLSocket
import javax.net.ssl.SSLSocketFactory

/**
 * A minimal HTTP/1.1 client over a socket, for any method (the JDK's
 * HttpURLConnection refuses PATCH): one request per connection
 * (`Connection: close`), a `Content-Length` body, and a response read by
 * `Content-Length`, chunked transfer coding or until the server closes.
 * `https` goes through [sslSocketFactory] with the host name verified
 * (`endpointIdentificationAlgorithm = "HTTPS"`). No proxy support: use
 * your own [HttpTransport] behind a proxy.
 */
class SocketHttpTransport(
    private val connectTimeoutMillis: Long = 10_000,
    private val sslSocketFactory: SSLSocketFactory = SSLSocketFactory.getDefault() as SSLSocketFactory,
) : HttpTransport {
    override fun send(request: TransportRequest): TransportResponse {
        if (request.timeoutMillis <= 0) throw HttpSendException(SendFailure.TIMED_OUT, "timed out")
        val deadline = System.nanoTime() + request.timeoutMillis * 1_000_000
        val uri = try {
            URI(request.url)
        } catch (e: Exception) {
            throw HttpSendException(SendFailure.NOT_SENT, "not a URL", e)
        }
        val tls = when (uri.scheme?.lowercase()) {
            "http" -> false
            "https" -> true
            else -> throw HttpSendException(SendFailure.NOT_SENT, "only http and https URLs can be sent")
        }
        val host = uri.host?.removePrefix("[")?.removeSuffix("]")
            ?: throw HttpSendException(SendFailure.NOT_SENT, "the URL has no host")
        val port = if (uri.port >= 0) uri.port else if (tls) 443 else 80
        val socket = connect(host, port, tls, minOf(connectTimeoutMillis, request.timeoutMillis))
        socket.use {
            try {
                socket.soTimeout = remaining(deadline)
                val out = socket.getOutputStream()
                out.write(head(request, uri, port, tls))
                out.write(request.body)
                out.flush()
                return readResponse(BufferedInputStream(DeadlineInput(socket, deadline)), request.method)
            } catch (e: HttpSendException) {
                throw e
            } catch (e: SocketTimeoutException) {
                throw HttpSendException(SendFailure.TIMED_OUT, e.message ?: "timed out", e)
            } catch (e: IOException) {
                throw HttpSendException(SendFailure.LOST, e.message ?: e.javaClass.simpleName, e)
            }
        }
    }

    private fun connect(host: String, port: Int, tls: Boolean, timeoutMillis: Long): Socket {
        val plain = Socket()
        try {
            plain.connect(InetSocketAddress(host, port), timeoutMillis.coerceIn(1, Int.MAX_VALUE.toLong()).toInt())
            if (!tls) return plain
            plain.soTimeout = timeoutMillis.coerceIn(1, Int.MAX_VALUE.toLong()).toInt()
            val ssl = sslSocketFactory.createSocket(plain, host, port, true) as SSLSocket
            ssl.sslParameters = ssl.sslParameters.apply { endpointIdentificationAlgorithm = "HTTPS" }
            ssl.startHandshake()
            return ssl
        } catch (e: IOException) {
            plain.close()
            // No byte of the request was written.
            throw HttpSendException(SendFailure.NOT_SENT, e.message ?: e.javaClass.simpleName, e)
        }
    }

    private fun head(request: TransportRequest, uri: URI, port: Int, tls: Boolean): ByteArray {
        val target = (uri.rawPath?.takeIf { it.isNotEmpty() } ?: "/") + (uri.rawQuery?.let { "?$it" } ?: "")
        val defaultPort = if (tls) 443 else 80
        val hostHeader = uri.host + if (port == defaultPort) "" else ":$port"
        val sb = StringBuilder()
        sb.append(request.method).append(' ').append(target).append(" HTTP/1.1\r\n")
        sb.append("Host: ").append(hostHeader).append("\r\n")
        for ((name, value) in request.headers) {
            require(name.none { it == '\r' || it == '\n' || it == ':' } && value.none { it == '\r' || it == '\n' }) {
                "header $name contains a line break"
            }
            sb.append(name).append(": ").append(value).append("\r\n")
        }
        if (request.header("Accept") == null) sb.append("Accept: */*\r\n")
        if (request.header("User-Agent") == null) sb.append("User-Agent: ").append(UrlConnectionTransport.USER_AGENT).append("\r\n")
        if (request.body.isNotEmpty() || request.method in BODY_METHODS) {
            sb.append("Content-Length: ").append(request.body.size).append("\r\n")
        }
        sb.append("Connection: close\r\n\r\n")
        return sb.toString().toByteArray(Charsets.ISO_8859_1)
    }

    private fun readResponse(input: InputStream, method: String): TransportResponse {
        while (true) {
            val statusLine = readLine(input) ?: throw IOException("the connection closed before an answer")
            val parts = statusLine.split(' ', limit = 3)
            val status = parts.getOrNull(1)?.toIntOrNull()
            if (!statusLine.startsWith("HTTP/") || status == null) throw IOException("the answer is not HTTP")
            val headers = ArrayList<Pair<String, String>>()
            while (true) {
                val line = readLine(input) ?: throw IOException("the connection closed inside the headers")
                if (line.isEmpty()) break
                val colon = line.indexOf(':')
                if (colon > 0) headers.add(line.substring(0, colon).trim() to line.substring(colon + 1).trim())
            }
            if (status in 100..199) continue // interim (100 Continue, 103 Early Hints)
            fun header(name: String) = headers.lastOrNull { it.first.equals(name, ignoreCase = true) }?.second
            val body = when {
                method == "HEAD" || status == 204 || status == 304 -> ByteArray(0)
                header("Transfer-Encoding")?.lowercase()?.contains("chunked") == true -> readChunked(input)
                header("Content-Length") != null -> {
                    val n = header("Content-Length")!!.toLongOrNull() ?: throw IOException("bad Content-Length")
                    readExactly(input, n)
                }
                else -> input.readBytes()
            }
            return TransportResponse(status, headers, body)
        }
    }

    private fun readChunked(input: InputStream): ByteArray {
        val out = ByteArrayOutputStream()
        while (true) {
            val sizeLine = readLine(input) ?: throw IOException("the connection closed inside a chunked body")
            val size = sizeLine.substringBefore(';').trim().toLongOrNull(16) ?: throw IOException("bad chunk size")
            if (size == 0L) {
                while (true) { // trailers
                    val t = readLine(input) ?: break
                    if (t.isEmpty()) break
                }
                return out.toByteArray()
            }
            out.write(readExactly(input, size))
            readLine(input)
        }
    }

    private fun readExactly(input: InputStream, n: Long): ByteArray {
        if (n < 0 || n > Int.MAX_VALUE - 8) throw IOException("body too large")
        val buf = ByteArray(n.toInt())
        var off = 0
        while (off < buf.size) {
            val r = input.read(buf, off, buf.size - off)
            if (r < 0) throw IOException("the connection closed inside the body")
            off += r
        }
        return buf
    }

    /** One line without its CRLF (or LF); null at the end of the stream. */
    private fun readLine(input: InputStream): String? {
        val line = ByteArrayOutputStream()
        while (true) {
            val b = input.read()
            if (b < 0) return if (line.size() == 0) null else line.toString(Charsets.ISO_8859_1)
            if (b == '\n'.code) {
                val bytes = line.toByteArray()
                val len = if (bytes.isNotEmpty() && bytes.last() == '\r'.code.toByte()) bytes.size - 1 else bytes.size
                return String(bytes, 0, len, Charsets.ISO_8859_1)
            }
            if (line.size() > 64 * 1024) throw IOException("header line too long")
            line.write(b)
        }
    }

    /** Every read waits at most until the attempt's deadline. */
    private class DeadlineInput(private val socket: Socket, private val deadline: Long) : InputStream() {
        private val inner = socket.getInputStream()

        private fun arm() {
            socket.soTimeout = remaining(deadline)
        }

        override fun read(): Int {
            arm()
            return inner.read()
        }

        override fun read(b: ByteArray, off: Int, len: Int): Int {
            arm()
            return inner.read(b, off, len)
        }
    }

    private companion object {
        val BODY_METHODS = setOf("POST", "PUT", "PATCH")

        fun remaining(deadline: Long): Int {
            val ms = (deadline - System.nanoTime()) / 1_000_000
            if (ms <= 0) throw SocketTimeoutException("timed out")
            return ms.coerceAtMost(Int.MAX_VALUE.toLong()).toInt()
        }
    }
}
