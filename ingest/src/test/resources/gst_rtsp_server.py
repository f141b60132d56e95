#!/usr/bin/python3
"""Test RTSP server for ingest's integration tests: Debian's GStreamer RTSP server on 127.0.0.1.

Mounts /h264 and /h265 (640x360, 25 fps, a keyframe every 25 frames, no B-frames), and /h264-pcma and /h264-aac
(the same video with a 440 Hz tone as G.711 A-law at 8 kHz, or AAC at 16 kHz in RFC 3640 AAC-hbr), optionally
behind Basic or Digest authentication. Prints "READY <port>" once it listens; runs until killed.
Usage: gst_rtsp_server.py [--port N] [--auth none|basic|digest] [--user U] [--password P]
"""
import argparse
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402

SOURCE = "videotestsrc is-live=true pattern=ball ! video/x-raw,width=640,height=360,framerate=25/1 ! "
H264 = SOURCE + "x264enc tune=zerolatency key-int-max=25 bframes=0 speed-preset=ultrafast " \
               "! rtph264pay name=pay0 pt=96 config-interval=-1"
TONE = " audiotestsrc is-live=true wave=sine freq=440 ! audioconvert ! audioresample ! "
PIPELINES = {
    "/h264": H264,
    "/h264-pcma": H264 + TONE + "audio/x-raw,rate=8000,channels=1 ! alawenc ! rtppcmapay name=pay1 pt=8",
    "/h264-aac": H264 + TONE + "audio/x-raw,rate=16000,channels=1 ! avenc_aac ! rtpmp4gpay name=pay1 pt=97",
    "/h265": SOURCE + "x265enc tune=zerolatency key-int-max=25 speed-preset=ultrafast "
                      "! rtph265pay name=pay0 pt=96 config-interval=-1",
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--auth", choices=["none", "basic", "digest"], default="none")
    parser.add_argument("--user", default="admin")
    parser.add_argument("--password", default="secret")
    args = parser.parse_args()

    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(args.port))
    mounts = server.get_mount_points()
    for path, launch in PIPELINES.items():
        factory = GstRtspServer.RTSPMediaFactory()
        factory.set_launch("( " + launch + " )")
        factory.set_shared(True)
        if args.auth != "none":
            permissions = GstRtspServer.RTSPPermissions()
            permissions.add_permission_for_role("user", "media.factory.access", True)
            permissions.add_permission_for_role("user", "media.factory.construct", True)
            factory.set_permissions(permissions)
        mounts.add_factory(path, factory)

    if args.auth != "none":
        auth = GstRtspServer.RTSPAuth()
        token = GstRtspServer.RTSPToken()
        token.set_string("media.factory.role", "user")
        if args.auth == "basic":
            auth.set_supported_methods(GstRtsp.RTSPAuthMethod.BASIC)
            auth.add_basic(GstRtspServer.RTSPAuth.make_basic(args.user, args.password), token)
        else:
            auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
            auth.add_digest(args.user, args.password, token)
        server.set_auth(auth)

    server.attach(None)
    print("READY %d" % server.get_bound_port(), flush=True)
    GLib.MainLoop().run()


if __name__ == "__main__":
    sys.exit(main())
