"""A local OTLP/HTTP sink for the benchmarks: accepts POST /v1/traces, /v1/metrics and /v1/logs
(protobuf), answers 200 with an empty (valid) export response, and counts what arrived, so the
api and the web export telemetry as in production without a collector on the machine.

usage: otlp-sink.py PORT SUMMARY_FILE   (the summary is rewritten after every export)"""
import http.server, json, sys, threading

port, summary_file = int(sys.argv[1]), sys.argv[2]
counts = {}
lock = threading.Lock()


class Sink(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        with lock:
            entry = counts.setdefault(self.path, {"exports": 0, "bytes": 0})
            entry["exports"] += 1
            entry["bytes"] += length
            with open(summary_file, "w") as f:
                json.dump(counts, f)
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", port), Sink).serve_forever()
