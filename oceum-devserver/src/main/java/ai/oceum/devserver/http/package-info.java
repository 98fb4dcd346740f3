/** HTTP endpoints on the JDK's {@code com.sun.net.httpserver}: webhook, memory and vault reads, dashboard and trace data, SSE stream, static files, chaos filter. */
package ai.oceum.devserver.http;
