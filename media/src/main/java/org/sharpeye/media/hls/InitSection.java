package org.sharpeye.media.hls;

import io.netty.buffer.ByteBuf;

/**
 * An fMP4 init section (the EXT-X-MAP resource, RFC 8216 4.3.2.5). The segmenter owns {@code data} (one reference),
 * released when no segment in the window needs it any more.
 */
record InitSection(String name, ByteBuf data) {
}
