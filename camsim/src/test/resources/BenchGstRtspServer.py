#!/usr/bin/env python3
"""A GStreamer RTSP server on 127.0.0.1 for RtspLoadClient's tests: one shared H.264 test picture at /test.

Binds a free port and prints "READY <port>" once the shared media is flowing. Exits when stdin closes (the test
ended).

Why it waits for the media to flow: the first PLAYs of a shared live media race with its first buffer. A PLAY that
arrives after the media started but before a segment event reached the stream's send_rtp_sink pad makes Debian 12's
gst-rtsp-server (1.22) abort the whole process ("no segment event on send_rtp_sink pad", then "assertion failed" in
gst_rtsp_media_get_rates); six clients connecting at once hit it in 3 of 11 runs. So the server first plays
/test to a client of its own (rtspsrc, interleaved TCP) and announces READY on that client's first RTP buffer; the
client stays connected, so the media keeps flowing and the tests' PLAYs all find its segment.
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


def warm_up(port, on_flowing):
    """Plays /test to an in-process client; calls on_flowing once, on the main loop, at its first RTP buffer."""
    pipeline = Gst.parse_launch(
        "rtspsrc location=rtsp://127.0.0.1:%d/test protocols=tcp latency=0 "
        "! fakesink name=sink sync=false signal-handoffs=true" % port)
    sink = pipeline.get_by_name("sink")
    flowing = threading.Event()

    def on_handoff(*_):  # a streaming thread
        if not flowing.is_set():
            flowing.set()
            GLib.idle_add(on_flowing)

    sink.connect("handoff", on_handoff)
    pipeline.set_state(Gst.State.PLAYING)
    return pipeline


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
    port = server.get_bound_port()
    warm = warm_up(port, lambda: print("READY %d" % port, flush=True))

    def wait_for_stdin_close():
        sys.stdin.read()
        GLib.idle_add(loop.quit)

    threading.Thread(target=wait_for_stdin_close, daemon=True).start()
    loop.run()
    warm.set_state(Gst.State.NULL)


if __name__ == "__main__":
    main()
