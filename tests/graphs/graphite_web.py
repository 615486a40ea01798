#!/usr/bin/python3
"""graphite_web.py - Debian's graphite-web served on one address for the
graph tests, without apache or a system configuration.

Usage: graphite_web.py ADDR PORT SETTINGS_DIR

Debian's /usr/share/graphite-web/graphite.wsgi names the settings module
"graphite.local_settings", which the package does not ship (its settings
live in /etc/graphite, for the system's instance).  This wrapper points
GRAPHITE_SETTINGS_MODULE at graphs_local_settings.py in SETTINGS_DIR (the
test's storage, whisper directory, SQLite database and SECRET_KEY), loads
the package's WSGI application unchanged and serves it with the standard
library's WSGI server, one thread per request (Icinga Web 2 asks for
several graphs at once).  It runs until SIGTERM.
"""
import os
import runpy
import signal
import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


def main():
    if len(sys.argv) != 4:
        sys.stderr.write(__doc__)
        return 2
    addr, port, settings_dir = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    sys.path.insert(0, settings_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "graphite.settings"
    os.environ["GRAPHITE_SETTINGS_MODULE"] = "graphs_local_settings"
    app = runpy.run_path("/usr/share/graphite-web/graphite.wsgi")["application"]
    server = make_server(addr, port, app, server_class=ThreadingWSGIServer,
                         handler_class=QuietHandler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
