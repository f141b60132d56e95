package org.sharpeye.media.net;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.concurrent.ThreadFactory;

/**
 * How a node's sockets reach the kernel: Linux's native epoll transport where its library loads (a read goes
 * straight into the buffer's memory, with no NIO selector, lock or copy per read: the cheaper path at 180 RTP
 * packets a second per camera), else Java's NIO. {@code -Dsharpeye.transport=nio} forces NIO. Channels must match
 * the event loop they are registered on, so code that is handed a loop asks {@link #of(EventLoopGroup)}.
 */
public enum NetTransport {
    NIO, EPOLL;

    private static final NetTransport PREFERRED = choose();

    private static NetTransport choose() {
        if ("nio".equalsIgnoreCase(System.getProperty("sharpeye.transport"))) {
            return NIO;
        }
        return Epoll.isAvailable() ? EPOLL : NIO;
    }

    /** The transport new event loops use: epoll where available, unless NIO was asked for. */
    public static NetTransport preferred() {
        return PREFERRED;
    }

    /** The transport of channels that can be registered on {@code group} (an epoll or NIO loop, or group). */
    public static NetTransport of(EventLoopGroup group) {
        return group instanceof IoEventLoopGroup io && Epoll.isAvailable() && io.isCompatible(EpollIoHandle.class)
                ? EPOLL : NIO;
    }

    /** The transport of {@code loop}; a shorthand for {@link #of(EventLoopGroup)}. */
    public static NetTransport of(EventLoop loop) {
        return of((EventLoopGroup) loop);
    }

    /** New event loops of this transport, their threads named {@code threadPrefix-N-M}, daemons. */
    public EventLoopGroup newGroup(int threads, String threadPrefix) {
        return newGroup(threads, new DefaultThreadFactory(threadPrefix, true));
    }

    /** New event loops of this transport, their threads made by {@code factory}. */
    public EventLoopGroup newGroup(int threads, ThreadFactory factory) {
        return new MultiThreadIoEventLoopGroup(threads, factory, ioHandlerFactory());
    }

    public IoHandlerFactory ioHandlerFactory() {
        return this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    public Class<? extends SocketChannel> socketChannel() {
        return this == EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    public Class<? extends ServerSocketChannel> serverSocketChannel() {
        return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** A new, unregistered datagram channel of this transport for addresses of {@code family}. */
    public DatagramChannel newDatagramChannel(SocketProtocolFamily family) {
        return this == EPOLL ? new EpollDatagramChannel(family) : new NioDatagramChannel(family);
    }
}
