#!/usr/bin/env python3
"""A GStreamer RTSP server on 127.0.0.1 for RtspLoadClient's tests: one shared H.264 test picture at /test.

Binds a free port and prints "READY <port>" once it listens. Exits when stdin closes (the test ended).
"""
import sys
import threading

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

PIPELINE = (
    "( videotestsrc is-live=true pattern=ball ! video/x-raw,width=320,height=240,framerate=25/1 "
    "! x264enc tune=zerolatency speed-preset=ultrafast bitrate=300 key-int-max=50 "
    "! rtph264pay name=pay0 pt=96 config-interval=-1 )"
)


def main():
    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service("0")
    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(PIPELINE)
    factory.set_shared(True)  # one encoder for every client: the tests measure the client, not x264
    server.get_mount_points().add_factory("/test", factory)
    server.attach(None)
    loop = GLib.MainLoop()

    def wait_for_stdin_close():
        sys.stdin.read()
        GLib.idle_add(loop.quit)

    threading.Thread(target=wait_for_stdin_close, daemon=True).start()
    print("READY %d" % server.get_bound_port(), flush=True)
    loop.run()


if __name__ == "__main__":
    main()
