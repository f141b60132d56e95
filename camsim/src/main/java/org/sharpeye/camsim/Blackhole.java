package org.sharpeye.camsim;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes an address look like a host that vanished from the network: a listening socket with a backlog of one that
 * never accepts, its accept queue filled by our own connections, so the kernel drops further SYNs and a client's
 * connect times out instead of being refused.
 */
final class Blackhole implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Blackhole.class);
    private static final int MAX_FILLERS = 16;
    private static final int FILL_TIMEOUT_MS = 250;

    private final ServerSocket listener;
    private final List<Socket> fillers = new ArrayList<>();

    private Blackhole(ServerSocket listener) {
        this.listener = listener;
    }

    /** Binds the address and fills the accept queue; returns once a connect has been seen to time out. */
    static Blackhole open(String host, int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        try {
            s.bind(new InetSocketAddress(InetAddress.getByName(host), port), 1);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        Blackhole b = new Blackhole(s);
        b.fill(host, port);
        return b;
    }

    private void fill(String host, int port) throws IOException {
        InetSocketAddress target = new InetSocketAddress(InetAddress.getByName(host), port);
        for (int i = 0; i < MAX_FILLERS; i++) {
            Socket filler = new Socket();
            try {
                filler.connect(target, FILL_TIMEOUT_MS);
                fillers.add(filler);
            } catch (java.net.SocketTimeoutException full) {
                filler.close();
                LOG.debug("{}:{} blackholed after {} queued connections", host, port, fillers.size());
                return;
            } catch (IOException e) {
                filler.close();
                close();
                throw e;
            }
        }
        LOG.warn("{}:{}: accept queue never filled after {} connections; connects may still succeed", host, port,
                MAX_FILLERS);
    }

    @Override
    public void close() {
        for (Socket f : fillers) {
            try {
                f.close();
            } catch (IOException ignored) {
                // closing a filler that the kernel already reset
            }
        }
        fillers.clear();
        try {
            listener.close();
        } catch (IOException ignored) {
            // nothing to do: the address is free either way
        }
    }
}
