package org.sharpeye.ingest.rtsp;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.concurrent.TimeUnit;

/**
 * One Netty NIO event loop shared by the tests of a class: started before the first, shut down after the last.
 * Register it in a {@code @RegisterExtension static final} field.
 */
public final class SharedEventLoop implements BeforeAllCallback, AfterAllCallback {

    private EventLoopGroup group;

    @Override
    public void beforeAll(ExtensionContext context) {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** The loop. */
    public EventLoop next() {
        return group.next();
    }
}
