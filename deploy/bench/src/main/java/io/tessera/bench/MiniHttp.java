package io.tessera.bench;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal blocking HTTP/1.1 client over one keep-alive connection, for the simulated workers.
 * It costs a fraction of java.net.http.HttpClient's CPU per request (one write, usually one read,
 * no futures, no header maps), which matters because the load generator shares the two cores
 * with everything it measures. It understands Content-Length and chunked bodies, and reconnects
 * after {@code Connection: close} or an I/O error. Not thread-safe: one per simulated worker.
 */
final class MiniHttp implements Closeable {
    private final String host;
    private final int port;
    private final byte[] hostHeader;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final byte[] buf = new byte[16 * 1024];
    private int pos;
    private int lim;
    private byte[] body = new byte[4 * 1024];
    private int bodyLength;
    private boolean closeAfter;

    MiniHttp(String host, int port) {
        this.host = host;
        this.port = port;
        this.hostHeader = ("Host: " + host + ":" + port + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** POSTs a JSON body; returns the status. The body is then in {@link #body()}/{@link #bodyLength()}. */
    int post(String path, byte[] authHeader, String extraHeader, byte[] json) throws IOException {
        if (socket == null) {
            connect();
        }
        StringBuilder head = new StringBuilder(256);
        head.append("POST ").append(path).append(" HTTP/1.1\r\n");
        byte[] start = head.toString().getBytes(StandardCharsets.US_ASCII);
        head.setLength(0);
        if (extraHeader != null) {
            head.append(extraHeader).append("\r\n");
        }
        head.append("Content-Type: application/json\r\nContent-Length: ").append(json.length).append("\r\n\r\n");
        byte[] rest = head.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[start.length + hostHeader.length + authHeader.length + rest.length + json.length];
        int p = 0;
        for (byte[] part : new byte[][] {start, hostHeader, authHeader, rest, json}) {
            System.arraycopy(part, 0, request, p, part.length);
            p += part.length;
        }
        try {
            out.write(request);
            out.flush();
            int status = readResponse();
            if (closeAfter) {
                close();
            }
            return status;
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    byte[] body() {
        return body;
    }

    int bodyLength() {
        return bodyLength;
    }

    /** The text of the first {@code "name":"value"} string field in the body, or null. */
    String field(String name) {
        byte[] key = ("\"" + name + "\":\"").getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + key.length <= bodyLength; i++) {
            for (int k = 0; k < key.length; k++) {
                if (body[i + k] != key[k]) {
                    continue outer;
                }
            }
            int s = i + key.length;
            int e = s;
            while (e < bodyLength && body[e] != '"') {
                e++;
            }
            return new String(body, s, e - s, StandardCharsets.US_ASCII);
        }
        return null;
    }

    private void connect() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.setSoTimeout(30_000);
        s.connect(new InetSocketAddress(host, port), 5_000);
        socket = s;
        in = s.getInputStream();
        out = s.getOutputStream();
        pos = lim = 0;
    }

    private int readResponse() throws IOException {
        String statusLine = line();
        if (!statusLine.startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP response: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long contentLength = -1;
        boolean chunked = false;
        closeAfter = statusLine.startsWith("HTTP/1.0");
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = h.substring(0, colon).trim();
            String value = h.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("content-length")) {
                contentLength = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("transfer-encoding")) {
                chunked = value.toLowerCase().contains("chunked");
            } else if (name.equalsIgnoreCase("connection")) {
                closeAfter = value.equalsIgnoreCase("close");
            }
        }
        bodyLength = 0;
        if (status == 204 || status == 304 || status / 100 == 1) {
            return status;
        }
        if (chunked) {
            for (;;) {
                String size = line();
                int semi = size.indexOf(';');
                int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                if (n == 0) {
                    while (!line().isEmpty()) {
                        // trailers
                    }
                    break;
                }
                readBody(n);
                line();
            }
        } else if (contentLength >= 0) {
            readBody((int) contentLength);
        } else {
            closeAfter = true; // body until the server closes: not expected from Quarkus
            while (fill()) {
                readBody(lim - pos);
            }
        }
        return status;
    }

    private void readBody(int n) throws IOException {
        if (bodyLength + n > body.length) {
            byte[] bigger = new byte[Math.max(body.length * 2, bodyLength + n)];
            System.arraycopy(body, 0, bigger, 0, bodyLength);
            body = bigger;
        }
        while (n > 0) {
            if (pos == lim && !fill()) {
                throw new EOFException("connection closed in a body");
            }
            int k = Math.min(n, lim - pos);
            System.arraycopy(buf, pos, body, bodyLength, k);
            pos += k;
            bodyLength += k;
            n -= k;
        }
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder(64);
        for (;;) {
            if (pos == lim && !fill()) {
                throw new EOFException("connection closed in a header");
            }
            byte b = buf[pos++];
            if (b == '\n') {
                int len = sb.length();
                if (len > 0 && sb.charAt(len - 1) == '\r') {
                    sb.setLength(len - 1);
                }
                return sb.toString();
            }
            sb.append((char) b);
        }
    }

    private boolean fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        lim = n;
        return true;
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
        }
    }
}
